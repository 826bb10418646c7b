//! Hard rules (SPEC §6): who may never be matched with whom, and why.
//!
//! `blocker` answers for one pair and is what explanations quote; `RowRules`
//! applies the same rules to a whole row of mentors at once for the solver.
//! Tests check that the two agree.

use crate::criteria::{FunctionRule, ManagementLine};
use crate::instance::{ExplicitScores, Instance};
use std::collections::HashMap;

/// The first hard rule that makes a pair ineligible, in a fixed order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Blocker {
    SamePerson,
    ManagementLine,
    LevelGap,
    Location,
    Function,
    Forbidden,
    NotScored,
    NoCapacity,
}

impl Blocker {
    pub fn describe(self) -> &'static str {
        match self {
            Blocker::SamePerson => "same person",
            Blocker::ManagementLine => "management line",
            Blocker::LevelGap => "level gap",
            Blocker::Location => "location",
            Blocker::Function => "function",
            Blocker::Forbidden => "forbidden",
            Blocker::NotScored => "no score given",
            Blocker::NoCapacity => "no capacity",
        }
    }
}

/// Case- and space-insensitive form of a free-form category (location, function, style).
pub(crate) fn normalise(s: &str) -> String {
    s.trim().to_lowercase()
}

/// `normalise(a) == normalise(b)`, without allocating.
fn same_category(a: &str, b: &str) -> bool {
    a.trim()
        .chars()
        .flat_map(char::to_lowercase)
        .eq(b.trim().chars().flat_map(char::to_lowercase))
}

/// Why mentee `i` may not be matched with mentor `j`, or `None` if they may.
pub fn blocker(inst: &Instance, i: usize, j: usize) -> Option<Blocker> {
    let (e, m) = (&inst.mentees[i], &inst.mentors[j]);
    let rules = &inst.rules;
    if inst.same_person[i] == Some(j as u32) {
        return Some(Blocker::SamePerson);
    }
    if rules.management_line == ManagementLine::Exclude
        && inst.chain[i].binary_search(&(j as u32)).is_ok()
    {
        return Some(Blocker::ManagementLine);
    }
    if let (Some(gap), Some(le), Some(lm)) = (rules.min_level_gap, e.level, m.level) {
        if lm - le < gap {
            return Some(Blocker::LevelGap);
        }
    }
    if rules.same_location {
        if let (Some(a), Some(b)) = (&e.location, &m.location) {
            if !same_category(a, b) {
                return Some(Blocker::Location);
            }
        }
    }
    if let (Some(a), Some(b)) = (&e.function, &m.function) {
        let same = same_category(a, b);
        match rules.function {
            FunctionRule::Same if !same => return Some(Blocker::Function),
            FunctionRule::Cross if same => return Some(Blocker::Function),
            _ => {}
        }
    }
    if inst.forbidden[i].binary_search(&(j as u32)).is_ok() {
        return Some(Blocker::Forbidden);
    }
    match &inst.explicit {
        Some(ExplicitScores::Dense(d)) if d[i * inst.mentors.len() + j] < 0 => {
            return Some(Blocker::NotScored)
        }
        Some(ExplicitScores::Sparse(rows))
            if rows[i]
                .binary_search_by_key(&(j as u32), |&(j, _)| j)
                .is_err() =>
        {
            return Some(Blocker::NotScored)
        }
        _ => {}
    }
    if m.capacity == 0 {
        return Some(Blocker::NoCapacity);
    }
    None
}

/// Sentinel for a missing level or category.
pub(crate) const MISSING: u32 = u32::MAX;

/// Interned categories and levels of everyone, for rules and scoring in bulk.
#[derive(Debug, Clone)]
pub(crate) struct Attributes {
    pub mentor_location: Vec<u32>,
    pub mentor_function: Vec<u32>,
    pub mentor_level: Vec<i32>,
    pub mentee_location: Vec<u32>,
    pub mentee_function: Vec<u32>,
    pub mentee_level: Vec<i32>,
    /// Mentors with capacity zero.
    pub no_capacity: Vec<u32>,
}

