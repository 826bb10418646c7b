//! The relationships the demo tells the story with: for each, its programme, how
//! it started and the steps of its history, dated in days before today. A first
//! cohort of the formal programme is finishing, a second is in full swing, a few
//! proposals arrived this week, and the informal circle runs alongside.

use crate::model::{DemoAccounts, PersonIx, ProgrammeIx, HYBRID, INFORMAL};
use crate::rng::DemoRng;
use mentorhub_domain::relationship::{Origin, RelationshipEvent as E};

/// Who acts in a step, resolved once the pair is known.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Who {
    Admin,
    Mentor,
    Mentee,
    System,
}

pub(crate) struct Step {
    pub(crate) event: E,
    pub(crate) who: Who,
    pub(crate) days_ago: i64,
    pub(crate) reason: &'static str,
}

/// A relationship to make: its programme, origin, history, and optionally a
/// fixed pair (for the demo accounts).
pub(crate) struct Plan {
    pub(crate) programme: ProgrammeIx,
    pub(crate) origin: Origin,
    pub(crate) created: i64,
    pub(crate) steps: Vec<Step>,
    pub(crate) pair: (Option<PersonIx>, Option<PersonIx>),
}

impl Plan {
    fn new(programme: ProgrammeIx, origin: Origin, created: i64) -> Self {
        Plan {
            programme,
            origin,
            created,
            steps: Vec::new(),
            pair: (None, None),
        }
    }

    fn then(mut self, event: E, who: Who, days_ago: i64, reason: &'static str) -> Self {
        self.steps.push(Step {
            event,
            who,
            days_ago,
            reason,
        });
        self
    }

    fn with(mut self, mentor: Option<PersonIx>, mentee: Option<PersonIx>) -> Self {
        self.pair = (mentor, mentee);
        self
    }

    pub(crate) fn ends_open(&self) -> bool {
        !self.steps.iter().any(|s| {
            matches!(
                s.event,
                E::Complete | E::Decline | E::DeclareDormant | E::EndEarly
            )
        })
    }
}

const MATCHED: &str = "Matched in the Leadership Depth 2026 cohort and introduced to both, with what is expected: a meeting every two weeks, and the mentee sharing their goals before the second.";
const CONFIRMED: &str = "Both confirmed the agreement at the first meeting.";
const PERIOD_ENDED: &str =
    "The agreed period has ended: time to decide together whether to continue.";
const CONTINUED: &str = "Both want another period, focused on the move into management.";
const COMPLETED: &str = "Goals met; we agreed to finish here and stay in touch informally.";
const DORMANT: &str = "No meeting was logged within 90 days of the introduction. This is common and says nothing against either of you; both are free to be matched again.";
const MENTOR_DECLINED: &str = "I have taken on a large project this quarter and could not give a mentee the time they deserve. Happy to be matched in the next cohort.";
const MENTEE_DECLINED: &str = "I have been asked to cover my manager's role for six months and cannot give this the attention it needs right now.";
const MENTEE_MOVED: &str = "I moved to a new role with a very different focus, and we agreed to end here and thank each other.";
const MENTOR_MOVED: &str = "My role changed in the reorganisation and I could no longer keep the meetings we agreed. We ended on good terms.";
const NEEDS_APPROVAL: &str = "The mentor is in the mentee's management line: the programme asks the mentee's manager to approve first.";
const REQUEST_ACCEPTED: &str = "Accepted the request made through the mentor directory.";
const OUTREACH_ACCEPTED: &str = "Asked after three conversations; the mentor said yes.";
const OFFER_ACCEPTED: &str = "Accepted the mentor's offer after taking a week to think it over.";
const AT_CAPACITY: &str =
    "I am at capacity until the spring. I have suggested two colleagues who would be a great fit.";

