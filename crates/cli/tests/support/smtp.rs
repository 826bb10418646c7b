//! A tiny SMTP server on loopback that accepts every message and remembers
//! its Message-ID, so a test can count what arrived and how often.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};

pub struct SmtpSink {
    pub url: String,
    received: Arc<Mutex<Vec<String>>>,
    task: tokio::task::JoinHandle<()>,
}

impl SmtpSink {
    pub async fn start() -> SmtpSink {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind sink");
        let url = format!("smtp://{}", listener.local_addr().expect("sink addr"));
        let received = Arc::new(Mutex::new(Vec::new()));
        let store = received.clone();
        let task = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                tokio::spawn(session(stream, store.clone()));
            }
        });
        SmtpSink {
            url,
            received,
            task,
        }
    }

    /// Message-IDs in order of arrival (one entry per delivery).
    pub fn received(&self) -> Vec<String> {
        self.received.lock().expect("sink").clone()
    }

    pub fn count(&self) -> usize {
        self.received.lock().expect("sink").len()
    }

    /// How many times each Message-ID arrived.
    pub fn arrivals(&self) -> HashMap<String, usize> {
        let mut seen = HashMap::new();
        for id in self.received() {
            *seen.entry(id).or_insert(0) += 1;
        }
        seen
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn session(stream: TcpStream, received: Arc<Mutex<Vec<String>>>) {
    let (read, mut write) = stream.into_split();
    let mut lines = BufReader::new(read);
    if write.write_all(b"220 sink ESMTP\r\n").await.is_err() {
        return;
    }
    let mut line = String::new();
    loop {
        line.clear();
        if lines.read_line(&mut line).await.unwrap_or(0) == 0 {
            return;
        }
        let verb = line
            .split([' ', ':', '\r', '\n'])
            .next()
            .unwrap_or("")
            .to_ascii_uppercase();
        let answer: &[u8] = match verb.as_str() {
            "EHLO" => b"250-sink\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n",
            "DATA" => {
                if write.write_all(b"354 go ahead\r\n").await.is_err() {
                    return;
                }
                let mut id = String::new();
                let mut l = String::new();
                loop {
                    l.clear();
                    if lines.read_line(&mut l).await.unwrap_or(0) == 0 {
                        return; // cut off mid-message: not received
                    }
                    if l == ".\r\n" || l == ".\n" {
                        break;
                    }
                    if id.is_empty() && l.to_ascii_lowercase().starts_with("message-id:") {
                        id = l["message-id:".len()..].trim().to_string();
                    }
                }
                received.lock().expect("sink").push(id);
                b"250 queued\r\n"
            }
            "QUIT" => {
                let _ = write.write_all(b"221 bye\r\n").await;
                return;
            }
            _ => b"250 OK\r\n",
        };
        if write.write_all(answer).await.is_err() {
            return;
        }
    }
}
