//! A small SMTP server on loopback that accepts what it is sent and remembers it,
//! so tests can look at the emails that arrived. It can refuse chosen
//! recipients (4xx or 5xx) and can "hang" after receiving the n-th message
//! without acknowledging it, to stand for a sender killed mid-send.

use super::email::Email;
use std::sync::{Arc, Mutex};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;

#[derive(Default, Clone)]
pub struct SinkOptions {
    /// Recipients refused with this reply code (e.g. 450 busy, 550 unknown).
    pub refuse: Vec<(String, u16)>,
    /// The n-th message (1-based) is recorded but never acknowledged.
    pub hang_at: Option<usize>,
}

pub struct SmtpSink {
    pub url: String,
    state: Arc<State>,
    task: tokio::task::JoinHandle<()>,
}

struct State {
    options: SinkOptions,
    mail: Mutex<Vec<Email>>,
    count: watch::Sender<usize>,
}

impl SmtpSink {
    pub async fn start() -> SmtpSink {
        SmtpSink::start_with(SinkOptions::default()).await
    }

    pub async fn start_with(options: SinkOptions) -> SmtpSink {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind sink");
        let url = format!("smtp://{}", listener.local_addr().expect("sink addr"));
        let state = Arc::new(State {
            options,
            mail: Mutex::new(Vec::new()),
            count: watch::channel(0).0,
        });
        let accept_state = state.clone();
        let task = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                tokio::spawn(session(stream, accept_state.clone()));
            }
        });
        SmtpSink { url, state, task }
    }

    /// Every email that arrived, in order of arrival.
    pub fn received(&self) -> Vec<Email> {
        self.state.mail.lock().expect("sink lock").clone()
    }

    /// Emails that arrived for `address`.
    pub fn received_by(&self, address: &str) -> Vec<Email> {
        self.received()
            .into_iter()
            .filter(|m| m.envelope_to.iter().any(|t| t == address))
            .collect()
    }

    /// Waits until `n` emails have arrived (bounded, so a broken test fails
    /// instead of hanging).
    pub async fn wait_for(&self, n: usize) {
        let mut rx = self.state.count.subscribe();
        tokio::time::timeout(std::time::Duration::from_secs(30), rx.wait_for(|c| *c >= n))
            .await
            .unwrap_or_else(|_| panic!("{n} emails did not arrive in 30 s"))
            .expect("sink alive");
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn session(stream: TcpStream, state: Arc<State>) {
    let (read, mut write) = stream.into_split();
    let mut lines = BufReader::new(read);
    if !say(&mut write, "220 sink.test ESMTP ready\r\n").await {
        return;
    }
    let mut rcpt: Vec<String> = Vec::new();
    let mut line = String::new();
    loop {
        line.clear();
        if lines.read_line(&mut line).await.unwrap_or(0) == 0 {
            return;
        }
        let command = line.trim_end().to_string();
        let verb = command
            .split([' ', ':'])
            .next()
            .unwrap_or("")
            .to_ascii_uppercase();
        let answer = match verb.as_str() {
            "EHLO" => "250-sink.test\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n".to_string(),
            "HELO" | "NOOP" => "250 OK\r\n".into(),
            "MAIL" => {
                rcpt.clear();
                "250 OK\r\n".into()
            }
            "RSET" => {
                rcpt.clear();
                "250 OK\r\n".into()
            }
            "RCPT" => {
                let address = between(&command, '<', '>');
                match state.options.refuse.iter().find(|(a, _)| *a == address) {
                    Some((_, code)) => format!("{code} {address} refused\r\n"),
                    None => {
                        rcpt.push(address);
                        "250 OK\r\n".into()
                    }
                }
            }
            "DATA" => {
                if !say(&mut write, "354 go ahead\r\n").await {
                    return;
                }
                let Some(raw) = read_data(&mut lines).await else {
                    return;
                };
                let n = {
                    let mut mail = state.mail.lock().expect("sink lock");
                    mail.push(Email::parse(&raw, std::mem::take(&mut rcpt)));
                    mail.len()
                };
                state.count.send_replace(n);
                if state.options.hang_at == Some(n) {
                    // Received, never acknowledged: the sender is stuck here.
                    std::future::pending::<()>().await;
                }
                "250 queued\r\n".into()
            }
            "QUIT" => {
                let _ = say(&mut write, "221 bye\r\n").await;
                return;
            }
            _ => "502 not implemented\r\n".into(),
        };
        if !say(&mut write, &answer).await {
            return;
        }
    }
}

async fn say(write: &mut tokio::net::tcp::OwnedWriteHalf, text: &str) -> bool {
    write.write_all(text.as_bytes()).await.is_ok()
}

/// The message after DATA, up to the lone dot, with dot-stuffing undone.
async fn read_data<R: tokio::io::AsyncBufRead + Unpin>(lines: &mut R) -> Option<String> {
    let mut raw = String::new();
    let mut line = String::new();
    loop {
        line.clear();
        if lines.read_line(&mut line).await.ok()? == 0 {
            return None;
        }
        if line == ".\r\n" || line == ".\n" {
            return Some(raw);
        }
        raw.push_str(line.strip_prefix('.').unwrap_or(&line));
    }
}

fn between(s: &str, open: char, close: char) -> String {
    s.split_once(open)
        .and_then(|(_, rest)| rest.split_once(close))
        .map(|(inside, _)| inside.to_string())
        .unwrap_or_default()
}
