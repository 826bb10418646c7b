//! Informal, self-directed mentoring: the mentee's private shortlist, the outreach
//! pipeline from first contact to an answer, and mentors' offers.

use axum::Router;
use mentorhub_web::AppState;
use utoipa_axum::router::OpenApiRouter;

mod candidate_pages;
pub mod drafts;
pub mod informal;
mod offer_api;
mod offer_pages;
pub mod offers;
pub mod shortlist;
mod shortlist_api;
mod shortlist_pages;
mod versions;

/// This area's pages.
pub fn router() -> Router<AppState> {
    Router::new()
        .merge(shortlist_pages::router())
        .merge(candidate_pages::router())
        .merge(offer_pages::router())
}

/// This area's JSON API, with its OpenAPI paths.
pub fn api() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .merge(shortlist_api::router())
        .merge(offer_api::router())
}

/// What this area adds to the one stylesheet.
pub const STYLES: &str = r#"
/* outreach: shortlist, candidate steps, offers */
.shortlist { list-style: none; padding: 0; margin: 0 0 1.5rem; display: grid; gap: .75rem; }
.shortlist-head { display: flex; gap: .75rem; align-items: flex-start; }
.shortlist-rank { flex: none; width: 2rem; height: 2rem; border-radius: 999px; background: var(--accent-soft); color: var(--accent); font-weight: 700; display: grid; place-items: center; }
.shortlist-name { font-size: 1.05rem; margin: 0; }
.shortlist-note { color: var(--muted); }
.shortlist-actions, .button-row { display: flex; flex-wrap: wrap; gap: .5rem; align-items: center; margin-top: .5rem; }
.button.small { padding: .3rem .7rem; font-size: .9rem; }
.button.danger { border-color: var(--bad); color: var(--bad); }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.search-row { display: flex; flex-wrap: wrap; gap: .5rem; align-items: flex-end; }
.search-row .field { flex: 1 1 16rem; margin-bottom: 0; }
.people { list-style: none; padding: 0; margin: 1rem 0; display: grid; gap: .5rem; }
.people li { display: flex; flex-wrap: wrap; justify-content: space-between; gap: .5rem; align-items: center; background: var(--surface); border: 1px solid var(--line); border-radius: var(--radius); padding: .6rem .9rem; }
.field-error { color: var(--bad); font-weight: 600; margin: .3rem 0 0; }
[aria-invalid="true"] { border-color: var(--bad); }
.step { margin: 1.25rem 0; }
.step h2 { margin-top: 0; }
.step textarea[readonly] { background: #fafbfc; margin-bottom: 1rem; }
fieldset.field { border: 0; padding: 0; margin: 0 0 1rem; }
fieldset.field legend { font-weight: 600; margin-bottom: .3rem; }
label.choice { font-weight: 400; display: flex; gap: .5rem; align-items: center; margin: .25rem 0; }
ul.plain { list-style: none; padding: 0; margin: 0; }
ul.plain li + li { margin-top: .4rem; }
.outreach-progress { display: grid; gap: .5rem; grid-template-columns: repeat(auto-fit, minmax(13rem, 1fr)); margin: 0; }
.outreach-progress div { background: var(--surface); border: 1px solid var(--line); border-radius: var(--radius); padding: .6rem .9rem; }
.outreach-progress dt { font-size: .8rem; text-transform: uppercase; letter-spacing: .03em; color: var(--muted); }
.outreach-progress dd { margin: .2rem 0 0; }
.prewrap { white-space: pre-wrap; }
.assurance { margin: 1rem 0; padding: .75rem 1rem; border-left: 4px solid var(--ok); background: var(--ok-soft); border-radius: 0 6px 6px 0; }
.messages { list-style: none; padding: 0; margin: 0 0 1rem; display: grid; gap: .5rem; }
.stage-contacted, .stage-conversation_held, .stage-asked, .offer-open { background: var(--accent-soft); color: var(--accent); }
.stage-accepted, .offer-accepted { background: var(--ok-soft); color: var(--ok); }
.stage-declined, .stage-ruled_out, .offer-declined, .offer-withdrawn { background: #eef0f3; color: #4a5261; }
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
                let methods = [
                    ("GET", item.get.is_some()),
                    ("POST", item.post.is_some()),
                    ("PUT", item.put.is_some()),
                    ("PATCH", item.patch.is_some()),
                    ("DELETE", item.delete.is_some()),
                ];
                methods
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
                "DELETE /api/v1/shortlist/{id}",
                "GET /api/v1/offers",
                "GET /api/v1/offers/{id}",
                "GET /api/v1/shortlist",
                "GET /api/v1/shortlist/candidates",
                "GET /api/v1/shortlist/{id}",
                "PATCH /api/v1/shortlist/{id}",
                "POST /api/v1/offers",
                "POST /api/v1/offers/{id}/acceptance",
                "POST /api/v1/offers/{id}/decline",
                "POST /api/v1/offers/{id}/messages",
                "POST /api/v1/offers/{id}/withdrawal",
                "POST /api/v1/shortlist",
                "POST /api/v1/shortlist/{id}/steps",
                "PUT /api/v1/shortlist/order",
            ]
        );
    }
}
