//! A bare axum "hello" server: the ceiling `scripts/load.sh` measures
//! kechuang's pages against, in the same run on the same machine.
//! `cargo run --release --example hello -- 127.0.0.1:18080`

#[tokio::main]
async fn main() {
    let addr = std::env::args().nth(1).unwrap_or_else(|| "127.0.0.1:18080".to_owned());
    let app = axum::Router::new().route("/", axum::routing::get(|| async { "hello" }));
    let listener = match tokio::net::TcpListener::bind(&addr).await {
        Ok(l) => l,
        Err(e) => {
            eprintln!("cannot listen on {addr}: {e}");
            std::process::exit(1);
        }
    };
    if let Err(e) = axum::serve(listener, app).await {
        eprintln!("hello server stopped: {e}");
        std::process::exit(1);
    }
}
