//! The typed, validated matching instance and its JSON file interface.
//!
//! Parsing happens once, at the edge: after `Instance::from_json` every id is
//! known to be unique, every reference resolved to an index, every number in
//! range. Mentors and mentees are kept sorted by id so that equal inputs give
//! equal outputs whatever the order of the file, and ties break by id.

use crate::criteria::{Rules, StylePreference, Weights};
use crate::error::InputError;
use crate::score_matrix::{RawMatrix, MAX_EXPLICIT_SCORE};
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};

/// Highest level a mentor may have in a skill.
pub const MAX_SKILL_LEVEL: u8 = 5;
/// Career levels are integers in this range.
pub const LEVEL_RANGE: std::ops::RangeInclusive<i32> = 0..=1000;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mentor {
    pub id: String,
    pub capacity: u32,
    /// Areas of expertise with a level 0–5 each, sorted by name.
    pub skills: Vec<(String, u8)>,
    pub leadership_style: Option<String>,
    pub personal_style: Vec<String>,
    pub level: Option<i32>,
    pub location: Option<String>,
    pub function: Option<String>,
    pub bio: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mentee {
    pub id: String,
    pub focus_skills: Vec<String>,
    pub leadership_style: Option<String>,
    pub style_preference: StylePreference,
    pub personal_preference: Vec<String>,
    pub level: Option<i32>,
    pub location: Option<String>,
    pub function: Option<String>,
    pub goals: String,
    pub management_chain: Vec<String>,
}

/// Which of a mentee's stated preferences a pair honours.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Rank {
    First = 1,
    Second = 2,
}

/// Compatibility given in the file instead of computed from profiles.
#[derive(Debug, Clone)]
pub(crate) enum ExplicitScores {
    /// Row-major, mentees × mentors (in the instance's sorted order); -1 = ineligible.
    Dense(Vec<i32>),
    /// Per mentee, (mentor index, score) sorted by mentor; absent = ineligible.
    Sparse(Vec<Vec<(u32, i32)>>),
}

#[derive(Debug, Clone)]
pub struct Instance {
    pub(crate) weights: Weights,
    pub(crate) rules: Rules,
    pub(crate) mentors: Vec<Mentor>,
    pub(crate) mentees: Vec<Mentee>,
    /// Per mentee: mentor index of the first and second choice.
    pub(crate) preferences: Vec<[Option<u32>; 2]>,
    /// Per mentee: forbidden mentor indices, sorted.
    pub(crate) forbidden: Vec<Vec<u32>>,
    /// Per mentee: the mentor it is pinned to.
    pub(crate) pinned: Vec<Option<u32>>,
    pub(crate) explicit: Option<ExplicitScores>,
    /// Per mentee: mentor indices in its management chain, sorted.
    pub(crate) chain: Vec<Vec<u32>>,
    /// Per mentee: the mentor who is the same person, if any.
    pub(crate) same_person: Vec<Option<u32>>,
    mentor_index: HashMap<String, u32>,
    mentee_index: HashMap<String, u32>,
}

// ---- the file's shape -------------------------------------------------------

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawInstance<'a> {
    #[serde(default)]
    weights: Weights,
    #[serde(default)]
    rules: Rules,
    mentors: Vec<RawMentor>,
    mentees: Vec<RawMentee>,
    #[serde(default)]
    preferences: Vec<RawPreference>,
    #[serde(default)]
    forbidden: Vec<RawPair>,
    #[serde(default)]
    pinned: Vec<RawPair>,
    #[serde(default)]
    scores: Option<Vec<RawScore>>,
    #[serde(default, borrow)]
    score_matrix: Option<RawMatrix<'a>>,
}

fn one() -> i64 {
    1
}

#[derive(Deserialize)]
struct RawMentor {
    id: String,
    #[serde(default = "one")]
    capacity: i64,
    #[serde(default)]
    skills: BTreeMap<String, i64>,
    #[serde(default)]
    leadership_style: Option<String>,
    #[serde(default)]
    personal_style: Vec<String>,
    #[serde(default)]
    level: Option<i64>,
    #[serde(default)]
    location: Option<String>,
    #[serde(default)]
    function: Option<String>,
    #[serde(default)]
    bio: String,
}

