//! Privacy rights: each person downloads everything the product holds about
//! them, an administrator erases a person (their personal data removed or
//! anonymised everywhere, the relationships' aggregate counts kept), and the
//! audit log of sensitive reads and changes is readable by administrators.

use axum::Router;
use mentorhub_web::AppState;
use utoipa_axum::router::OpenApiRouter;

pub mod audit_log;
pub mod erasure;
pub mod export;

/// This area's pages.
pub fn router() -> Router<AppState> {
    Router::new()
        .merge(export::pages())
        .merge(erasure::pages())
        .merge(audit_log::pages())
}

/// This area's JSON API, with its OpenAPI paths.
pub fn api() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .merge(export::api())
        .merge(erasure::api())
        .merge(audit_log::api())
}

/// What this area adds to the one stylesheet.
pub const STYLES: &str = r#"
/* privacy: my data, erasure, audit log */
.held { display: grid; gap: .4rem; grid-template-columns: repeat(auto-fit, minmax(15rem, 1fr)); list-style: none; padding: 0; margin: 0 0 1.5rem; }
.held li { display: flex; justify-content: space-between; gap: .5rem; background: var(--surface); border: 1px solid var(--line); border-radius: var(--radius); padding: .5rem .8rem; }
.held .count { font-weight: 700; font-variant-numeric: tabular-nums; }
.erase-warning { margin: 1rem 0; padding: .75rem 1rem; border-left: 4px solid var(--bad); background: var(--bad-soft); border-radius: 0 6px 6px 0; }
.audit-filters { display: flex; flex-wrap: wrap; gap: .75rem; align-items: flex-end; margin-bottom: 1rem; }
.audit-filters .field { margin-bottom: 0; }
.audit-detail { color: var(--muted); font-size: .9rem; }
"#;

#[cfg(test)]
mod tests {
    #[test]
    fn every_operation_the_pages_offer_is_in_the_openapi_document() {
        let (_, doc) = super::api().split_for_parts();
        let mut ops: Vec<String> = doc
            .paths
            .paths
            .iter()
            .flat_map(|(path, item)| {
                [
                    ("GET", item.get.is_some()),
                    ("POST", item.post.is_some()),
                    ("PUT", item.put.is_some()),
                    ("PATCH", item.patch.is_some()),
                    ("DELETE", item.delete.is_some()),
                ]
                .into_iter()
                .filter(|(_, present)| *present)
                .map(move |(m, _)| format!("{m} {path}"))
                .collect::<Vec<_>>()
            })
            .collect();
        ops.sort();
        assert_eq!(
            ops,
            [
                "GET /api/v1/audit",
                "GET /api/v1/me/export",
                "GET /api/v1/people/{id}/export",
                "POST /api/v1/people/{id}/erase",
            ]
        );
    }
}
