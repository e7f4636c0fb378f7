//! `kechuang serve`: opens the database, optionally loads the demo city, and
//! serves until SIGTERM or Ctrl-C, letting in-flight requests finish.

use super::{demo, open};
use crate::cli::ServeArgs;
use crate::settings::Settings;
use kechuang_shell::Application;

pub async fn run(args: ServeArgs, mut settings: Settings) -> anyhow::Result<()> {
    if let Some(bind) = args.bind {
        settings.web.bind = bind;
    }
    let db = open(&settings).await?;
    let demo_logins = if args.demo {
        demo::load_if_empty(&db).await?
    } else {
        None
    };
    settings.web.data_dir = Some(settings.data_dir.clone());
    let app = Application::build(settings.web.clone(), db, kechuang::CAPABILITIES).await?;
    let addr = app.local_addr();
    println!("科创已启动 / kechuang is listening on http://{addr}");
    if let Some(logins) = demo_logins {
        println!("{logins}");
    }
    tracing::info!(%addr, "listening");
    app.run_until(shutdown_signal()).await?;
    tracing::info!("stopped");
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
    tracing::info!("shutdown requested: finishing in-flight requests");
}
