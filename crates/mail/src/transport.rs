//! Where a message goes: an SMTP server when one is configured, otherwise an
//! RFC 5322 `.eml` file in the outbox folder, so nothing is lost and a person
//! can open it.

use crate::config::MailConfig;
use lettre::message::header::{HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::extension::ClientId;
use lettre::transport::smtp::AsyncSmtpTransportBuilder;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use mentorhub_domain::time_util::Timestamp;
use mentorhub_store::OutboxMessage;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, UNIX_EPOCH};

/// Why a message did not go out, and whether trying again can help.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SendError {
    pub reason: String,
    pub kind: FailureKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailureKind {
    /// This message can never go (bad address, refused for good): give up now.
    Permanent,
    /// This message was refused for now (an SMTP 4xx): retry it later.
    Message,
    /// The server or folder is unreachable: retry, and stop sending for this
    /// round, since the next message would fail the same way.
    Transport,
}

impl SendError {
    fn new(kind: FailureKind, reason: impl std::fmt::Display) -> Self {
        SendError {
            reason: reason.to_string(),
            kind,
        }
    }
}

pub enum Transport {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    Files(PathBuf),
}

impl Transport {
    /// SMTP when `config.smtp_url` is set, else files. A URL or sender that
    /// cannot be used is an error at start-up, not a silent fallback to files.
    /// Call it inside the Tokio runtime (the SMTP connection pool runs on it).
    pub fn from_config(config: &MailConfig) -> anyhow::Result<Transport> {
        if let Err(e) = config.from.parse::<Mailbox>() {
            anyhow::bail!("the sender address {:?} is not valid: {e}", config.from);
        }
        match &config.smtp_url {
            Some(url) => {
                let smtp = smtp_builder(url)?
                    .hello_name(ClientId::Domain(config.domain().to_string()))
                    .timeout(Some(config.smtp_timeout))
                    .build();
                Ok(Transport::Smtp(smtp))
            }
            None => Ok(Transport::Files(config.outbox_dir.clone())),
        }
    }

    /// What the logs say about where email goes.
    pub fn describe(&self) -> String {
        match self {
            Transport::Smtp(_) => "SMTP".into(),
            Transport::Files(dir) => format!(".eml files in {}", dir.display()),
        }
    }

    /// Sends one message. Sending the same message again to the file transport
    /// changes nothing (one file per message id).
    pub async fn send(
        &self,
        message: &OutboxMessage,
        config: &MailConfig,
        now: Timestamp,
    ) -> Result<(), SendError> {
        let email = compose(message, config, now)?;
        match self {
            Transport::Smtp(smtp) => smtp.send(email).await.map(|_| ()).map_err(|e| {
                let kind = if e.is_permanent() {
                    FailureKind::Permanent
                } else if e.is_transient() {
                    FailureKind::Message
                } else {
                    FailureKind::Transport
                };
                SendError::new(kind, e)
            }),
            Transport::Files(dir) => {
                let dir = dir.clone();
                let name = eml_file_name(message);
                let bytes = email.formatted();
                tokio::task::spawn_blocking(move || write_atomically(&dir, &name, &bytes))
                    .await
                    .map_err(|e| SendError::new(FailureKind::Transport, e))?
                    .map_err(|e| SendError::new(FailureKind::Transport, e))
            }
        }
    }
}

