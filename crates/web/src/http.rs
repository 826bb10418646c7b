//! Cross-cutting HTTP behaviour: request ids, security headers, the cross-site
//! request check, and turning errors into pages on the page routes.

use crate::error::ErrorInfo;
use crate::state::AppState;
use axum::body::Body;
use axum::extract::DefaultBodyLimit;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Router;
use rand::Rng;

/// Requests larger than this are refused with 413 (imports raise it for their route).
pub const DEFAULT_BODY_LIMIT: usize = 1024 * 1024;

/// Puts an instance's routes together with the middleware every response gets:
/// API routes answer errors as JSON, page routes as pages (or a redirect to sign
/// in); all get request ids, security headers, the cross-site check and body limits.
pub fn assemble(api: Router<AppState>, pages: Router<AppState>, state: AppState) -> Router {
    let api = api.layer(middleware::from_fn(api_errors));
    let pages = pages.layer(middleware::from_fn(page_errors));
    Router::new()
        .merge(api)
        .merge(pages)
        .layer(DefaultBodyLimit::max(DEFAULT_BODY_LIMIT))
        .layer(middleware::from_fn(same_origin_writes))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            security_headers,
        ))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            crate::local_time::viewer_scope,
        ))
        .layer(middleware::from_fn(request_id))
        .with_state(state)
}

tokio::task_local! {
    static REQUEST_ID: String;
}

/// The id of the request being handled (empty outside a request).
pub fn current_request_id() -> String {
    REQUEST_ID.try_with(|id| id.clone()).unwrap_or_default()
}

fn new_request_id() -> String {
    let n: u64 = rand::thread_rng().gen();
    format!("{n:016x}")
}

/// Gives every request an id, visible in logs, error bodies and the
/// `x-request-id` response header.
pub async fn request_id(req: Request, next: Next) -> Response {
    let id = new_request_id();
    let mut response = REQUEST_ID.scope(id.clone(), next.run(req)).await;
    if let Ok(v) = HeaderValue::from_str(&id) {
        response.headers_mut().insert("x-request-id", v);
    }
    response
}

/// Security headers on every response; private pages are never cached.
pub async fn security_headers(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let mut response = next.run(req).await;
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
             frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'",
        ),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    if !h.contains_key(header::CACHE_CONTROL) {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    if state.config().https() {
        h.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        );
    }
    response
}

/// Refuses state-changing requests that a browser marks as coming from another
/// site. Page forms also carry a per-session token (see `auth::csrf`).
pub async fn same_origin_writes(req: Request, next: Next) -> Response {
    let safe = matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if !safe && is_cross_site(&req) {
        return crate::error::forbidden("cross-site requests are not accepted").into_response();
    }
    next.run(req).await
}

fn is_cross_site(req: &Request) -> bool {
    let headers = req.headers();
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        if site == "cross-site" {
            return true;
        }
    }
    let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) else {
        return false;
    };
    if origin == "null" {
        return true;
    }
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let origin_host = origin
        .split_once("://")
        .map(|(_, rest)| rest)
        .unwrap_or(origin);
    !origin_host.eq_ignore_ascii_case(host)
}

/// On page routes, errors become pages: 401 sends the person to sign in (and
/// back afterwards), anything else renders the error page with the message.
pub async fn page_errors(req: Request, next: Next) -> Response {
    let path_and_query = req
        .uri()
        .path_and_query()
        .map(|p| p.as_str().to_string())
        .unwrap_or_default();
    let is_get = req.method() == Method::GET;
    let response = next.run(req).await;
    let Some(info) = response.extensions().get::<ErrorInfo>().cloned() else {
        return plain_rejection_as_page(response).await;
    };
    if info.status == StatusCode::UNAUTHORIZED && is_get {
        let target = format!("/login?next={}", crate::pages::url_encode(&path_and_query));
        return Redirect::to(&target).into_response();
    }
    // Form pages render their own errors inline (with the typed values kept);
    // those responses are HTML already.
    let is_html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if is_html {
        return response;
    }
    let page = crate::pages::ErrorPage::new(info.status, &info.message, &current_request_id());
    let mut html = page.into_response();
    *html.status_mut() = info.status;
    html
}

/// A refusal from outside the handlers (a form that does not parse, a path that
/// does not exist) as a page that says what is wrong, not bare text.
async fn plain_rejection_as_page(response: Response) -> Response {
    let status = response.status();
    let is_plain = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_none_or(|v| v.starts_with("text/plain"));
    if !status.is_client_error() || !is_plain || status == StatusCode::METHOD_NOT_ALLOWED {
        return response;
    }
    let text = match axum::body::to_bytes(response.into_body(), 4096).await {
        Ok(b) => String::from_utf8_lossy(&b).trim().to_string(),
        Err(_) => String::new(),
    };
    let message = if status == StatusCode::NOT_FOUND {
        "there is no page at this address".to_string()
    } else if status == StatusCode::UNPROCESSABLE_ENTITY || status == StatusCode::BAD_REQUEST {
        format!(
            "the form could not be read ({}); go back, check the fields and try again",
            text.trim_start_matches("Failed to deserialize form body: ")
        )
    } else if text.is_empty() {
        status.canonical_reason().unwrap_or("error").to_lowercase()
    } else {
        text
    };
    let page = crate::pages::ErrorPage::new(status, &message, &current_request_id());
    let mut html = page.into_response();
    *html.status_mut() = status;
    html
}

/// What an error response from outside the handlers (a path that does not parse,
/// a body that is not JSON, a missing content type) says, in the API's own error
/// shape: every API error is JSON with a code, a message and the request id.
pub async fn api_errors(req: Request, next: Next) -> Response {
    let response = next.run(req).await;
    let status = response.status();
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.starts_with("application/json") || v.starts_with("application/problem+json")
        });
    if !(status.is_client_error() || status.is_server_error()) || is_json {
        return response;
    }
    let (parts, body) = response.into_parts();
    let text = match axum::body::to_bytes(body, 4096).await {
        Ok(b) => String::from_utf8_lossy(&b).trim().to_string(),
        Err(_) => String::new(),
    };
    let code = match status.as_u16() {
        400 => "bad_request",
        401 => "unauthenticated",
        403 => "forbidden",
        404 => "not_found",
        405 => "method_not_allowed",
        413 => "too_large",
        415 => "unsupported_media_type",
        422 => "invalid",
        429 => "too_many_requests",
        s if s >= 500 => "internal",
        _ => "error",
    };
    let message = if status.is_server_error() || text.is_empty() {
        status.canonical_reason().unwrap_or("error").to_lowercase()
    } else {
        text
    };
    let body = serde_json::json!({
        "error": {"code": code, "message": message, "request_id": current_request_id()}
    });
    let mut out = (status, axum::Json(body)).into_response();
    for (name, value) in parts.headers.iter() {
        if name != header::CONTENT_TYPE && name != header::CONTENT_LENGTH {
            out.headers_mut().insert(name.clone(), value.clone());
        }
    }
    out
}

/// A response with a fixed body and long-lived caching, for the stylesheet.
pub fn static_asset(content_type: &'static str, body: &'static str) -> Response {
    Response::builder()
        .header(header::CONTENT_TYPE, content_type)
        .header(header::CACHE_CONTROL, "public, max-age=3600")
        .body(Body::from(body))
        .unwrap_or_else(|_| StatusCode::INTERNAL_SERVER_ERROR.into_response())
}
