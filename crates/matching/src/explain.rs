//! The result a person reads: every pair with its score broken down and the
//! preference it honours, every unmatched mentee with the reason.

use crate::compat::Compat;
use crate::criteria::Criterion;
use crate::eligibility::{blocker, Blocker};
use crate::instance::Rank;
use crate::score::Parts;
use rayon::prelude::*;
use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;
use std::collections::BTreeMap;

/// A pair's score by criterion; the parts add up to the score.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Explanation {
    /// Computed from profiles: one part per criterion.
    Criteria(Parts),
    /// Given in the file (`scores` or `score_matrix`): one part.
    Given(i32),
}

impl Explanation {
    pub fn total(&self) -> i32 {
        match self {
            Explanation::Criteria(parts) => parts.iter().sum(),
            Explanation::Given(s) => *s,
        }
    }
}

impl Serialize for Explanation {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Explanation::Criteria(parts) => {
                let mut map = s.serialize_map(Some(parts.len()))?;
                for (c, p) in Criterion::ALL.iter().zip(parts) {
                    map.serialize_entry(c.name(), p)?;
                }
                map.end()
            }
            Explanation::Given(score) => {
                let mut map = s.serialize_map(Some(1))?;
                map.serialize_entry("given", score)?;
                map.end()
            }
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MatchedPair {
    pub mentee: String,
    pub mentor: String,
    pub score: i32,
    /// 1 or 2 if the pair is the mentee's first or second choice.
    pub preference_rank: Option<u8>,
    pub pinned: bool,
    pub explanation: Explanation,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UnmatchedMentee {
    pub mentee: String,
    pub reason: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Default)]
pub struct ObjectiveValue {
    pub matched: u64,
    pub first_choices: u64,
    pub second_choices: u64,
    pub total_score: i64,
}

/// The optimality proof as reported: the potentials checked against every pair.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CertificateReport {
    pub verified: bool,
    /// Eligible pairs whose reduced cost was checked.
    pub pairs_checked: u64,
    pub violations: u64,
    /// The first problem found, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_violation: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SolverReport {
    /// Candidate arcs in the final restricted problem.
    pub candidate_arcs: u64,
    pub pricing_rounds: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Objective {
    /// Most matched, then most first choices, then second, then total score.
    #[default]
    Optimal,
    /// Mentee-proposing deferred acceptance: no blocking pair.
    Stable,
}

#[derive(Debug, Clone, Serialize)]
pub struct MatchResult {
    pub mode: Objective,
    pub pairs: Vec<MatchedPair>,
    pub unmatched: Vec<UnmatchedMentee>,
    pub objective: ObjectiveValue,
    /// Eligible pairs who would both rather be together than with whom they have.
    pub blocking_pairs: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub certificate: Option<CertificateReport>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub solver: Option<SolverReport>,
}

/// Builds pairs, unmatched reasons and the objective from an assignment.
pub(crate) fn describe(
    compat: &Compat,
    mentor_of: &[Option<u32>],
) -> (Vec<MatchedPair>, Vec<UnmatchedMentee>, ObjectiveValue) {
    let inst = compat.inst;
    let mut load = vec![0u32; inst.mentors.len()];
    for j in mentor_of.iter().flatten() {
        load[*j as usize] += 1;
    }
    // Each mentee's line on its own (in parallel: explaining a pair builds
    // the mentee's tables), then the totals in mentee order.
    let lines: Vec<Result<MatchedPair, UnmatchedMentee>> = inst
        .mentees
        .par_iter()
        .enumerate()
        .map(|(i, e)| match mentor_of[i] {
            Some(j) => {
                let j = j as usize;
                let (score, explanation) =
                    compat.explain(i, j).expect("matched pairs are eligible");
                Ok(MatchedPair {
                    mentee: e.id.clone(),
                    mentor: inst.mentors[j].id.clone(),
                    score,
                    preference_rank: inst.preference_rank(i, j).map(|r| r as u8),
                    pinned: inst.pinned[i].is_some(),
                    explanation,
                })
            }
            None => Err(UnmatchedMentee {
                mentee: e.id.clone(),
                reason: unmatched_reason(compat, i, &load),
            }),
        })
        .collect();
    let mut pairs = Vec::new();
    let mut unmatched = Vec::new();
    let mut objective = ObjectiveValue::default();
    for line in lines {
        match line {
            Ok(pair) => {
                objective.matched += 1;
                objective.total_score += i64::from(pair.score);
                match pair.preference_rank {
                    Some(r) if r == Rank::First as u8 => objective.first_choices += 1,
                    Some(r) if r == Rank::Second as u8 => objective.second_choices += 1,
                    _ => {}
                }
                pairs.push(pair);
            }
            Err(u) => unmatched.push(u),
        }
    }
    (pairs, unmatched, objective)
}

/// How many mentor ids a reason lists per class before "+N more".
const IDS_SHOWN: usize = 5;

fn list(ids: &[&str]) -> String {
    let mut s = ids
        .iter()
        .take(IDS_SHOWN)
        .copied()
        .collect::<Vec<_>>()
        .join(", ");
    if ids.len() > IDS_SHOWN {
        s.push_str(&format!(", +{} more", ids.len() - IDS_SHOWN));
    }
    s
}

/// Names the rule or the capacity that blocked each class of mentor.
fn unmatched_reason(compat: &Compat, i: usize, load: &[u32]) -> String {
    let inst = compat.inst;
    if inst.mentors.is_empty() {
        return "no mentors".to_string();
    }
    let mut blocked: BTreeMap<Blocker, Vec<&str>> = BTreeMap::new();
    let mut full: Vec<&str> = Vec::new();
    let mut open: Vec<&str> = Vec::new();
    for (j, m) in inst.mentors.iter().enumerate() {
        match blocker(inst, i, j) {
            Some(b) => blocked.entry(b).or_default().push(&m.id),
            None if load[j] >= m.capacity => full.push(&m.id),
            None => open.push(&m.id),
        }
    }
    let rules = blocked
        .iter()
        .map(|(b, ids)| format!("{} ({})", b.describe(), list(ids)))
        .collect::<Vec<_>>()
        .join(", ");
    if full.is_empty() && open.is_empty() {
        return format!("no eligible mentor: {rules}");
    }
    let mut reason = if open.is_empty() {
        format!("every eligible mentor is at capacity ({})", list(&full))
    } else {
        // Neither mode leaves a mentee out while an eligible mentor has room;
        // an assignment from elsewhere might, and then this says so.
        format!(
            "not chosen: eligible mentors at capacity ({}), with room ({})",
            list(&full),
            list(&open)
        )
    };
    if !rules.is_empty() {
        reason.push_str(&format!("; ineligible: {rules}"));
    }
    reason
}
