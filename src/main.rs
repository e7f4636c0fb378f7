//! The `kechuang` command: runs the service and the operator's maintenance
//! tasks (migrations, accounts, backup and restore, demo data).

mod cli;
mod commands;
mod memory;
mod settings;

/// Imports and exports allocate many small strings; mimalloc handles that
/// pattern markedly faster than the system allocator.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    // Before anything opens a database: SQLite allocates through mimalloc too.
    if let Err(e) = kechuang_kernel::sqlite_memory::install() {
        eprintln!("{e}");
    }
    let matches = cli::command(kechuang::CAPABILITIES).get_matches();
    let global = match <cli::GlobalArgs as clap::FromArgMatches>::from_arg_matches(&matches) {
        Ok(g) => g,
        Err(e) => e.exit(),
    };
    let settings = match settings::Settings::load(&global) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("配置错误 / configuration error: {e:#}");
            return std::process::ExitCode::from(2);
        }
    };
    init_logging(&settings);
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("cannot start the runtime: {e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    match runtime.block_on(commands::run(matches, settings)) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("错误 / error: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

fn init_logging(settings: &settings::Settings) {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(&settings.log_level));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    if settings.log_format == "json" {
        builder.json().init();
    } else {
        builder.init();
    }
}