#[derive(Deserialize)]
struct RawMentee {
    id: String,
    #[serde(default)]
    focus_skills: Vec<String>,
    #[serde(default)]
    leadership_style: Option<String>,
    #[serde(default)]
    style_preference: StylePreference,
    #[serde(default)]
    personal_preference: Vec<String>,
    #[serde(default)]
    level: Option<i64>,
    #[serde(default)]
    location: Option<String>,
    #[serde(default)]
    function: Option<String>,
    #[serde(default)]
    goals: String,
    #[serde(default)]
    management_chain: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPreference {
    mentee: String,
    mentor: String,
    rank: i64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPair {
    mentee: String,
    mentor: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawScore {
    mentee: String,
    mentor: String,
    score: i64,
}

// ---- parsing and validation -------------------------------------------------

impl Instance {
    /// Parses and validates a JSON instance.
    pub fn from_json(bytes: &[u8]) -> Result<Instance, InputError> {
        let raw: RawInstance<'_> = match serde_json::from_slice(bytes) {
            Ok(raw) => raw,
            Err(_) => return Err(locate_json_error(bytes)),
        };
        Instance::from_raw(raw)
    }

    fn from_raw(raw: RawInstance<'_>) -> Result<Instance, InputError> {
        if raw.scores.is_some() && raw.score_matrix.is_some() {
            return Err(InputError::new(
                "scores",
                "give either scores or score_matrix, not both",
            ));
        }
        let computed = raw.scores.is_none() && raw.score_matrix.is_none();
        if computed && raw.weights.total() == 0 {
            return Err(InputError::new(
                "weights",
                "at least one weight must be positive",
            ));
        }
        if let Some(gap) = raw.rules.min_level_gap {
            if gap.unsigned_abs() > 1000 {
                return Err(InputError::new(
                    "rules.min_level_gap",
                    format!("{gap} is out of range -1000–1000"),
                ));
            }
        }

        // Sort people by id; remember where each came from in the file.
        let mentor_order = sorted_order(raw.mentors.iter().map(|m| m.id.as_str()));
        let mentee_order = sorted_order(raw.mentees.iter().map(|m| m.id.as_str()));
        let mut mentor_index = HashMap::with_capacity(raw.mentors.len());
        for (new, &old) in mentor_order.iter().enumerate() {
            let id = &raw.mentors[old].id;
            if mentor_index.insert(id.clone(), new as u32).is_some() {
                return Err(InputError::new(
                    format!("mentors[{old}].id"),
                    format!("duplicate mentor id {id:?}"),
                ));
            }
        }
        let mut mentee_index = HashMap::with_capacity(raw.mentees.len());
        for (new, &old) in mentee_order.iter().enumerate() {
            let id = &raw.mentees[old].id;
            if mentee_index.insert(id.clone(), new as u32).is_some() {
                return Err(InputError::new(
                    format!("mentees[{old}].id"),
                    format!("duplicate mentee id {id:?}"),
                ));
            }
        }

        let mut raw_mentors: Vec<Option<RawMentor>> = raw.mentors.into_iter().map(Some).collect();
        let mut mentors = Vec::with_capacity(raw_mentors.len());
        for &old in &mentor_order {
            let m = raw_mentors[old].take().expect("each index once");
            mentors.push(validate_mentor(old, m)?);
        }
        let mut raw_mentees: Vec<Option<RawMentee>> = raw.mentees.into_iter().map(Some).collect();
        let mut mentees = Vec::with_capacity(raw_mentees.len());
        for &old in &mentee_order {
            let e = raw_mentees[old].take().expect("each index once");
            mentees.push(validate_mentee(old, e)?);
        }

        let n = mentees.len();
        let mut inst = Instance {
            weights: raw.weights,
            rules: raw.rules,
            preferences: vec![[None, None]; n],
            forbidden: vec![Vec::new(); n],
            pinned: vec![None; n],
            explicit: None,
            chain: vec![Vec::new(); n],
            same_person: vec![None; n],
            mentors,
            mentees,
            mentor_index,
            mentee_index,
        };

        for (i, e) in inst.mentees.iter().enumerate() {
            let mut chain: Vec<u32> = e
                .management_chain
                .iter()
                .filter_map(|id| inst.mentor_index.get(id).copied())
                .collect();
            chain.sort_unstable();
            chain.dedup();
            inst.chain[i] = chain;
            inst.same_person[i] = inst.mentor_index.get(&e.id).copied();
        }

        for (k, p) in raw.preferences.iter().enumerate() {
            let (i, j) = inst.resolve_pair("preferences", k, &p.mentee, &p.mentor)?;
            let slot = match p.rank {
                1 => 0,
                2 => 1,
                r => {
                    return Err(InputError::new(
                        format!("preferences[{k}].rank"),
                        format!("rank must be 1 or 2, not {r}"),
                    ))
                }
            };
            let prefs = &mut inst.preferences[i as usize];
            if prefs[0].is_some() && prefs[1].is_some() {
                return Err(InputError::new(
                    format!("preferences[{k}]"),
                    format!("mentee {:?} has more than two preferences", p.mentee),
                ));
            }
            if prefs[slot].is_some() {
                return Err(InputError::new(
                    format!("preferences[{k}].rank"),
                    format!(
                        "mentee {:?} already has a rank-{} preference",
                        p.mentee, p.rank
                    ),
                ));
            }
            if prefs[1 - slot] == Some(j) {
                return Err(InputError::new(
                    format!("preferences[{k}].mentor"),
                    format!("mentee {:?} already ranks mentor {:?}", p.mentee, p.mentor),
                ));
            }
            prefs[slot] = Some(j);
        }

        for (k, p) in raw.forbidden.iter().enumerate() {
            let (i, j) = inst.resolve_pair("forbidden", k, &p.mentee, &p.mentor)?;
            inst.forbidden[i as usize].push(j);
        }
        for f in &mut inst.forbidden {
            f.sort_unstable();
            f.dedup();
        }

        inst.explicit = match (raw.scores, raw.score_matrix) {
            (Some(scores), _) => Some(inst.sparse_scores(&scores)?),
            (_, Some(matrix)) => Some(inst.dense_scores(matrix, &mentor_order, &mentee_order)?),
            _ => None,
        };

        if computed {
            let mut words: Vec<String> = inst
                .mentors
                .iter()
                .flat_map(|m| {
                    m.personal_style
                        .iter()
                        .map(|w| crate::eligibility::normalise(w))
                })
                .collect();
            words.sort_unstable();
            words.dedup();
            if words.len() > crate::score::MAX_PERSONAL_STYLE_WORDS {
                return Err(InputError::new(
                    "mentors[].personal_style",
                    format!(
                        "{} distinct words, at most {} are supported",
                        words.len(),
                        crate::score::MAX_PERSONAL_STYLE_WORDS
                    ),
                ));
            }
        }

        let mut pinned_load = vec![0u32; inst.mentors.len()];
        for (k, p) in raw.pinned.iter().enumerate() {
            let (i, j) = inst.resolve_pair("pinned", k, &p.mentee, &p.mentor)?;
            if inst.pinned[i as usize].is_some() {
                return Err(InputError::new(
                    format!("pinned[{k}].mentee"),
                    format!("mentee {:?} is pinned twice", p.mentee),
                ));
            }
            if let Some(blocker) = crate::eligibility::blocker(&inst, i as usize, j as usize) {
                return Err(InputError::new(
                    format!("pinned[{k}]"),
                    format!(
                        "mentee {:?} cannot be pinned to mentor {:?}: {}",
                        p.mentee,
                        p.mentor,
                        blocker.describe()
                    ),
                ));
            }
            pinned_load[j as usize] += 1;
            if pinned_load[j as usize] > inst.mentors[j as usize].capacity {
                return Err(InputError::new(
                    format!("pinned[{k}]"),
                    format!(
                        "mentor {:?} has more pinned mentees than its capacity {}",
                        p.mentor, inst.mentors[j as usize].capacity
                    ),
                ));
            }
            inst.pinned[i as usize] = Some(j);
        }
        Ok(inst)
    }

    fn resolve_pair(
        &self,
        field: &str,
        k: usize,
        mentee: &str,
        mentor: &str,
    ) -> Result<(u32, u32), InputError> {
        let i = *self.mentee_index.get(mentee).ok_or_else(|| {
            InputError::new(
                format!("{field}[{k}].mentee"),
                format!("unknown mentee id {mentee:?}"),
            )
        })?;
        let j = *self.mentor_index.get(mentor).ok_or_else(|| {
            InputError::new(
                format!("{field}[{k}].mentor"),
                format!("unknown mentor id {mentor:?}"),
            )
        })?;
        Ok((i, j))
    }

    fn sparse_scores(&self, scores: &[RawScore]) -> Result<ExplicitScores, InputError> {
        let mut rows: Vec<Vec<(u32, i32)>> = vec![Vec::new(); self.mentees.len()];
        for (k, s) in scores.iter().enumerate() {
            let (i, j) = self.resolve_pair("scores", k, &s.mentee, &s.mentor)?;
            if !(0..=MAX_EXPLICIT_SCORE).contains(&s.score) {
                return Err(InputError::new(
                    format!("scores[{k}].score"),
                    format!("score {} out of range 0–{MAX_EXPLICIT_SCORE}", s.score),
                ));
            }
            rows[i as usize].push((j, s.score as i32));
        }
        for (i, row) in rows.iter_mut().enumerate() {
            row.sort_unstable();
            if let Some(w) = row.windows(2).find(|w| w[0].0 == w[1].0) {
                let (mentee, mentor) = (&self.mentees[i].id, &self.mentors[w[0].0 as usize].id);
                let k = scores
                    .iter()
                    .rposition(|s| &s.mentee == mentee && &s.mentor == mentor)
                    .unwrap_or(0);
                return Err(InputError::new(
                    format!("scores[{k}]"),
                    format!("duplicate score for mentee {mentee:?} and mentor {mentor:?}"),
                ));
            }
        }
        Ok(ExplicitScores::Sparse(rows))
    }

    fn dense_scores(
        &self,
        matrix: RawMatrix<'_>,
        mentor_order: &[usize],
        mentee_order: &[usize],
    ) -> Result<ExplicitScores, InputError> {
        let (n, m) = (self.mentees.len(), self.mentors.len());
        if matrix.rows.len() != n {
            return Err(InputError::new(
                "score_matrix",
                format!(
                    "{} rows, expected {n} (one per mentee, in file order)",
                    matrix.rows.len()
                ),
            ));
        }
        let data = matrix
            .read(m)
            .map_err(|(r, msg)| InputError::new(format!("score_matrix[{r}]"), msg))?;
        // Reorder rows and columns from file order to id order.
        let identity = mentor_order.iter().enumerate().all(|(a, &b)| a == b)
            && mentee_order.iter().enumerate().all(|(a, &b)| a == b);
        if identity {
            return Ok(ExplicitScores::Dense(data));
        }
        let mut sorted = vec![0i32; n * m];
        for (new_i, &old_i) in mentee_order.iter().enumerate() {
            let src = &data[old_i * m..(old_i + 1) * m];
            let dst = &mut sorted[new_i * m..(new_i + 1) * m];
            for (d, &old_j) in dst.iter_mut().zip(mentor_order) {
                *d = src[old_j];
            }
        }
        Ok(ExplicitScores::Dense(sorted))
    }

    // ---- read access ----------------------------------------------------------

    pub fn weights(&self) -> &Weights {
        &self.weights
    }
    pub fn rules(&self) -> &Rules {
        &self.rules
    }
    /// Mentors, sorted by id.
    pub fn mentors(&self) -> &[Mentor] {
        &self.mentors
    }
    /// Mentees, sorted by id.
    pub fn mentees(&self) -> &[Mentee] {
        &self.mentees
    }
    pub fn mentor_index(&self, id: &str) -> Option<usize> {
        self.mentor_index.get(id).map(|&j| j as usize)
    }
    pub fn mentee_index(&self, id: &str) -> Option<usize> {
        self.mentee_index.get(id).map(|&i| i as usize)
    }
    /// The rank of mentor `j` among mentee `i`'s stated preferences.
    pub fn preference_rank(&self, i: usize, j: usize) -> Option<Rank> {
        match self.preferences[i] {
            [Some(a), _] if a as usize == j => Some(Rank::First),
            [_, Some(b)] if b as usize == j => Some(Rank::Second),
            _ => None,
        }
    }
    /// The mentor mentee `i` is pinned to.
    pub fn pinned_mentor(&self, i: usize) -> Option<usize> {
        self.pinned[i].map(|j| j as usize)
    }
    /// Whether compatibility comes from the file rather than from profiles.
    pub fn has_explicit_scores(&self) -> bool {
        self.explicit.is_some()
    }
}

fn sorted_order<'a>(ids: impl Iterator<Item = &'a str>) -> Vec<usize> {
    let ids: Vec<&str> = ids.collect();
    let mut order: Vec<usize> = (0..ids.len()).collect();
    order.sort_by(|&a, &b| ids[a].cmp(ids[b]).then(a.cmp(&b)));
    order
}

fn validate_level(
    path: impl FnOnce() -> String,
    level: Option<i64>,
) -> Result<Option<i32>, InputError> {
    match level {
        None => Ok(None),
        Some(l) if (*LEVEL_RANGE.start() as i64..=*LEVEL_RANGE.end() as i64).contains(&l) => {
            Ok(Some(l as i32))
        }
        Some(l) => Err(InputError::new(
            path(),
            format!(
                "level {l} out of range {}–{}",
                LEVEL_RANGE.start(),
                LEVEL_RANGE.end()
            ),
        )),
    }
}

fn validate_mentor(k: usize, m: RawMentor) -> Result<Mentor, InputError> {
    let capacity = match m.capacity {
        c if c < 0 => {
            return Err(InputError::new(
                format!("mentors[{k}].capacity"),
                format!("negative capacity {c} (mentor {:?})", m.id),
            ))
        }
        c if c > u32::MAX as i64 / 2 => {
            return Err(InputError::new(
                format!("mentors[{k}].capacity"),
                format!("capacity {c} is too large (mentor {:?})", m.id),
            ))
        }
        c => c as u32,
    };
    let mut skills = Vec::with_capacity(m.skills.len());
    for (name, level) in m.skills {
        if !(0..=MAX_SKILL_LEVEL as i64).contains(&level) {
            return Err(InputError::new(
                format!("mentors[{k}].skills.{name}"),
                format!(
                    "skill level {level} out of range 0–{MAX_SKILL_LEVEL} (mentor {:?})",
                    m.id
                ),
            ));
        }
        skills.push((name, level as u8));
    }
    Ok(Mentor {
        level: validate_level(|| format!("mentors[{k}].level"), m.level)?,
        id: m.id,
        capacity,
        skills,
        leadership_style: m.leadership_style,
        personal_style: m.personal_style,
        location: m.location,
        function: m.function,
        bio: m.bio,
    })
}

fn validate_mentee(k: usize, e: RawMentee) -> Result<Mentee, InputError> {
    Ok(Mentee {
        level: validate_level(|| format!("mentees[{k}].level"), e.level)?,
        id: e.id,
        focus_skills: e.focus_skills,
        leadership_style: e.leadership_style,
        style_preference: e.style_preference,
        personal_preference: e.personal_preference,
        location: e.location,
        function: e.function,
        goals: e.goals,
        management_chain: e.management_chain,
    })
}

/// Re-reads a file that failed to parse, this time tracking the path, so the
/// error names the field (`mentors[3].capacity: invalid type …`). Only bad
/// files pay for the tracking.
fn locate_json_error(bytes: &[u8]) -> InputError {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let result: Result<RawInstance<'_>, _> = serde_path_to_error::deserialize(&mut de);
    let result = result
        .map_err(|e| (e.path().to_string(), e.into_inner()))
        .and_then(|_| de.end().map_err(|e| (String::from("."), e)));
    match result {
        Err((path, inner)) => {
            let path = if path == "." || path.is_empty() {
                "input".to_string()
            } else {
                path
            };
            InputError::new(path, inner.to_string())
        }
        Ok(()) => InputError::new("input", "malformed JSON"),
    }
}
