//! Every programme of the organisation side by side: the few figures that say
//! whether a programme needs the admin's attention.

use crate::share::Share;
use mentorhub_domain::time_util::Timestamp;
use mentorhub_store::{Store, StoreResult};
use serde::Serialize;
use utoipa::ToSchema;

/// One programme's headline figures.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ProgrammeHealthSummary {
    pub programme_id: i64,
    pub name: String,
    /// `draft`, `open` or `closed`.
    pub status: String,
    pub mentees: i64,
    pub qualified_mentors: i64,
    pub places_left: i64,
    pub mentees_waiting: i64,
    pub matched: Share,
    /// Pairs meeting now (active or at reassessment).
    pub pairs_meeting: i64,
    pub cadence_kept: Share,
    pub pairs_behind: i64,
    pub dormant: Share,
    pub approaching_dormancy: i64,
    /// Check-ins answered, of all that fell due.
    pub checkins_answered: Share,
}

/// The organisation's programmes, newest first, each with its headline figures.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct HealthOverview {
    pub as_of: String,
    pub programmes: Vec<ProgrammeHealthSummary>,
}

/// The overview at `now`: a handful of aggregate queries per programme.
pub async fn health_overview(store: &Store, now: Timestamp) -> StoreResult<HealthOverview> {
    let mut programmes = Vec::new();
    for p in store.list_programmes().await? {
        let id = p.programme.id;
        let (pool, matching, (cadence, _), dormancy, checkins) = tokio::try_join!(
            store.health_mentor_pool(id),
            store.health_matching(id),
            store.health_cadence(id, now, 0),
            store.health_relationships(id, now),
            store.health_checkins(id),
        )?;
        let (due, answered) = checkins
            .iter()
            .fold((0, 0), |(d, a), c| (d + c.due, a + c.answered));
        programmes.push(ProgrammeHealthSummary {
            programme_id: id.0,
            name: p.programme.name,
            status: p.programme.status.as_str().to_string(),
            mentees: matching.mentees,
            qualified_mentors: pool.qualified_mentors,
            places_left: pool.places_left,
            mentees_waiting: pool.mentees_waiting,
            matched: Share::of_people(matching.matched, matching.mentees),
            pairs_meeting: cadence.pairs,
            cadence_kept: Share::new(
                cadence.meetings_held_within_cadence,
                cadence.meetings_expected,
                cadence.pairs * 2,
            ),
            pairs_behind: cadence.pairs_behind,
            dormant: Share::of_pairs(dormancy.dormant, dormancy.introduced),
            approaching_dormancy: dormancy.approaching,
            checkins_answered: Share::of_people(answered, due),
        });
    }
    Ok(HealthOverview {
        as_of: now.to_rfc3339(),
        programmes,
    })
}
