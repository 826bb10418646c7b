//! The page frame every area shares. Each page is an askama template struct that
//! `{% extends "base.html" %}` and has a `layout: Layout` field; `render` turns it
//! into a response. Pages work with plain HTML forms and no JavaScript.

use crate::auth::CurrentUser;
use crate::error::AppError;
use askama::Template;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use mentorhub_domain::account::Role;
use mentorhub_domain::time_util::Timestamp;

/// The base stylesheet; areas append their own (see `mentorhub-server`).
pub const STYLESHEET: &str = include_str!("../static/style.css");

/// Renders a template as an HTML response.
pub fn render<T: Template>(page: &T) -> Response {
    match page.render() {
        Ok(html) => ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], html).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "template failed to render");
            (StatusCode::INTERNAL_SERVER_ERROR, "something went wrong").into_response()
        }
    }
}

/// What the shared page frame needs: the title, who is signed in, and which
/// navigation entry is current.
pub struct Layout {
    pub title: String,
    pub user: Option<NavUser>,
    pub current: &'static str,
    pub nav: Vec<NavItem>,
    /// The zone the page's times are in (the viewer's), e.g. `Europe/London`.
    pub time_zone: &'static str,
}

/// One entry of the main navigation.
pub struct NavItem {
    pub href: &'static str,
    pub label: &'static str,
    pub current: bool,
}

/// Who sees a navigation entry.
#[derive(Clone, Copy)]
enum Audience {
    Everyone,
    Admin,
    Manager,
    Mentor,
    Mentee,
    Participant,
}

/// The main navigation: (key, href, label, who sees it). Each area adds its
/// entries here when its pages exist. The key is what a page passes as `current`.
const NAV: &[(&str, &str, &str, Audience)] = &[
    ("home", "/", "Home", Audience::Everyone),
    (
        "programmes",
        "/programmes",
        "Programmes",
        Audience::Everyone,
    ),
    (
        "relationships",
        "/relationships",
        "Relationships",
        Audience::Participant,
    ),
    // Anyone signed in may look for a mentor informally or be offered one.
    ("shortlist", "/shortlist", "Shortlist", Audience::Everyone),
    ("offers", "/offers", "Offers", Audience::Everyone),
    (
        "find-a-mentor",
        "/find-a-mentor",
        "Find a mentor",
        Audience::Mentee,
    ),
    (
        "mentee-requests",
        "/mentoring/requests",
        "Mentee requests",
        Audience::Mentor,
    ),
    ("team", "/team", "Team", Audience::Manager),
    ("people", "/people", "People", Audience::Admin),
    ("resources", "/resources", "Resources", Audience::Everyone),
    ("health", "/health", "Health", Audience::Admin),
    ("outbox", "/admin/outbox", "Outbox", Audience::Admin),
    ("audit", "/admin/audit", "Audit log", Audience::Admin),
    ("my-data", "/me/data", "My data", Audience::Everyone),
];

fn visible(audience: Audience, u: &CurrentUser) -> bool {
    match audience {
        Audience::Everyone => true,
        Audience::Admin => u.is_admin,
        Audience::Manager => u.has(Role::Manager),
        Audience::Mentor => u.has(Role::Mentor),
        Audience::Mentee => u.has(Role::Mentee),
        Audience::Participant => u.has(Role::Mentor) || u.has(Role::Mentee),
    }
}

pub struct NavUser {
    pub name: String,
    pub roles: Vec<&'static str>,
    pub is_admin: bool,
    pub is_manager: bool,
    pub is_mentor: bool,
    pub is_mentee: bool,
    pub csrf_token: String,
}

