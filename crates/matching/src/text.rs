//! Free-text fit: TF-IDF cosine between a mentee's goals and a mentor's bio and
//! skill names. IDF is taken over the mentors (the documents searched).
//!
//! Sums run over the mentee's terms in ascending term id, both for one pair and
//! for a whole row, so the two give bit-identical results.

use crate::instance::Instance;
use std::collections::{BTreeMap, HashMap};

const STOPWORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "from", "has", "have", "i",
    "in", "into", "is", "it", "its", "me", "my", "of", "on", "or", "our", "so", "that", "the",
    "their", "them", "they", "this", "to", "was", "we", "were", "what", "when", "where", "which",
    "who", "will", "with", "you", "your",
];

/// Lower-cased alphanumeric words of two letters or more, minus stopwords.
pub(crate) fn tokens(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 2)
        .map(str::to_lowercase)
        .filter(|w| !STOPWORDS.contains(&w.as_str()))
}

#[derive(Debug, Clone)]
pub(crate) struct TextModel {
    /// Per term: (mentor, weight of the term in the mentor's unit vector), by mentor.
    postings: Vec<Vec<(u32, f64)>>,
    /// Per mentee: (term, weight in the goals' unit vector), by term; terms no mentor uses are dropped.
    queries: Vec<Vec<(u32, f64)>>,
}

impl TextModel {
    pub fn new(inst: &Instance) -> TextModel {
        let mut vocab: HashMap<String, u32> = HashMap::new();
        let mut docs: Vec<BTreeMap<u32, u32>> = Vec::with_capacity(inst.mentors.len());
        for m in &inst.mentors {
            let mut tf = BTreeMap::new();
            let words = tokens(&m.bio).chain(m.skills.iter().flat_map(|(name, _)| tokens(name)));
            for w in words {
                let n = vocab.len() as u32;
                let t = *vocab.entry(w).or_insert(n);
                *tf.entry(t).or_insert(0) += 1;
            }
            docs.push(tf);
        }
        let n_docs = docs.len() as f64;
        let mut df = vec![0u32; vocab.len()];
        for d in &docs {
            for &t in d.keys() {
                df[t as usize] += 1;
            }
        }
        let idf: Vec<f64> = df
            .iter()
            .map(|&d| ((n_docs + 1.0) / (f64::from(d) + 1.0)).ln() + 1.0)
            .collect();
        let unknown_idf = (n_docs + 1.0).ln() + 1.0;

        let mut postings = vec![Vec::new(); vocab.len()];
        for (j, d) in docs.iter().enumerate() {
            let norm = d
                .iter()
                .map(|(&t, &c)| (f64::from(c) * idf[t as usize]).powi(2))
                .sum::<f64>()
                .sqrt();
            for (&t, &c) in d {
                postings[t as usize].push((j as u32, f64::from(c) * idf[t as usize] / norm));
            }
        }

        let queries = inst
            .mentees
            .iter()
            .map(|e| {
                let mut known: BTreeMap<u32, u32> = BTreeMap::new();
                let mut unknown: HashMap<String, u32> = HashMap::new();
                for w in tokens(&e.goals) {
                    match vocab.get(&w) {
                        Some(&t) => *known.entry(t).or_insert(0) += 1,
                        None => *unknown.entry(w).or_insert(0) += 1,
                    }
                }
                let mut sq: f64 = known
                    .iter()
                    .map(|(&t, &c)| (f64::from(c) * idf[t as usize]).powi(2))
                    .sum();
                sq += unknown
                    .values()
                    .map(|&c| (f64::from(c) * unknown_idf).powi(2))
                    .sum::<f64>();
                let norm = sq.sqrt();
                known
                    .into_iter()
                    .map(|(t, c)| (t, f64::from(c) * idf[t as usize] / norm))
                    .collect()
            })
            .collect();
        TextModel { postings, queries }
    }

    /// Cosine of mentee `i`'s goals with mentor `j`, in thousandths (0–1000).
    pub fn fit_permille(&self, i: usize, j: usize) -> u32 {
        let mut dot = 0.0f64;
        for &(t, q) in &self.queries[i] {
            let p = &self.postings[t as usize];
            if let Ok(k) = p.binary_search_by_key(&(j as u32), |&(m, _)| m) {
                dot += q * p[k].1;
            }
        }
        to_permille(dot)
    }

    /// Whether mentee `i`'s goals share a term with some mentor.
    pub fn has_query(&self, i: usize) -> bool {
        !self.queries[i].is_empty()
    }

    /// Mentee `i`'s query: (term, weight), by term.
    pub fn query(&self, i: usize) -> &[(u32, f64)] {
        &self.queries[i]
    }

    /// The terms used by at least `1/DENSE_SHARE` of the `m` mentors, each as
    /// a dense array of its weight per mentor (0 where a mentor lacks it):
    /// `(slot per term or u32::MAX, slot-major weights)`. Adding a dense
    /// term's `q × 0.0` leaves a non-negative sum unchanged bit for bit, so a
    /// row summed term by term (dense or sparse) equals `fit_permille`.
    pub fn dense_layout(&self, m: usize) -> (Vec<u32>, Vec<f64>) {
        let mut slot = vec![u32::MAX; self.postings.len()];
        let mut weights = Vec::new();
        let mut n = 0u32;
        for (t, p) in self.postings.iter().enumerate() {
            if m >= 64 && p.len() * DENSE_SHARE >= m {
                slot[t] = n;
                n += 1;
                let at = weights.len();
                weights.resize(at + m, 0.0);
                for &(j, d) in p {
                    weights[at + j as usize] = d;
                }
            }
        }
        (slot, weights)
    }

    /// Term `t`'s postings: (mentor, weight), by mentor.
    pub fn postings(&self, t: u32) -> &[(u32, f64)] {
        &self.postings[t as usize]
    }

    /// Adds mentee `i`'s dot product with every mentor into `acc` (zeroed,
    /// one entry per mentor), term by term in ascending term id.
    pub fn accumulate_dense(&self, i: usize, acc: &mut [f64]) {
        for &(t, q) in &self.queries[i] {
            for &(j, d) in &self.postings[t as usize] {
                acc[j as usize] += q * d;
            }
        }
    }
}

/// A term used by at least one mentor in this many is summed densely.
const DENSE_SHARE: usize = 12;

pub(crate) fn to_permille(dot: f64) -> u32 {
    // Non-negative after the clamp, so truncation is the floor (and needs no
    // call into libm on baseline x86-64).
    (dot.clamp(0.0, 1.0) * 1000.0) as u32
}