/// `smtp://[user[:password]@]host[:port]` (port 25 by default). Encrypted
/// connections (`smtps://`, STARTTLS) are not built in: point Mentorhub at a
/// local relay that holds the TLS settings of the outside server.
fn smtp_builder(raw: &str) -> anyhow::Result<AsyncSmtpTransportBuilder> {
    let shown = mentorhub_store::redact_url(raw);
    let url = url::Url::parse(raw.trim())
        .map_err(|e| anyhow::anyhow!("the SMTP URL {shown} is not a URL: {e}"))?;
    if url.scheme() != "smtp" {
        anyhow::bail!(
            "the SMTP URL {shown} uses {:?}: only smtp://host:port is supported; for TLS, relay through a local server",
            url.scheme()
        );
    }
    let host = url
        .host_str()
        .filter(|h| !h.is_empty())
        .ok_or_else(|| anyhow::anyhow!("the SMTP URL {shown} names no host"))?;
    let mut builder = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host)
        .port(url.port().unwrap_or(25));
    if !url.username().is_empty() {
        let decode = |s: &str| {
            percent_encoding::percent_decode_str(s)
                .decode_utf8()
                .map(|s| s.into_owned())
                .map_err(|_| anyhow::anyhow!("the SMTP URL {shown} has badly escaped credentials"))
        };
        let user = decode(url.username())?;
        let password = decode(url.password().unwrap_or(""))?;
        builder = builder.credentials(Credentials::new(user, password));
    }
    Ok(builder)
}

/// The RFC 5322 message: plain text with its HTML alternative, a Message-ID
/// derived from the outbox row (so a duplicate is recognisable as one) and
/// `Auto-Submitted` (RFC 3834) so that auto-responders stay quiet.
pub fn compose(
    message: &OutboxMessage,
    config: &MailConfig,
    now: Timestamp,
) -> Result<Message, SendError> {
    let from: Mailbox = config.from.parse().map_err(|e| {
        SendError::new(
            FailureKind::Transport,
            format!("the sender address {:?} is not valid: {e}", config.from),
        )
    })?;
    let to: Mailbox = message.recipient_email.parse().map_err(|e| {
        SendError::new(
            FailureKind::Permanent,
            format!(
                "the recipient address {:?} is not valid: {e}",
                message.recipient_email
            ),
        )
    })?;
    let sent_at = UNIX_EPOCH + Duration::from_millis(now.0.max(0) as u64);
    Message::builder()
        .from(from)
        .to(to)
        .subject(message.subject.clone())
        .date(sent_at)
        .message_id(Some(message_id(message, config)))
        .raw_header(HeaderValue::new(
            HeaderName::new_from_ascii_str("Auto-Submitted"),
            "auto-generated".into(),
        ))
        .multipart(MultiPart::alternative_plain_html(
            message.body_text.clone(),
            message.body_html.clone(),
        ))
        .map_err(|e| SendError::new(FailureKind::Permanent, e))
}

/// `<mentorhub.ID.CREATED@domain>`: the row id with its creation instant, so
/// messages of two installations (or a database restored from backup) differ.
pub fn message_id(message: &OutboxMessage, config: &MailConfig) -> String {
    format!(
        "<mentorhub.{}.{}@{}>",
        message.id.0,
        message.created_at.0,
        config.domain()
    )
}

/// `20261123T120000Z-42-checkin_due.eml`: sorts by when the message was queued,
/// and is the same name however often the message is written.
pub fn eml_file_name(message: &OutboxMessage) -> String {
    let at = message.created_at.to_datetime();
    format!(
        "{:04}{:02}{:02}T{:02}{:02}{:02}Z-{}-{}.eml",
        at.year(),
        u8::from(at.month()),
        at.day(),
        at.hour(),
        at.minute(),
        at.second(),
        message.id.0,
        message.kind.as_str()
    )
}

/// Writes `bytes` to `dir/name` so that a reader sees the whole file or none:
/// a temporary file, synced, then renamed over. A file already there is the
/// same message written before: nothing to do.
fn write_atomically(dir: &Path, name: &str, bytes: &[u8]) -> std::io::Result<()> {
    let path = dir.join(name);
    if path.exists() {
        return Ok(());
    }
    std::fs::create_dir_all(dir)?;
    let tmp = dir.join(format!(
        ".{name}.{}.{:?}.tmp",
        std::process::id(),
        std::thread::current().id()
    ));
    let mut file = std::fs::File::create(&tmp)?;
    file.write_all(bytes)?;
    file.sync_all()?;
    drop(file);
    std::fs::rename(&tmp, &path)?;
    // The rename is durable once the directory is.
    std::fs::File::open(dir)?.sync_all()
}