impl Layout {
    pub fn new(
        title: impl Into<String>,
        user: Option<&CurrentUser>,
        current: &'static str,
    ) -> Self {
        Layout {
            title: title.into(),
            user: user.map(|u| NavUser {
                name: u.name.clone(),
                roles: u.roles.iter().map(|r| role_label(*r)).collect(),
                is_admin: u.is_admin,
                is_manager: u.has(Role::Manager),
                is_mentor: u.has(Role::Mentor),
                is_mentee: u.has(Role::Mentee),
                csrf_token: u.csrf_token.clone(),
            }),
            current,
            nav: user
                .map(|u| {
                    NAV.iter()
                        .filter(|(_, _, _, who)| visible(*who, u))
                        .map(|(key, href, label, _)| NavItem {
                            href,
                            label,
                            current: *key == current,
                        })
                        .collect()
                })
                .unwrap_or_default(),
            time_zone: crate::local_time::viewer().zone.name(),
        }
    }
}

impl Layout {
    /// The CSRF token page forms carry (empty when nobody is signed in).
    pub fn csrf(&self) -> &str {
        self.user
            .as_ref()
            .map(|u| u.csrf_token.as_str())
            .unwrap_or("")
    }
}

pub fn role_label(role: Role) -> &'static str {
    match role {
        Role::Admin => "Admin",
        Role::Manager => "Manager",
        Role::Mentor => "Mentor",
        Role::Mentee => "Mentee",
    }
}

#[derive(Template)]
#[template(path = "error.html")]
pub struct ErrorPage {
    pub layout: Layout,
    pub status: u16,
    pub heading: String,
    pub message: String,
    pub request_id: String,
}

impl ErrorPage {
    pub fn new(status: StatusCode, message: &str, request_id: &str) -> Self {
        let heading = match status {
            StatusCode::NOT_FOUND => "Not found",
            StatusCode::FORBIDDEN => "Not yours to see",
            StatusCode::PRECONDITION_FAILED => "Changed by someone else",
            StatusCode::TOO_MANY_REQUESTS => "Too many attempts",
            s if s.is_server_error() => "Something went wrong",
            _ => "That did not work",
        };
        ErrorPage {
            layout: Layout::new(heading, None, ""),
            status: status.as_u16(),
            heading: heading.to_string(),
            message: message.to_string(),
            request_id: request_id.to_string(),
        }
    }
}

impl IntoResponse for ErrorPage {
    fn into_response(self) -> Response {
        render(&self)
    }
}

/// Checks the per-session token a page form carries (hidden field `csrf`).
pub fn check_csrf(user: &CurrentUser, submitted: &str) -> Result<(), AppError> {
    if !submitted.is_empty() && constant_time_eq(submitted.as_bytes(), user.csrf_token.as_bytes()) {
        Ok(())
    } else {
        Err(crate::error::forbidden(
            "this form has expired; reload the page and try again",
        ))
    }
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Percent-encodes a string for use in a query parameter.
pub fn url_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// A date as the viewer reads it (their zone and date style), e.g. "23 Nov 2026".
pub fn format_date(t: Timestamp) -> String {
    crate::local_time::viewer().date(t)
}

/// A date and time as the viewer reads it, with the zone's abbreviation, e.g.
/// "23 Nov 2026, 14:30 GMT" or "Nov 23, 2026, 9:30 AM EST".
pub fn format_datetime(t: Timestamp) -> String {
    crate::local_time::viewer().datetime(t)
}

/// Only local paths are followed after sign-in, never another site.
pub fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n) if n.starts_with('/') && !n.starts_with("//") && !n.contains('\\') => n.to_string(),
        _ => "/".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_is_local_only() {
        assert_eq!(safe_next(Some("/relationships/3")), "/relationships/3");
        assert_eq!(safe_next(Some("//evil.example")), "/");
        assert_eq!(safe_next(Some("https://evil.example")), "/");
        assert_eq!(safe_next(None), "/");
    }

    #[test]
    fn url_encoding_keeps_paths_readable() {
        assert_eq!(url_encode("/a b?x=1&y"), "/a%20b%3Fx%3D1%26y");
    }

    #[test]
    fn dates_read_naturally() {
        assert_eq!(
            format_date(Timestamp::parse_rfc3339("2026-11-03T10:00:00Z").unwrap()),
            "3 Nov 2026"
        );
    }
}
