//! Queueing email: every notification is a row in the durable outbox, written
//! with the change that caused it. Delivery (SMTP or .eml files) is the mail
//! area's job; areas only compose and queue.

use crate::error::AppResult;
use mentorhub_domain::notification::NotificationKind;
use mentorhub_domain::time_util::Timestamp;
use mentorhub_domain::PersonId;
use mentorhub_store::NewNotification;
use mentorhub_store::Store;

/// A message to one person. `text` is plain text, paragraphs separated by blank
/// lines; the HTML part is made from it.
#[derive(Debug, Clone)]
pub struct Message {
    pub kind: NotificationKind,
    pub to: PersonId,
    pub subject: String,
    pub text: String,
    /// The same key twice is one message (e.g. `introduction:42:mentor`), so a
    /// retried request or a re-run job never sends twice.
    pub dedupe_key: String,
}

/// Queues `message`; returns false when a message with its key was queued before
/// (or the recipient was erased: nothing is sent to them any more).
pub async fn queue(store: &Store, message: &Message, now: Timestamp) -> AppResult<bool> {
    let person = store.get_person(message.to).await?;
    if mentorhub_store::privacy_queries::is_erased_email(person.email.as_str()) {
        // An erased person's address is a placeholder: nothing more is written to them.
        return Ok(false);
    }
    let greeting = format!(
        "Dear {},",
        person
            .name
            .split_whitespace()
            .next()
            .unwrap_or(&person.name)
    );
    let text = format!("{greeting}\n\n{}\n\n— Mentorhub", message.text.trim());
    let n = NewNotification {
        kind: message.kind,
        recipient_person_id: Some(person.id),
        recipient_email: person.email.as_str().to_string(),
        subject: message.subject.clone(),
        body_html: text_to_html(&text),
        body_text: text,
        dedupe_key: message.dedupe_key.clone(),
    };
    Ok(store.enqueue_notification(&n, now).await?)
}

/// Paragraphs of escaped text as a small, self-contained HTML document.
pub fn text_to_html(text: &str) -> String {
    let paragraphs: String = text
        .split("\n\n")
        .map(|p| format!("<p>{}</p>", escape(p).replace('\n', "<br>")))
        .collect();
    format!("<!doctype html><html><body style=\"font-family: system-ui, sans-serif; line-height: 1.5; color: #1d2330\">{paragraphs}</body></html>")
}

pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_part_is_escaped_paragraphs() {
        let html = text_to_html("Hi <b>\n\nSecond & last");
        assert!(html.contains("<p>Hi &lt;b&gt;</p><p>Second &amp; last</p>"));
    }
}
