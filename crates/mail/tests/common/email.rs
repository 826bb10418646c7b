//! Reading an RFC 5322 message the way a mail client shows it: the decoded
//! subject, the recipient, the Message-ID and the plain-text part.

use base64::Engine;

#[derive(Debug, Clone)]
pub struct Email {
    /// RCPT TO addresses (empty for a file).
    pub envelope_to: Vec<String>,
    pub from: String,
    pub to: String,
    pub subject: String,
    pub message_id: String,
    pub content_type: String,
    /// The text/plain part, decoded.
    pub text: String,
    /// The text/html part, decoded.
    pub html: String,
    pub raw: String,
}

impl Email {
    pub fn parse(raw: &str, envelope_to: Vec<String>) -> Email {
        let raw = raw.replace("\r\n", "\n");
        let (head, body) = raw.split_once("\n\n").unwrap_or((&raw, ""));
        let headers = unfold(head);
        let get = |name: &str| header(&headers, name).unwrap_or_default();
        let content_type = get("Content-Type");
        let (mut text, mut html) = (String::new(), String::new());
        if let Some(boundary) = param(&content_type, "boundary") {
            for part in body.split(&format!("--{boundary}")).skip(1) {
                let part = part.trim_start_matches('\n');
                let (part_head, part_body) = part.split_once("\n\n").unwrap_or((part, ""));
                let part_headers = unfold(part_head);
                let kind = header(&part_headers, "Content-Type").unwrap_or_default();
                let cte = header(&part_headers, "Content-Transfer-Encoding").unwrap_or_default();
                let decoded = decode_body(part_body.trim_end_matches('\n'), &cte);
                if kind.starts_with("text/plain") {
                    text = decoded;
                } else if kind.starts_with("text/html") {
                    html = decoded;
                }
            }
        }
        Email {
            envelope_to,
            from: decode_words(&get("From")),
            to: decode_words(&get("To")),
            subject: decode_words(&get("Subject")),
            message_id: get("Message-ID"),
            content_type,
            text,
            html,
            raw,
        }
    }
}

fn unfold(head: &str) -> Vec<(String, String)> {
    let mut headers: Vec<(String, String)> = Vec::new();
    for line in head.lines() {
        if line.starts_with([' ', '\t']) {
            if let Some(last) = headers.last_mut() {
                last.1.push_str(line);
            }
        } else if let Some((name, value)) = line.split_once(':') {
            headers.push((name.trim().to_string(), value.trim().to_string()));
        }
    }
    headers
}

fn header(headers: &[(String, String)], name: &str) -> Option<String> {
    headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.clone())
}

fn param(value: &str, name: &str) -> Option<String> {
    value.split(';').find_map(|p| {
        let (k, v) = p.trim().split_once('=')?;
        k.eq_ignore_ascii_case(name)
            .then(|| v.trim_matches('"').to_string())
    })
}

fn decode_body(body: &str, cte: &str) -> String {
    match cte.to_ascii_lowercase().as_str() {
        "base64" => {
            let compact: String = body.split_whitespace().collect();
            let bytes = base64::engine::general_purpose::STANDARD
                .decode(compact)
                .expect("base64 body");
            String::from_utf8(bytes).expect("utf-8 body")
        }
        "quoted-printable" => String::from_utf8(quoted_printable(&body.replace("=\n", ""), false))
            .expect("utf-8 body"),
        _ => body.to_string(),
    }
}

fn quoted_printable(s: &str, underscore_is_space: bool) -> Vec<u8> {
    let bytes = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'=' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).expect("hex");
                out.push(u8::from_str_radix(hex, 16).expect("qp escape"));
                i += 3;
            }
            b'_' if underscore_is_space => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    out
}

/// RFC 2047 encoded words (`=?utf-8?b?…?=`), adjacent ones joined.
fn decode_words(value: &str) -> String {
    let mut out = String::new();
    let mut rest = value;
    let mut last_was_word = false;
    while let Some(start) = rest.find("=?") {
        let before = &rest[..start];
        if !(last_was_word && before.trim().is_empty()) {
            out.push_str(before);
        }
        let word = &rest[start + 2..];
        let mut fields = word.splitn(3, '?');
        let (_charset, encoding, tail) = (
            fields.next().unwrap_or(""),
            fields.next().unwrap_or(""),
            fields.next().unwrap_or(""),
        );
        let Some(end) = tail.find("?=") else {
            out.push_str(&rest[start..]);
            return out;
        };
        let data = &tail[..end];
        let bytes = if encoding.eq_ignore_ascii_case("b") {
            base64::engine::general_purpose::STANDARD
                .decode(data)
                .expect("base64 word")
        } else {
            quoted_printable(data, true)
        };
        out.push_str(&String::from_utf8(bytes).expect("utf-8 word"));
        rest = &tail[end + 2..];
        last_was_word = true;
    }
    out.push_str(rest);
    out
}
