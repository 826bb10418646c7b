//! Mentorhub's matching engine (SPEC §6): compatibility scoring, the
//! lexicographically optimal assignment of mentees to mentors with its
//! optimality certificate, a stable alternative, explanations, and
//! recommendations. No I/O: instances come in as bytes, results go out as
//! values.
//!
//! ```
//! use mentorhub_matching::{Instance, SolveOptions, solve};
//! let inst = Instance::from_json(br#"{
//!   "mentors": [{"id": "m1", "capacity": 1}],
//!   "mentees": [{"id": "e1"}, {"id": "e2"}],
//!   "preferences": [{"mentee": "e2", "mentor": "m1", "rank": 1}],
//!   "score_matrix": [[90], [10]]
//! }"#).unwrap();
//! let result = solve(&inst, &SolveOptions::default()).result;
//! assert_eq!(result.pairs[0].mentee, "e2"); // first choices before score
//! assert!(result.certificate.unwrap().verified);
//! ```

mod certificate;
mod compat;
mod cpu;
mod criteria;
mod eligibility;
mod error;
mod explain;
mod instance;
mod recommend;
mod score;
mod score_matrix;
mod solver;
mod stable;
mod text;
mod tiers;

pub use certificate::{verify_certificate, Certificate};
pub use criteria::{Criterion, FunctionRule, ManagementLine, Rules, StylePreference, Weights};
pub use eligibility::{blocker, Blocker};
pub use error::InputError;
pub use explain::{
    CertificateReport, Explanation, MatchResult, MatchedPair, Objective, ObjectiveValue,
    SolverReport, UnmatchedMentee,
};
pub use instance::{Instance, Mentee, Mentor, Rank};
pub use recommend::{recommend, Recommendation, Recommender};
pub use score::career_gap_fit;
pub use tiers::Tiers;

use compat::Compat;
use solver::{Candidates, Free, SearchOptions};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SolveOptions {
    pub objective: Objective,
    /// Candidate mentors kept per mentee before pricing (optimal mode); 0
    /// (the default) chooses: 48, or one per 312 mentors when that is more
    /// (64 of 20,000). Any value gives the same optimum; only speed differs.
    pub candidates: usize,
    /// Check the optimality certificate against every pair (optimal mode).
    pub verify: bool,
}

impl Default for SolveOptions {
    fn default() -> Self {
        SolveOptions {
            objective: Objective::Optimal,
            candidates: SearchOptions::default().candidates,
            verify: true,
        }
    }
}

/// A solved instance: the result to show, the assignment, and the proof.
#[derive(Debug, Clone)]
pub struct Solution {
    pub result: MatchResult,
    /// Per mentee in instance order (sorted by id): index of its mentor.
    pub mentor_of: Vec<Option<u32>>,
    pub certificate: Option<Certificate>,
}

/// An instance whose compatibility has been scored, ready to solve. Split
/// from solving so callers can time the two phases.
pub struct Prepared<'a> {
    compat: Compat<'a>,
    free: Free,
    candidates: Option<Candidates>,
    options: SolveOptions,
}

/// Scores the instance: builds the scoring model and, in optimal mode, every
/// mentee's candidate list.
pub fn prepare<'a>(inst: &'a Instance, options: &SolveOptions) -> Prepared<'a> {
    let compat = Compat::new(inst).cached();
    let free = Free::new(&compat);
    let candidates = (options.objective == Objective::Optimal).then(|| {
        Candidates::new(
            &compat,
            &free,
            &SearchOptions {
                candidates: options.candidates,
            },
        )
    });
    Prepared {
        compat,
        free,
        candidates,
        options: *options,
    }
}

impl Prepared<'_> {
    /// Optimises, then explains and audits the result.
    pub fn solve(self) -> Solution {
        let Prepared {
            compat,
            free,
            candidates,
            options,
        } = self;
        let (mentor_of, certificate, solver) = match candidates {
            Some(c) => {
                let opt = c.solve(
                    &compat,
                    &free,
                    &SearchOptions {
                        candidates: options.candidates,
                    },
                );
                let report = SolverReport {
                    candidate_arcs: opt.candidate_arcs as u64,
                    pricing_rounds: opt.pricing_rounds as u64,
                };
                let cert = Certificate {
                    tiers: opt.tiers,
                    mentee_potential: opt.mentee_potential,
                    mentor_potential: opt.mentor_potential,
                };
                (opt.mentor_of, Some(cert), Some(report))
            }
            None => (stable::deferred_acceptance(&compat), None, None),
        };
        let audited_cert = certificate.as_ref().filter(|_| options.verify);
        let (blocking_pairs, cert_report) = certificate::audit(&compat, &mentor_of, audited_cert);
        let (pairs, unmatched, objective) = explain::describe(&compat, &mentor_of);
        let result = MatchResult {
            mode: options.objective,
            pairs,
            unmatched,
            objective,
            blocking_pairs,
            certificate: cert_report,
            solver,
        };
        Solution {
            result,
            mentor_of,
            certificate,
        }
    }
}

/// Scores and solves in one call.
pub fn solve(inst: &Instance, options: &SolveOptions) -> Solution {
    prepare(inst, options).solve()
}
