//! Versions on shared objects in the API: `If-Match: "<version>"` on updates
//! (a stale one gets 412), `ETag` on reads.

use axum::http::header::{ETAG, IF_MATCH};
use axum::http::{HeaderMap, HeaderName};
use mentorhub_web::error::{bad_request, AppResult};

/// The version an update was based on, from `If-Match`.
pub fn if_match(headers: &HeaderMap) -> AppResult<i64> {
    let raw = headers
        .get(IF_MATCH)
        .and_then(|v| v.to_str().ok())
        .ok_or_else(|| bad_request("send If-Match: \"<version>\" with the version you read"))?;
    raw.trim()
        .trim_start_matches("W/")
        .trim_matches('"')
        .parse()
        .map_err(|_| bad_request("If-Match must be a version such as \"3\""))
}

/// The `ETag` header for a version.
pub fn etag(version: i64) -> [(HeaderName, String); 1] {
    [(ETAG, format!("\"{version}\""))]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn if_match_reads_quoted_weak_and_bare_versions() {
        for raw in ["\"3\"", "W/\"3\"", "3"] {
            let mut h = HeaderMap::new();
            h.insert(IF_MATCH, raw.parse().unwrap());
            assert_eq!(if_match(&h).unwrap(), 3);
        }
        assert!(if_match(&HeaderMap::new()).is_err());
        let mut h = HeaderMap::new();
        h.insert(IF_MATCH, "*".parse().unwrap());
        assert!(if_match(&h).is_err());
    }
}