/// `i32::MIN` stands for a missing level.
pub(crate) const NO_LEVEL: i32 = i32::MIN;

#[derive(Default)]
pub(crate) struct Interner(HashMap<String, u32>);

impl Interner {
    pub fn id(&mut self, s: &Option<String>) -> u32 {
        match s {
            None => MISSING,
            Some(s) => self.intern(s),
        }
    }
    pub fn intern(&mut self, s: &str) -> u32 {
        let n = self.0.len() as u32;
        *self.0.entry(normalise(s)).or_insert(n)
    }
    pub fn get(&self, s: &str) -> Option<u32> {
        self.0.get(&normalise(s)).copied()
    }
    pub fn len(&self) -> usize {
        self.0.len()
    }
}

impl Attributes {
    pub fn new(inst: &Instance) -> Attributes {
        let (mut loc, mut fun) = (Interner::default(), Interner::default());
        Attributes {
            mentor_location: inst.mentors.iter().map(|m| loc.id(&m.location)).collect(),
            mentor_function: inst.mentors.iter().map(|m| fun.id(&m.function)).collect(),
            mentor_level: inst
                .mentors
                .iter()
                .map(|m| m.level.unwrap_or(NO_LEVEL))
                .collect(),
            mentee_location: inst.mentees.iter().map(|e| loc.id(&e.location)).collect(),
            mentee_function: inst.mentees.iter().map(|e| fun.id(&e.function)).collect(),
            mentee_level: inst
                .mentees
                .iter()
                .map(|e| e.level.unwrap_or(NO_LEVEL))
                .collect(),
            no_capacity: (0..inst.mentors.len() as u32)
                .filter(|&j| inst.mentors[j as usize].capacity == 0)
                .collect(),
        }
    }

    /// Sets `row[j] = -1` for every mentor `j` that a hard rule excludes for mentee `i`.
    pub fn apply_rules(&self, inst: &Instance, i: usize, row: &mut [i32]) {
        let rules = &inst.rules;
        if let Some(gap) = rules.min_level_gap {
            let le = self.mentee_level[i];
            if le != NO_LEVEL {
                for (s, &lm) in row.iter_mut().zip(&self.mentor_level) {
                    if lm != NO_LEVEL && lm - le < gap {
                        *s = -1;
                    }
                }
            }
        }
        if rules.same_location {
            let a = self.mentee_location[i];
            if a != MISSING {
                for (s, &b) in row.iter_mut().zip(&self.mentor_location) {
                    if b != MISSING && a != b {
                        *s = -1;
                    }
                }
            }
        }
        let a = self.mentee_function[i];
        if rules.function != FunctionRule::Any && a != MISSING {
            let want_same = rules.function == FunctionRule::Same;
            for (s, &b) in row.iter_mut().zip(&self.mentor_function) {
                if b != MISSING && (a == b) != want_same {
                    *s = -1;
                }
            }
        }
        self.apply_sparse_exclusions(inst, i, row);
    }

    /// The per-pair exclusions that are lists rather than attributes.
    pub fn apply_sparse_exclusions(&self, inst: &Instance, i: usize, row: &mut [i32]) {
        self.exclude_listed(inst, i, |j| row[j as usize] = -1);
    }

    /// Calls `exclude` for every mentor a list rule excludes for mentee `i`.
    pub fn exclude_listed(&self, inst: &Instance, i: usize, mut exclude: impl FnMut(u32)) {
        if let Some(j) = inst.same_person[i] {
            exclude(j);
        }
        if inst.rules.management_line == ManagementLine::Exclude {
            for &j in &inst.chain[i] {
                exclude(j);
            }
        }
        for &j in inst.forbidden[i].iter().chain(&self.no_capacity) {
            exclude(j);
        }
    }
}
