//! OpenAPI-driven negative testing: schemathesis (from PyPI, installed by
//! `.ci/run`) reads the service's own OpenAPI document and sends generated
//! requests — valid, boundary and malformed — to every API operation of a
//! running instance on each backend, as a bureau administrator, and fails
//! on any server error. Bounded: a fixed seed and a few examples per
//! operation, so the run is reproducible and takes about a minute.

use crate::common::{Fixtures, TestApp};
use kechuang_kernel::role::Role;
use std::process::Command;

kechuang_kernel::both_backends!(crate::common::app =>
    generated_requests_never_get_a_server_error,
);

/// Examples per operation and phase.
const EXAMPLES: &str = "8";

async fn generated_requests_never_get_a_server_error(app: TestApp) {
    app.plan_fixture().await;
    app.registry_fixture().await;
    let admin = app.user("fuzzer", Role::BureauAdmin, app.regions.city).await;
    let token = app.token(&admin).await;
    let schema = app.url("/api/v1/openapi.json");
    let base = app.url("");
    let report = tempfile::tempdir().unwrap();
    let junit = report.path().join("junit.xml");
    let junit_arg = junit.to_str().unwrap().to_owned();
    let workdir = report.path().to_owned();
    let out = tokio::task::spawn_blocking(move || {
        Command::new("st")
            .args([
                "--no-color",
                "run",
                &schema,
                "--url",
                base.trim_end_matches('/'),
                "--checks",
                "not_a_server_error",
                "--phases",
                "examples,coverage,fuzzing",
                "--max-examples",
                EXAMPLES,
                "--seed",
                "20261207",
                "--workers",
                "1",
                "--request-timeout",
                "20",
                "--header",
                &format!("Authorization: Bearer {token}"),
                "--report",
                "junit",
                "--report-junit-path",
                &junit_arg,
            ])
            .env("SCHEMATHESIS_TELEMETRY", "false")
            // its example cache stays out of the working tree
            .current_dir(&workdir)
            .output()
    })
    .await
    .unwrap()
    .unwrap_or_else(|e| {
        panic!("schemathesis (`st`) cannot run: {e}. Install it with `pip install schemathesis` (.ci/run does)")
    });
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "schemathesis found server errors or could not run:\n{stdout}\n{stderr}"
    );
    assert!(stdout.contains("passed") || stdout.contains("Passed"), "{stdout}");
}
