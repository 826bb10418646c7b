//! Meetings as calendar invites (RFC 5545): CRLF line endings, lines folded at
//! 75 octets, text escaped, times in UTC. The description carries the agenda and
//! the question to prepare — never anybody's notes.

use mentorhub_domain::time_util::Timestamp;
use time::macros::format_description;

/// A person on the invite.
pub struct Attendee<'a> {
    pub name: &'a str,
    pub email: &'a str,
}

/// One meeting as an invite.
pub struct Invite<'a> {
    /// Stable across downloads, so a calendar updates the event instead of adding one.
    pub uid: String,
    pub stamp: Timestamp,
    pub start: Timestamp,
    pub end: Timestamp,
    pub summary: &'a str,
    pub description: &'a str,
    pub location: &'a str,
    pub organizer: Attendee<'a>,
    pub attendees: Vec<Attendee<'a>>,
    /// Bumped on every change (the meeting's version − 1).
    pub sequence: i64,
    pub cancelled: bool,
}

/// The calendar file for `invite`.
pub fn calendar(invite: &Invite) -> String {
    let mut lines = vec![
        "BEGIN:VCALENDAR".to_string(),
        "VERSION:2.0".into(),
        "PRODID:-//Mentorhub//Mentoring meetings//EN".into(),
        "CALSCALE:GREGORIAN".into(),
        format!(
            "METHOD:{}",
            if invite.cancelled {
                "CANCEL"
            } else {
                "REQUEST"
            }
        ),
        "BEGIN:VEVENT".into(),
        format!("UID:{}", escape_text(&invite.uid)),
        format!("DTSTAMP:{}", utc(invite.stamp)),
        format!("DTSTART:{}", utc(invite.start)),
        format!("DTEND:{}", utc(invite.end)),
        format!("SEQUENCE:{}", invite.sequence.max(0)),
        format!(
            "STATUS:{}",
            if invite.cancelled {
                "CANCELLED"
            } else {
                "CONFIRMED"
            }
        ),
        format!("SUMMARY:{}", escape_text(invite.summary)),
        format!("DESCRIPTION:{}", escape_text(invite.description)),
    ];
    if !invite.location.is_empty() {
        lines.push(format!("LOCATION:{}", escape_text(invite.location)));
    }
    lines.push(format!(
        "ORGANIZER;CN={}:mailto:{}",
        param(invite.organizer.name),
        invite.organizer.email
    ));
    for a in &invite.attendees {
        lines.push(format!(
            "ATTENDEE;CN={};ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:{}",
            param(a.name),
            a.email
        ));
    }
    lines.push("END:VEVENT".into());
    lines.push("END:VCALENDAR".into());
    lines.iter().map(|l| fold(l)).collect()
}

/// `20261130T140000Z`.
fn utc(t: Timestamp) -> String {
    let fmt = format_description!("[year][month][day]T[hour][minute][second]Z");
    t.to_datetime().format(fmt).unwrap_or_default()
}

/// TEXT values: backslash, semicolon, comma and newlines escaped (RFC 5545 §3.3.11).
pub fn escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push_str("\\n");
            }
            '\n' => out.push_str("\\n"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// A parameter value: quoted, without the characters a quoted value cannot hold.
fn param(s: &str) -> String {
    let clean: String = s.chars().filter(|c| *c != '"' && !c.is_control()).collect();
    format!("\"{clean}\"")
}

/// One content line, folded so no line exceeds 75 octets (never inside a
/// UTF-8 character), each ended with CRLF.
pub fn fold(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + line.len() / 70 * 3 + 2);
    let mut width = 0;
    for c in line.chars() {
        let n = c.len_utf8();
        if width + n > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += n;
    }
    out.push_str("\r\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped() {
        assert_eq!(
            escape_text("Goals; plans, and \\ more\r\nnext"),
            "Goals\\; plans\\, and \\\\ more\\nnext"
        );
    }

    #[test]
    fn long_lines_fold_at_75_octets_without_splitting_characters() {
        let line = format!("DESCRIPTION:{}", "é".repeat(100));
        let folded = fold(&line);
        for physical in folded.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(physical.len() <= 75, "{} octets", physical.len());
        }
        let unfolded = folded.replace("\r\n ", "");
        assert_eq!(unfolded.trim_end_matches("\r\n"), line);
    }

    #[test]
    fn times_are_utc() {
        let t = Timestamp::parse_rfc3339("2026-11-30T14:05:00Z").unwrap();
        assert_eq!(utc(t), "20261130T140500Z");
    }
}