pub(crate) fn plans(
    rng: &mut DemoRng,
    accounts: &DemoAccounts,
    approval_report: PersonIx,
    finance_director: PersonIx,
) -> Vec<Plan> {
    let mut out = Vec::new();
    let j = |rng: &mut DemoRng, n: i64| rng.range(0, n);
    // The first cohort: matched eleven months ago, nine-month agreements.
    for k in 0..14 {
        let c = 326 + j(rng, 3);
        let intro = c - 3;
        let p = Plan::new(HYBRID, Origin::Matched, c);
        let p = match k {
            0..=3 => {
                let active = intro - rng.range(6, 12);
                let falls = active - 270;
                p.then(E::Introduce, Who::Admin, intro, MATCHED)
                    .then(E::ConfirmAgreement, Who::Mentee, active, CONFIRMED)
                    .then(E::ReassessmentFalls, Who::System, falls, PERIOD_ENDED)
                    .then(
                        E::Complete,
                        Who::Mentee,
                        falls - rng.range(6, 18),
                        COMPLETED,
                    )
            }
            4 | 5 => {
                let active = intro - rng.range(6, 12);
                let falls = active - 270;
                p.then(E::Introduce, Who::Admin, intro, MATCHED)
                    .then(E::ConfirmAgreement, Who::Mentor, active, CONFIRMED)
                    .then(E::ReassessmentFalls, Who::System, falls, PERIOD_ENDED)
                    .then(E::Continue, Who::Mentee, falls - rng.range(4, 9), CONTINUED)
            }
            6..=8 => {
                // Slow to start: the agreement came six weeks after the introduction.
                let active = 276 + j(rng, 8);
                p.then(E::Introduce, Who::Admin, intro, MATCHED)
                    .then(E::ConfirmAgreement, Who::Mentee, active, CONFIRMED)
                    .then(
                        E::ReassessmentFalls,
                        Who::System,
                        active - 270,
                        PERIOD_ENDED,
                    )
            }
            9 | 10 => {
                let active = intro - rng.range(6, 12);
                let (who, why) = if k == 9 {
                    (Who::Mentee, MENTEE_MOVED)
                } else {
                    (Who::Mentor, MENTOR_MOVED)
                };
                p.then(E::Introduce, Who::Admin, intro, MATCHED)
                    .then(E::ConfirmAgreement, Who::Mentee, active, CONFIRMED)
                    .then(E::EndEarly, who, active - rng.range(100, 150), why)
            }
            11 | 12 => p.then(E::Introduce, Who::Admin, intro, MATCHED).then(
                E::DeclareDormant,
                Who::System,
                intro - 91,
                DORMANT,
            ),
            _ => p.then(E::Decline, Who::Mentor, c - 2, MENTOR_DECLINED),
        };
        out.push(p);
    }
    // The second cohort: matched four months ago.
    for k in 0..15 {
        let c = 118;
        let intro = 114;
        let p = Plan::new(HYBRID, Origin::Matched, c);
        let p = match k {
            0..=9 => {
                let active = if k == 0 { 100 } else { rng.range(95, 108) };
                let p = p.then(E::Introduce, Who::Admin, intro, MATCHED).then(
                    E::ConfirmAgreement,
                    if k % 2 == 0 { Who::Mentee } else { Who::Mentor },
                    active,
                    CONFIRMED,
                );
                match k {
                    0 => p.with(Some(accounts.mentor), Some(accounts.mentee)),
                    1 | 2 => p.with(Some(accounts.mentor), None),
                    _ => p,
                }
            }
            // Introduced, no meeting yet, and the dormancy warning is near.
            10 | 11 => Plan::new(HYBRID, Origin::Matched, 84).then(
                E::Introduce,
                Who::Admin,
                80 + k - 10,
                MATCHED,
            ),
            12 => p.then(E::Introduce, Who::Admin, intro, MATCHED).then(
                E::DeclareDormant,
                Who::System,
                intro - 90,
                DORMANT,
            ),
            13 => p
                .then(E::Introduce, Who::Admin, intro, MATCHED)
                .then(E::ConfirmAgreement, Who::Mentor, 101, CONFIRMED)
                .then(E::EndEarly, Who::Mentee, 35, MENTEE_MOVED),
            _ => p.then(E::Decline, Who::Mentee, c - 2, MENTEE_DECLINED),
        };
        out.push(p);
    }
    // This fortnight: late joiners introduced, proposals from the latest run,
    // and one pair waiting for the mentee's manager.
    for k in 0..2 {
        out.push(Plan::new(HYBRID, Origin::Matched, 16).then(
            E::Introduce,
            Who::Admin,
            12 - k,
            MATCHED,
        ));
    }
    for k in 0..3 {
        out.push(Plan::new(HYBRID, Origin::Matched, 2 + k % 2));
    }
    out.push(
        Plan::new(HYBRID, Origin::Matched, 4)
            .then(E::RequestManagerApproval, Who::System, 4, NEEDS_APPROVAL)
            .with(Some(finance_director), Some(approval_report)),
    );
    // The informal circle: six-month agreements, started by the pair themselves.
    let informal = [
        Plan::new(INFORMAL, Origin::Outreach, 150)
            .then(E::Introduce, Who::Mentee, 149, OUTREACH_ACCEPTED)
            .then(E::ConfirmAgreement, Who::Mentor, 140, CONFIRMED),
        Plan::new(INFORMAL, Origin::Offer, 60)
            .then(E::Introduce, Who::Mentee, 59, OFFER_ACCEPTED)
            .then(E::ConfirmAgreement, Who::Mentee, 50, CONFIRMED),
        Plan::new(INFORMAL, Origin::Requested, 45)
            .then(E::Introduce, Who::Mentor, 43, REQUEST_ACCEPTED)
            .then(E::ConfirmAgreement, Who::Mentee, 35, CONFIRMED),
        Plan::new(INFORMAL, Origin::Requested, 240)
            .then(E::Introduce, Who::Mentor, 239, REQUEST_ACCEPTED)
            .then(E::ConfirmAgreement, Who::Mentee, 230, CONFIRMED)
            .then(E::ReassessmentFalls, Who::System, 50, PERIOD_ENDED)
            .then(E::Complete, Who::Mentor, 44, COMPLETED),
        Plan::new(INFORMAL, Origin::Outreach, 200)
            .then(E::Introduce, Who::Mentee, 198, OUTREACH_ACCEPTED)
            .then(E::ConfirmAgreement, Who::Mentor, 190, CONFIRMED)
            .then(E::ReassessmentFalls, Who::System, 10, PERIOD_ENDED),
        Plan::new(INFORMAL, Origin::Requested, 20).then(
            E::Introduce,
            Who::Mentor,
            18,
            REQUEST_ACCEPTED,
        ),
        Plan::new(INFORMAL, Origin::Requested, 5),
        Plan::new(INFORMAL, Origin::Requested, 30).then(E::Decline, Who::Mentor, 27, AT_CAPACITY),
        Plan::new(INFORMAL, Origin::Requested, 170)
            .then(E::Introduce, Who::Mentor, 168, REQUEST_ACCEPTED)
            .then(E::ConfirmAgreement, Who::Mentee, 160, CONFIRMED)
            .then(E::EndEarly, Who::Mentor, 90, MENTOR_MOVED),
    ];
    out.extend(informal);
    out
}
