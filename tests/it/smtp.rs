//! A mail server for tests: speaks just enough SMTP to take messages, keeps
//! them (envelope recipients and the decoded text), and refuses recipients
//! at `refused.example.com` the way a real server refuses an unknown mailbox.

use std::sync::{Arc, Mutex};

use base64::Engine;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

/// A message as received: envelope recipients, raw headers, decoded body.
#[derive(Debug, Clone)]
pub struct Received {
    pub to: Vec<String>,
    pub headers: String,
    pub body: String,
}

#[derive(Clone)]
pub struct Sink {
    pub port: u16,
    pub messages: Arc<Mutex<Vec<Received>>>,
}

impl Sink {
    pub fn received(&self) -> Vec<Received> {
        self.messages.lock().unwrap().clone()
    }
}

fn decode(data: &str) -> Received {
    let (headers, body) = data.split_once("\r\n\r\n").unwrap_or((data, ""));
    let base64 = headers
        .to_ascii_lowercase()
        .contains("content-transfer-encoding: base64");
    let body = if base64 {
        let joined: String = body.split_whitespace().collect();
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(joined)
            .unwrap_or_default();
        String::from_utf8_lossy(&bytes).into_owned()
    } else {
        body.to_owned()
    };
    Received {
        to: Vec::new(),
        headers: headers.to_owned(),
        body,
    }
}

/// Starts a sink on a free port.
pub async fn sink() -> Sink {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let messages = Arc::new(Mutex::new(Vec::new()));
    let kept = messages.clone();
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let kept = kept.clone();
            tokio::spawn(async move {
                let (read, mut write) = stream.into_split();
                let mut lines = BufReader::new(read);
                let _ = write.write_all(b"220 sink ESMTP\r\n").await;
                let mut to = Vec::new();
                let mut line = String::new();
                loop {
                    line.clear();
                    if lines.read_line(&mut line).await.unwrap_or(0) == 0 {
                        break;
                    }
                    let upper = line.to_ascii_uppercase();
                    let reply: &[u8] = if upper.starts_with("EHLO") || upper.starts_with("HELO") {
                        b"250-sink\r\n250 8BITMIME\r\n"
                    } else if upper.starts_with("RCPT TO:") {
                        if line.contains("@refused.example.com") {
                            b"550 5.1.1 no such mailbox\r\n"
                        } else {
                            let addr = line[8..].trim().trim_matches(['<', '>']).to_owned();
                            to.push(addr);
                            b"250 OK\r\n"
                        }
                    } else if upper.starts_with("DATA") {
                        let _ = write.write_all(b"354 go ahead\r\n").await;
                        let mut data = String::new();
                        loop {
                            line.clear();
                            if lines.read_line(&mut line).await.unwrap_or(0) == 0 || line == ".\r\n" {
                                break;
                            }
                            data.push_str(&line);
                        }
                        let mut m = decode(&data);
                        m.to = std::mem::take(&mut to);
                        kept.lock().unwrap().push(m);
                        b"250 OK queued\r\n"
                    } else if upper.starts_with("QUIT") {
                        let _ = write.write_all(b"221 bye\r\n").await;
                        break;
                    } else {
                        b"250 OK\r\n"
                    };
                    if write.write_all(reply).await.is_err() {
                        break;
                    }
                }
            });
        }
    });
    Sink { port, messages }
}
