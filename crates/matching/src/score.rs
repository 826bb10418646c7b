//! Computed compatibility (SPEC §6): seven criteria, each a fit in thousandths,
//! weighted into integer parts that add up to a score of 0–100.
//!
//! For speed every mentee gets small lookup tables indexed by mentor
//! attributes; a pair's parts are table entries, so a whole row of 20,000
//! mentors costs a few table look-ups each, and one pair's explanation reads
//! the very same entries.

use crate::criteria::{Criterion, FunctionRule, StylePreference, Weights};
use crate::eligibility::{normalise, Attributes, Interner, MISSING, NO_LEVEL};
use crate::instance::{Instance, MAX_SKILL_LEVEL};
use crate::text::{to_permille, TextModel};
use std::collections::HashMap;

mod bytes;

/// Marks a pair a hard rule excludes; any sum containing it stays negative.
const NEG: i32 = -1_000_000;

/// A pair's score by criterion, in `Criterion::ALL` order; the parts add up to the score.
pub type Parts = [i32; 7];

/// Fit of a career gap (mentor level minus mentee level): best when the
/// mentor is 2–3 levels senior.
pub fn career_gap_fit(gap: i32) -> u32 {
    match gap {
        i32::MIN..=-1 => 0,
        0 => 200,
        1 | 4 => 700,
        2 | 3 => 1000,
        5 => 400,
        _ => 200,
    }
}

#[derive(Debug, Clone)]
pub(crate) struct ProfileModel {
    weights: Weights,
    total_weight: u64,
    text: TextModel,
    /// Per focus skill (as used by mentees): each mentor's level in it.
    skill_levels: Vec<Vec<u8>>,
    mentee_focus: Vec<Vec<u32>>,
    n_styles: u32,
    mentor_style: Vec<u32>,
    mentee_style: Vec<u32>,
    mentor_personal: Vec<u64>,
    mentee_personal: Vec<u64>,
    mentee_personal_count: Vec<u32>,
    n_locations: u32,
    n_functions: u32,
    mentor_location: Vec<u32>,
    mentor_function: Vec<u32>,
    min_level: i32,
    mentor_level_idx: Vec<u32>,
    n_level_slots: usize,
    /// Per mentor: its (style, level) and (location, function) cells, indices
    /// into the per-mentee tables that add those criteria up.
    mentor_style_level: Vec<u32>,
    mentor_place: Vec<u32>,
    /// The text part for each fit in thousandths (0–1000).
    text_part: Vec<i32>,
}

/// Per-mentee lookup tables: every entry is already a weighted part (or NEG).
pub(crate) struct MenteeTables {
    skill: Vec<i32>,
    style: Vec<i32>,
    personal: Vec<i32>,
    career: Vec<i32>,
    location: Vec<i32>,
    function: Vec<i32>,
    personal_mask: u64,
    focus: Vec<u32>,
    /// `style + career` per (style, level) cell and `location + function`
    /// per (location, function) cell: two look-ups for four criteria.
    style_level: Vec<i32>,
    place: Vec<i32>,
}

/// Buffers reused across rows.
#[derive(Default)]
pub(crate) struct Scratch {
    level_sum: Vec<u16>,
    acc: Vec<f64>,
}

/// A pair no rule admits, in the byte-per-pair score cache.
pub(crate) const UNSCORED: u8 = u8::MAX;
/// Rows and mentors per tile of `ProfileModel::fill_cache`.
const CACHE_ROWS: usize = 64;
const CACHE_BLOCK: usize = 1024;

/// The text postings as `fill_cache` reads them.
struct TextLayout {
    /// Per term: its dense slot, or `u32::MAX` for a rare term.
    slot: Vec<u32>,
    dense: Vec<f64>,
    /// Per rare term, per block (and one past the last): first posting.
    starts: Vec<u32>,
    blocks: usize,
}

/// Dense terms added together by `add_dense_run`, at most.
const DENSE_RUN: usize = 16;

/// Adds `q * w[j]` to `acc[j]` for each `(q, w)` of `run` in turn, 16
/// mentors at a time with their sums held in registers: one load and one
/// store of `acc` per run instead of per term, and each sum still takes
/// the same additions in the same order (same bits).
#[inline(always)]
fn add_dense_run(acc: &mut [f64], run: &[(f64, &[f64])]) {
    const LANES: usize = 16;
    if run.is_empty() {
        return;
    }
    debug_assert!(run.iter().all(|r| r.1.len() == acc.len()));
    let whole = acc.len() - acc.len() % LANES;
    let (head, tail) = acc.split_at_mut(whole);
    for (c, chunk) in head.chunks_exact_mut(LANES).enumerate() {
        let at = c * LANES;
        let mut sums: [f64; LANES] = chunk.try_into().expect("a whole chunk");
        for &(q, w) in run {
            let w: &[f64; LANES] = w[at..at + LANES].try_into().expect("a whole chunk");
            for (s, &d) in sums.iter_mut().zip(w) {
                *s += q * d;
            }
        }
        chunk.copy_from_slice(&sums);
    }
    for &(q, w) in run {
        for (a, &d) in tail.iter_mut().zip(&w[whole..]) {
            *a += q * d;
        }
    }
}

/// Mentee `i` against mentors `b0..b1` of `m`.
#[derive(Clone, Copy)]
struct Tile {
    i: usize,
    b0: usize,
    b1: usize,
    m: usize,
}

/// Maximum number of distinct personal-style words among mentors.
pub const MAX_PERSONAL_STYLE_WORDS: usize = 64;

impl ProfileModel {
    pub fn new(inst: &Instance, attrs: &Attributes) -> ProfileModel {
        let m = inst.mentors.len();
        let mut skills = Interner::default();
        let mentee_focus: Vec<Vec<u32>> = inst
            .mentees
            .iter()
            .map(|e| {
                let mut f: Vec<u32> = e.focus_skills.iter().map(|s| skills.intern(s)).collect();
                f.sort_unstable();
                f.dedup();
                f
            })
            .collect();
        let mut skill_levels = vec![vec![0u8; m]; skills.len()];
        for (j, mentor) in inst.mentors.iter().enumerate() {
            for (name, level) in &mentor.skills {
                if let Some(s) = skills.get(name) {
                    let cell = &mut skill_levels[s as usize][j];
                    *cell = (*cell).max(*level);
                }
            }
        }

        let mut styles = Interner::default();
        let mentor_style: Vec<u32> = inst
            .mentors
            .iter()
            .map(|m| styles.id(&m.leadership_style))
            .collect();
        let mentee_style: Vec<u32> = inst
            .mentees
            .iter()
            .map(|e| styles.id(&e.leadership_style))
            .collect();
        let n_styles = styles.len() as u32;

        let mut words: HashMap<String, u32> = HashMap::new();
        let mentor_personal: Vec<u64> = inst
            .mentors
            .iter()
            .map(|m| {
                m.personal_style.iter().fold(0u64, |mask, w| {
                    let n = words.len() as u32;
                    let bit = *words.entry(normalise(w)).or_insert(n);
                    if bit < 64 {
                        mask | (1 << bit)
                    } else {
                        mask
                    }
                })
            })
            .collect();
        let mut mentee_personal = Vec::with_capacity(inst.mentees.len());
        let mut mentee_personal_count = Vec::with_capacity(inst.mentees.len());
        for e in &inst.mentees {
            let mut wanted: Vec<String> =
                e.personal_preference.iter().map(|w| normalise(w)).collect();
            wanted.sort_unstable();
            wanted.dedup();
            let mask = wanted
                .iter()
                .filter_map(|w| words.get(w))
                .fold(0u64, |mask, &b| if b < 64 { mask | (1 << b) } else { mask });
            mentee_personal.push(mask);
            mentee_personal_count.push(wanted.len() as u32);
        }

        let levels: Vec<i32> = attrs
            .mentor_level
            .iter()
            .copied()
            .filter(|&l| l != NO_LEVEL)
            .collect();
        let min_level = levels.iter().copied().min().unwrap_or(0);
        let max_level = levels.iter().copied().max().unwrap_or(0);
        let n_level_slots = (max_level - min_level + 2) as usize;
        let mentor_level_idx = attrs
            .mentor_level
            .iter()
            .map(|&l| {
                if l == NO_LEVEL {
                    (n_level_slots - 1) as u32
                } else {
                    (l - min_level) as u32
                }
            })
            .collect();
        let n_locations = 1 + attrs
            .mentor_location
            .iter()
            .chain(&attrs.mentee_location)
            .filter(|&&x| x != MISSING)
            .max()
            .map_or(0, |&x| x + 1);
        let n_functions = 1 + attrs
            .mentor_function
            .iter()
            .chain(&attrs.mentee_function)
            .filter(|&&x| x != MISSING)
            .max()
            .map_or(0, |&x| x + 1);
        let slot = |x: u32, n: u32| if x == MISSING { n - 1 } else { x };
        let mentor_style_level = mentor_style
            .iter()
            .zip(&mentor_level_idx)
            .map(|(&s, &l)| s.min(n_styles) * n_level_slots as u32 + l)
            .collect();
        let mentor_place = attrs
            .mentor_location
            .iter()
            .zip(&attrs.mentor_function)
            .map(|(&x, &f)| slot(x, n_locations) * n_functions + slot(f, n_functions))
            .collect();
        let total_weight = inst.weights.total();
        let text_part = (0..=1000u64)
            .map(|fit| (u64::from(inst.weights.text) * fit * 100 / (total_weight * 1000)) as i32)
            .collect();
        ProfileModel {
            weights: inst.weights,
            total_weight: inst.weights.total(),
            text: TextModel::new(inst),
            skill_levels,
            mentee_focus,
            n_styles,
            mentor_style,
            mentee_style,
            mentor_personal,
            mentee_personal,
            mentee_personal_count,
            n_locations,
            n_functions,
            mentor_location: attrs
                .mentor_location
                .iter()
                .map(|&x| slot(x, n_locations))
                .collect(),
            mentor_function: attrs
                .mentor_function
                .iter()
                .map(|&x| slot(x, n_functions))
                .collect(),
            min_level,
            mentor_level_idx,
            n_level_slots,
            mentor_style_level,
            mentor_place,
            text_part,
        }
    }

    /// The weighted part of a criterion with the given fit (thousandths).
    fn part(&self, c: Criterion, fit_permille: u32) -> i32 {
        (u64::from(self.weights.get(c)) * u64::from(fit_permille) * 100
            / (self.total_weight * 1000)) as i32
    }

    pub fn tables(&self, inst: &Instance, attrs: &Attributes, i: usize) -> MenteeTables {
        let e = &inst.mentees[i];
        let rules = &inst.rules;
        let focus = self.mentee_focus[i].clone();
        let k = focus.len() as u32;
        let skill = (0..=k * u32::from(MAX_SKILL_LEVEL))
            .map(|sum| {
                if k == 0 {
                    0
                } else {
                    self.part(
                        Criterion::Skills,
                        sum * 1000 / (k * u32::from(MAX_SKILL_LEVEL)),
                    )
                }
            })
            .collect();

        let own = self.mentee_style[i];
        let style = (0..=self.n_styles)
            .map(|s| {
                let present = s < self.n_styles;
                let fit = match e.style_preference {
                    StylePreference::Any => 1000,
                    _ if own == MISSING || !present => 0,
                    StylePreference::Mirror => u32::from(s == own) * 1000,
                    StylePreference::Different => u32::from(s != own) * 1000,
                };
                self.part(Criterion::LeadershipStyle, fit)
            })
            .collect();

        let wanted = self.mentee_personal_count[i];
        let personal = (0..=64u32)
            .map(|c| {
                let fit = (c.min(wanted) * 1000).checked_div(wanted).unwrap_or(1000);
                self.part(Criterion::PersonalStyle, fit)
            })
            .collect();

        let le = attrs.mentee_level[i];
        let career = (0..self.n_level_slots)
            .map(|slot| {
                if slot == self.n_level_slots - 1 || le == NO_LEVEL {
                    return 0;
                }
                let gap = self.min_level + slot as i32 - le;
                if rules.min_level_gap.is_some_and(|g| gap < g) {
                    NEG
                } else {
                    self.part(Criterion::CareerGap, career_gap_fit(gap))
                }
            })
            .collect();

        let own_loc = attrs.mentee_location[i];
        let location = (0..self.n_locations)
            .map(|x| {
                if own_loc == MISSING || x == self.n_locations - 1 {
                    0
                } else if x == own_loc {
                    self.part(Criterion::Location, 1000)
                } else if rules.same_location {
                    NEG
                } else {
                    0
                }
            })
            .collect();

        let own_fun = attrs.mentee_function[i];
        let function = (0..self.n_functions)
            .map(|x| {
                if own_fun == MISSING || x == self.n_functions - 1 {
                    return 0;
                }
                let same = x == own_fun;
                match rules.function {
                    FunctionRule::Same if !same => NEG,
                    FunctionRule::Cross if same => NEG,
                    FunctionRule::Cross => self.part(Criterion::Function, 1000),
                    _ => self.part(Criterion::Function, u32::from(same) * 1000),
                }
            })
            .collect();

        let style: Vec<i32> = style;
        let career: Vec<i32> = career;
        let location: Vec<i32> = location;
        let function: Vec<i32> = function;
        let style_level = style
            .iter()
            .flat_map(|&s| career.iter().map(move |&c| s + c))
            .collect();
        let place = location
            .iter()
            .flat_map(|&l| function.iter().map(move |&f| l + f))
            .collect();
        MenteeTables {
            style_level,
            place,
            skill,
            style,
            personal,
            career,
            location,
            function,
            personal_mask: self.mentee_personal[i],
            focus,
        }
    }

    fn level_sum(&self, t: &MenteeTables, j: usize) -> usize {
        t.focus
            .iter()
            .map(|&f| usize::from(self.skill_levels[f as usize][j]))
            .sum()
    }

    /// One pair's parts, or `None` if a profile rule (level gap, location,
    /// function) excludes it. List rules are the caller's business.
    pub fn parts(&self, t: &MenteeTables, i: usize, j: usize) -> Option<Parts> {
        let parts = [
            t.skill[self.level_sum(t, j)],
            t.style[self.mentor_style[j].min(self.n_styles) as usize],
            t.personal[(t.personal_mask & self.mentor_personal[j]).count_ones() as usize],
            t.career[self.mentor_level_idx[j] as usize],
            t.location[self.mentor_location[j] as usize],
            t.function[self.mentor_function[j] as usize],
            self.part(Criterion::Text, self.text.fit_permille(i, j)),
        ];
        parts.iter().all(|&p| p >= 0).then_some(parts)
    }

    /// Every row's scores as one byte per pair (`UNSCORED` where a profile
    /// rule excludes; list rules are the caller's business), `data` being
    /// row-major with `m` columns.
    ///
    /// Rows are taken `CACHE_ROWS` at a time, and for each block of
    /// `CACHE_BLOCK` mentors every row of the batch is scored: the text sums
    /// then live in one small array, the dense terms' weights of the block
    /// stay in cache across the batch, and rare terms add their postings for
    /// the block. Each pair's sum runs over the same terms in the same order as
    /// `fill_row`, so the scores are the same bit for bit.
    pub fn fill_cache(&self, inst: &Instance, attrs: &Attributes, data: &mut [u8], m: usize) {
        self.fill_cache_with(inst, attrs, data, m, false);
    }

    /// `fill_cache`, on the portable tile function when `portable`.
    fn fill_cache_with(
        &self,
        inst: &Instance,
        attrs: &Attributes,
        data: &mut [u8],
        m: usize,
        portable: bool,
    ) {
        use rayon::prelude::*;
        let (slot, dense) = self.text.dense_layout(m);
        let blocks = m.div_ceil(CACHE_BLOCK);
        // Per term and block: where the block's postings start (rare terms only).
        let starts: Vec<u32> = (0..slot.len() as u32)
            .flat_map(|t| {
                let p = self.text.postings(t);
                let rare = slot[t as usize] == u32::MAX;
                (0..=blocks).map(move |b| {
                    if rare {
                        p.partition_point(|e| (e.0 as usize) < b * CACHE_BLOCK) as u32
                    } else {
                        0
                    }
                })
            })
            .collect();
        let layout = TextLayout {
            slot,
            dense,
            starts,
            blocks,
        };
        let byte_model = if portable {
            None
        } else {
            bytes::ByteModel::new(self)
        };
        data.par_chunks_mut(CACHE_ROWS * m)
            .enumerate()
            .for_each_init(
                || (vec![0f64; CACHE_BLOCK], vec![0u16; CACHE_BLOCK]),
                |(acc, levels), (c, chunk)| {
                    let r0 = c * CACHE_ROWS;
                    let tables: Vec<MenteeTables> = (r0..r0 + chunk.len() / m)
                        .map(|i| self.tables(inst, attrs, i))
                        .collect();
                    let byte_tables: Vec<Option<bytes::ByteTables>> = tables
                        .iter()
                        .map(|t| byte_model.as_ref().and_then(|bm| bm.tables(t)))
                        .collect();
                    for b0 in (0..m).step_by(CACHE_BLOCK) {
                        let b1 = (b0 + CACHE_BLOCK).min(m);
                        for (k, t) in tables.iter().enumerate() {
                            let out = &mut chunk[k * m + b0..k * m + b1];
                            let tile = Tile {
                                i: r0 + k,
                                b0,
                                b1,
                                m,
                            };
                            let bytes = byte_model.as_ref().zip(byte_tables[k].as_ref());
                            if portable {
                                self.fill_tile_generic(t, &layout, tile, out, acc, levels);
                            } else {
                                self.fill_tile(t, bytes, &layout, tile, out, acc, levels);
                            }
                        }
                    }
                },
            );
    }

    /// One row's scores with one block of mentors, using the CPU's wider
    /// vectors and `popcnt` where it has them (same arithmetic either way:
    /// no fused multiply-add, the same order of additions).
    #[allow(clippy::too_many_arguments)]
    fn fill_tile(
        &self,
        t: &MenteeTables,
        bytes: Option<(&bytes::ByteModel, &bytes::ByteTables)>,
        layout: &TextLayout,
        tile: Tile,
        out: &mut [u8],
        acc: &mut [f64],
        levels: &mut [u16],
    ) {
        #[cfg(target_arch = "x86_64")]
        {
            if let Some((bm, bt)) = bytes {
                // SAFETY: `ByteModel::new` found the features the function is compiled for.
                unsafe { self.fill_tile_avx512(t, bm, bt, layout, tile, out, acc, levels) };
                return;
            }
            if std::arch::is_x86_feature_detected!("avx2")
                && std::arch::is_x86_feature_detected!("popcnt")
            {
                // SAFETY: the CPU has the features the function is compiled for.
                unsafe { self.fill_tile_avx2(t, layout, tile, out, acc, levels) };
                return;
            }
        }
        self.fill_tile_generic(t, layout, tile, out, acc, levels);
    }

    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2,popcnt")]
    unsafe fn fill_tile_avx2(
        &self,
        t: &MenteeTables,
        layout: &TextLayout,
        tile: Tile,
        out: &mut [u8],
        acc: &mut [f64],
        levels: &mut [u16],
    ) {
        self.fill_tile_by(
            t,
            layout,
            tile,
            out,
            acc,
            levels,
            8,
            |b0, out, acc, levels| {
                // SAFETY: the CPU has AVX2 (this function's own requirement).
                unsafe { self.finish_avx2(t, b0, out, acc, levels) }
            },
        );
    }

    /// `fill_tile_avx2` with the byte finish (`bytes.rs`) for 64 pairs at a time.
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx512f,avx512bw,avx512vbmi,popcnt")]
    #[allow(clippy::too_many_arguments)]
    unsafe fn fill_tile_avx512(
        &self,
        t: &MenteeTables,
        bm: &bytes::ByteModel,
        bt: &bytes::ByteTables,
        layout: &TextLayout,
        tile: Tile,
        out: &mut [u8],
        acc: &mut [f64],
        levels: &mut [u16],
    ) {
        self.fill_tile_by(
            t,
            layout,
            tile,
            out,
            acc,
            levels,
            64,
            |b0, out, acc, levels| {
                // SAFETY: the CPU has the features (this function's own requirement).
                unsafe { self.finish_avx512(bm, bt, b0, out, acc, levels) }
            },
        );
    }

    /// A tile's sums, then `finish_lanes` on its pairs up to a multiple of
    /// `lanes` (given the first mentor) and `finish` on the rest.
    #[inline(always)]
    #[allow(clippy::too_many_arguments)]
    fn fill_tile_by(
        &self,
        t: &MenteeTables,
        layout: &TextLayout,
        tile: Tile,
        out: &mut [u8],
        acc: &mut [f64],
        levels: &mut [u16],
        lanes: usize,
        finish_lanes: impl FnOnce(usize, &mut [u8], &[f64], &[u16]),
    ) {
        let len = tile.b1 - tile.b0;
        self.tile_sums(t, layout, tile, acc, levels);
        let whole = len - len % lanes;
        finish_lanes(tile.b0, &mut out[..whole], &acc[..whole], &levels[..whole]);
        let rest = Tile {
            b0: tile.b0 + whole,
            ..tile
        };
        self.finish(
            t,
            rest,
            &mut out[whole..len],
            &acc[whole..len],
            &levels[whole..len],
        );
    }

    /// `finish` eight pairs at a time: the five table look-ups are vector
    /// gathers, the personal-style overlap a nibble-table popcount, the text
    /// fit's clamp, scaling and truncation the same `f64` operations.
    /// Indices are clamped to their tables (they are within them already:
    /// the clamp only makes the unchecked gathers safe whatever the input).
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    unsafe fn finish_avx2(
        &self,
        t: &MenteeTables,
        b0: usize,
        out: &mut [u8],
        acc: &[f64],
        levels: &[u16],
    ) {
        use std::arch::x86_64::*;
        let n = out.len();
        debug_assert!(n.is_multiple_of(8) && acc.len() == n && levels.len() == n);
        let personal = &self.mentor_personal[b0..b0 + n];
        let style_level = &self.mentor_style_level[b0..b0 + n];
        let place = &self.mentor_place[b0..b0 + n];
        let last = |v: &[i32]| _mm256_set1_epi32(v.len() as i32 - 1);
        let (skill_max, personal_max) = (last(&t.skill), last(&t.personal));
        let (sl_max, place_max, text_max) =
            (last(&t.style_level), last(&t.place), last(&self.text_part));
        let mask = _mm256_set1_epi64x(t.personal_mask as i64);
        let nibbles = _mm256_set1_epi8(0x0f);
        let bit_counts = _mm256_setr_epi8(
            0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4, 0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2,
            3, 3, 4,
        );
        let zero = _mm256_setzero_si256();
        let (zero_pd, one_pd, thousand) = (
            _mm256_setzero_pd(),
            _mm256_set1_pd(1.0),
            _mm256_set1_pd(1000.0),
        );
        let unscored = _mm256_set1_epi32(i32::from(UNSCORED));
        // Byte 0 of each `i32` to the low four bytes of each half, then the
        // halves' low `i32`s side by side.
        let low_bytes = _mm256_setr_epi8(
            0, 4, 8, 12, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, 0, 4, 8, 12, -1, -1, -1,
            -1, -1, -1, -1, -1, -1, -1, -1, -1,
        );
        let halves = _mm256_setr_epi32(0, 4, 1, 1, 1, 1, 1, 1);
        // Popcount of each `u64` of `x & mask`, in its low bits.
        let popcount = |x: __m256i| {
            let x = _mm256_and_si256(x, mask);
            let lo = _mm256_shuffle_epi8(bit_counts, _mm256_and_si256(x, nibbles));
            let hi = _mm256_shuffle_epi8(
                bit_counts,
                _mm256_and_si256(_mm256_srli_epi16(x, 4), nibbles),
            );
            _mm256_sad_epu8(_mm256_add_epi8(lo, hi), zero)
        };
        for k in (0..n).step_by(8) {
            // SAFETY: k + 8 <= n and every slice has n elements; the gathers'
            // indices are clamped to their tables.
            unsafe {
                let ls = _mm256_cvtepu16_epi32(_mm_loadu_si128(levels.as_ptr().add(k).cast()));
                let ls = _mm256_min_epi32(ls, skill_max);
                let pa = popcount(_mm256_loadu_si256(personal.as_ptr().add(k).cast()));
                let pb = popcount(_mm256_loadu_si256(personal.as_ptr().add(k + 4).cast()));
                // [a0 b0 a1 b1 | a2 b2 a3 b3] -> [a0 a1 a2 a3 b0 b1 b2 b3]
                let pc = _mm256_blend_epi32::<0b1010_1010>(pa, _mm256_slli_epi64::<32>(pb));
                let pc = _mm256_permutevar8x32_epi32(pc, _mm256_setr_epi32(0, 2, 4, 6, 1, 3, 5, 7));
                let pc = _mm256_min_epi32(pc, personal_max);
                let sl = _mm256_min_epu32(
                    _mm256_loadu_si256(style_level.as_ptr().add(k).cast()),
                    sl_max,
                );
                let pl =
                    _mm256_min_epu32(_mm256_loadu_si256(place.as_ptr().add(k).cast()), place_max);
                let permille = |d: __m256d| {
                    let d = _mm256_min_pd(_mm256_max_pd(d, zero_pd), one_pd);
                    _mm256_cvttpd_epi32(_mm256_mul_pd(d, thousand))
                };
                let lo = permille(_mm256_loadu_pd(acc.as_ptr().add(k)));
                let hi = permille(_mm256_loadu_pd(acc.as_ptr().add(k + 4)));
                let tx = _mm256_min_epi32(_mm256_set_m128i(hi, lo), text_max);
                let s = _mm256_add_epi32(
                    _mm256_add_epi32(
                        _mm256_i32gather_epi32::<4>(t.skill.as_ptr(), ls),
                        _mm256_i32gather_epi32::<4>(t.personal.as_ptr(), pc),
                    ),
                    _mm256_add_epi32(
                        _mm256_i32gather_epi32::<4>(t.style_level.as_ptr(), sl),
                        _mm256_i32gather_epi32::<4>(t.place.as_ptr(), pl),
                    ),
                );
                let v =
                    _mm256_add_epi32(s, _mm256_i32gather_epi32::<4>(self.text_part.as_ptr(), tx));
                let v = _mm256_blendv_epi8(v, unscored, _mm256_cmpgt_epi32(zero, s));
                let bytes = _mm256_permutevar8x32_epi32(_mm256_shuffle_epi8(v, low_bytes), halves);
                _mm_storel_epi64(
                    out.as_mut_ptr().add(k).cast(),
                    _mm256_castsi256_si128(bytes),
                );
            }
        }
    }

    #[inline(always)]
    fn fill_tile_generic(
        &self,
        t: &MenteeTables,
        layout: &TextLayout,
        tile: Tile,
        out: &mut [u8],
        acc: &mut [f64],
        levels: &mut [u16],
    ) {
        let len = tile.b1 - tile.b0;
        self.tile_sums(t, layout, tile, acc, levels);
        self.finish(t, tile, out, &acc[..len], &levels[..len]);
    }

    /// A tile's text sums into `acc` and skill level sums into `levels`.
    #[inline(always)]
    fn tile_sums(
        &self,
        t: &MenteeTables,
        layout: &TextLayout,
        tile: Tile,
        acc: &mut [f64],
        levels: &mut [u16],
    ) {
        let Tile { i, b0, b1, m } = tile;
        let len = b1 - b0;
        let acc = &mut acc[..len];
        acc.fill(0.0);
        if self.weights.text > 0 {
            let b = b0 / CACHE_BLOCK;
            // Consecutive dense terms are added as one run (`add_dense_run`).
            let mut run: [(f64, &[f64]); DENSE_RUN] = [(0.0, &[]); DENSE_RUN];
            let mut in_run = 0;
            for &(term, q) in self.text.query(i) {
                match layout.slot[term as usize] {
                    u32::MAX => {
                        add_dense_run(acc, &run[..in_run]);
                        in_run = 0;
                        let p = self.text.postings(term);
                        let at = term as usize * (layout.blocks + 1) + b;
                        let (lo, hi) = (layout.starts[at] as usize, layout.starts[at + 1] as usize);
                        for &(j, d) in &p[lo..hi] {
                            acc[j as usize - b0] += q * d;
                        }
                    }
                    s => {
                        if in_run == DENSE_RUN {
                            add_dense_run(acc, &run);
                            in_run = 0;
                        }
                        run[in_run] = (q, &layout.dense[s as usize * m + b0..s as usize * m + b1]);
                        in_run += 1;
                    }
                }
            }
            add_dense_run(acc, &run[..in_run]);
        }
        let levels = &mut levels[..len];
        match t.focus.as_slice() {
            [] => levels.fill(0),
            [f, rest @ ..] => {
                for (s, &l) in levels
                    .iter_mut()
                    .zip(&self.skill_levels[*f as usize][b0..b1])
                {
                    *s = u16::from(l);
                }
                for &f in rest {
                    for (s, &l) in levels
                        .iter_mut()
                        .zip(&self.skill_levels[f as usize][b0..b1])
                    {
                        *s += u16::from(l);
                    }
                }
            }
        }
    }

    /// The tile's bytes from its sums: four table look-ups and the text part.
    #[inline(always)]
    fn finish(&self, t: &MenteeTables, tile: Tile, out: &mut [u8], acc: &[f64], levels: &[u16]) {
        let (b0, b1) = (tile.b0, tile.b0 + out.len());
        let mask = t.personal_mask;
        let cells = out
            .iter_mut()
            .zip(levels.iter())
            .zip(&self.mentor_personal[b0..b1])
            .zip(
                self.mentor_style_level[b0..b1]
                    .iter()
                    .zip(&self.mentor_place[b0..b1]),
            )
            .zip(acc.iter());
        for ((((out, &ls), &personal), (&sl, &pl)), &dot) in cells {
            let s = t.skill[ls as usize]
                + t.personal[(mask & personal).count_ones() as usize]
                + t.style_level[sl as usize]
                + t.place[pl as usize];
            let tx = self.text_part[to_permille(dot) as usize];
            *out = if s < 0 { UNSCORED } else { (s + tx) as u8 };
        }
    }

    /// Scores of mentee `i` with every mentor (`-1` where a profile rule excludes).
    ///
    /// The text fit is summed densely (every mentor sharing a term, term by
    /// term in ascending order, exactly as `TextModel::fit_permille` sums one
    /// pair), then one flat loop adds up the table look-ups.
    pub fn fill_row(&self, t: &MenteeTables, i: usize, row: &mut [i32], scratch: &mut Scratch) {
        let m = row.len();
        let levels = &mut scratch.level_sum;
        levels.clear();
        match t.focus.as_slice() {
            [] => levels.resize(m, 0),
            [f, rest @ ..] => {
                levels.extend(self.skill_levels[*f as usize].iter().map(|&l| u16::from(l)));
                for &f in rest {
                    for (s, &l) in levels.iter_mut().zip(&self.skill_levels[f as usize]) {
                        *s += u16::from(l);
                    }
                }
            }
        }
        let mask = t.personal_mask;
        let rows = row
            .iter_mut()
            .zip(levels.iter())
            .zip(&self.mentor_personal)
            .zip(self.mentor_style_level.iter().zip(&self.mentor_place));
        let text = self.weights.text > 0 && self.text.has_query(i);
        if text {
            scratch.acc.clear();
            scratch.acc.resize(m, 0.0);
            self.text.accumulate_dense(i, &mut scratch.acc);
            for ((((out, &ls), &personal), (&sl, &pl)), &dot) in rows.zip(&scratch.acc) {
                let s = t.skill[ls as usize]
                    + t.personal[(mask & personal).count_ones() as usize]
                    + t.style_level[sl as usize]
                    + t.place[pl as usize];
                *out = if s < 0 {
                    -1
                } else {
                    s + self.text_part[to_permille(dot) as usize]
                };
            }
        } else {
            for (((out, &ls), &personal), (&sl, &pl)) in rows {
                let s = t.skill[ls as usize]
                    + t.personal[(mask & personal).count_ones() as usize]
                    + t.style_level[sl as usize]
                    + t.place[pl as usize];
                *out = if s < 0 { -1 } else { s };
            }
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use rand::seq::SliceRandom;
    use rand::{Rng, SeedableRng};
    use rand_chacha::ChaCha8Rng;
    use serde_json::json;

    /// Profiles over small sets of skills, styles and places, so that table
    /// cells repeat, and texts over a skewed vocabulary.
    pub(crate) fn instance(seed: u64, n: usize, m: usize) -> Instance {
        let v = instance_json(seed, n, m);
        Instance::from_json(v.to_string().as_bytes()).expect("a valid instance")
    }

    /// `instance` as JSON (mentors `m00000`…, mentees `e00000`…), to add to.
    pub(crate) fn instance_json(seed: u64, n: usize, m: usize) -> serde_json::Value {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let skills = ["strategy", "coaching", "talent", "finance", "sales", "data"];
        let styles = ["collaborative", "decisive", "visionary"];
        let personal = ["sociable", "thinker", "doer", "warm", "reserved", "direct"];
        let places = ["London", "Leeds", "Paris", "Lyon"];
        let functions = ["Finance", "Sales", "HR"];
        // A skewed vocabulary: a few words in most texts (summed densely),
        // many in few (summed from their postings).
        let vocabulary: Vec<String> = (0..300).map(|k| format!("w{k}")).collect();
        let mut rng3 = ChaCha8Rng::seed_from_u64(seed ^ 0x7e47);
        let mut text = |k: usize| -> String {
            (0..k)
                .map(|_| {
                    let top = rng3.gen_range(1..=vocabulary.len());
                    vocabulary[rng3.gen_range(0..top)].as_str()
                })
                .collect::<Vec<_>>()
                .join(" ")
        };
        let mut pick = |xs: &[&str], k: usize| -> Vec<String> {
            xs.choose_multiple(&mut rng, k)
                .map(|s| s.to_string())
                .collect()
        };
        let mut rng2 = ChaCha8Rng::seed_from_u64(seed ^ 0x5eed);
        let mentors: Vec<_> = (0..m)
            .map(|j| {
                let sk: serde_json::Map<String, serde_json::Value> = pick(&skills, 3)
                    .into_iter()
                    .map(|s| (s, json!(rng2.gen_range(0..=5))))
                    .collect();
                json!({"id": format!("m{j:05}"), "capacity": 1, "skills": sk,
                       "leadership_style": pick(&styles, 1)[0], "personal_style": pick(&personal, 3),
                       "level": rng2.gen_range(1..=12), "location": pick(&places, 1)[0],
                       "function": pick(&functions, 1)[0], "bio": text(12)})
            })
            .collect();
        let mentees: Vec<_> = (0..n)
            .map(|i| {
                let k = rng2.gen_range(0..=3);
                json!({"id": format!("e{i:05}"), "focus_skills": pick(&skills, k),
                       "leadership_style": pick(&styles, 1)[0],
                       "style_preference": pick(&["mirror", "different", "any"], 1)[0],
                       "personal_preference": pick(&personal, 2), "level": rng2.gen_range(1..=8),
                       "location": pick(&places, 1)[0], "function": pick(&functions, 1)[0],
                       "goals": text(8)})
            })
            .collect();
        let rules = json!({"management_line": "allow", "min_level_gap": 1, "function": "any"});
        json!({"rules": rules, "mentors": mentors, "mentees": mentees})
    }

    /// The score cache, filled by tiles (vector gathers on x86-64 with AVX2,
    /// and the portable function), holds for every pair the sum of the
    /// parts that explain it: over more than one tile of rows and of
    /// mentors, with a last block whose width is not a multiple of 8, and
    /// text terms summed densely and from their postings (and goals with
    /// more dense terms in a row than one run of `add_dense_run` takes).
    #[test]
    fn the_score_cache_holds_every_pairs_explained_score() {
        let (n, m) = (70, CACHE_BLOCK + 77);
        let mut longest_run = 0;
        for seed in 0..5 {
            let inst = match seed {
                0..3 => instance(seed, n, m),
                3 => long_dense_runs(seed, n, m),
                _ => many_places(seed, n, m),
            };
            let attrs = Attributes::new(&inst);
            let model = ProfileModel::new(&inst, &attrs);
            // The byte finish runs wherever the CPU has it, except where the
            // (location, function) table outgrows it (the last instance).
            assert_eq!(
                bytes::ByteModel::new(&model).is_some(),
                bytes::supported() && seed < 4,
                "seed {seed}"
            );
            // Goals use both kinds of text term.
            let (slot, _) = model.text.dense_layout(m);
            let terms = (0..n).flat_map(|i| model.text.query(i).iter().map(|&(t, _)| t));
            let dense = terms
                .clone()
                .filter(|&t| slot[t as usize] != u32::MAX)
                .count();
            let rare = terms.filter(|&t| slot[t as usize] == u32::MAX).count();
            assert!(
                dense > n && rare > n,
                "{dense} dense, {rare} rare query terms"
            );
            for i in 0..n {
                let mut run = 0;
                for &(t, _) in model.text.query(i) {
                    run = if slot[t as usize] == u32::MAX {
                        0
                    } else {
                        run + 1
                    };
                    longest_run = longest_run.max(run);
                }
            }
            let mut fast = vec![0u8; n * m];
            let mut portable = vec![0u8; n * m];
            model.fill_cache_with(&inst, &attrs, &mut fast, m, false);
            model.fill_cache_with(&inst, &attrs, &mut portable, m, true);
            let mut scored = 0;
            for i in 0..n {
                let t = model.tables(&inst, &attrs, i);
                for j in 0..m {
                    let want = match model.parts(&t, i, j) {
                        Some(parts) => {
                            scored += 1;
                            u8::try_from(parts.iter().sum::<i32>()).expect("a score 0–100")
                        }
                        None => UNSCORED,
                    };
                    assert_eq!(fast[i * m + j], want, "seed {seed}, pair ({i}, {j})");
                    assert_eq!(portable[i * m + j], want, "seed {seed}, pair ({i}, {j})");
                }
            }
            // Both kinds of pair occur.
            assert!(
                scored > n * m / 4 && scored < n * m,
                "{scored} of {}",
                n * m
            );
        }
        assert!(
            longest_run > DENSE_RUN,
            "{longest_run} dense terms in a row at most"
        );
    }

    /// `instance` with 50 locations (200 location and function cells).
    fn many_places(seed: u64, n: usize, m: usize) -> Instance {
        let mut v = instance_json(seed, n, m);
        for (j, mentor) in v["mentors"]
            .as_array_mut()
            .expect("mentors")
            .iter_mut()
            .enumerate()
        {
            mentor["location"] = format!("L{}", j % 50).into();
        }
        for (i, mentee) in v["mentees"]
            .as_array_mut()
            .expect("mentees")
            .iter_mut()
            .enumerate()
        {
            mentee["location"] = format!("L{}", i % 60).into();
        }
        Instance::from_json(v.to_string().as_bytes()).expect("a valid instance")
    }

    /// `instance` with texts over 30 common words (each in most bios, so
    /// summed densely) and a rare word or two per person: goals hold runs of
    /// up to 30 dense terms, broken here and there by rare ones; a third of
    /// the mentees also want a personal-style word no mentor has.
    fn long_dense_runs(seed: u64, n: usize, m: usize) -> Instance {
        let mut v = instance_json(seed, n, m);
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let words = |rare: &[String], k: usize, rng: &mut ChaCha8Rng| -> String {
            let mut w: Vec<String> = Vec::new();
            for c in 0..30 {
                if rng.gen_bool(0.8) {
                    let times = rng.gen_range(1..=k);
                    w.extend(std::iter::repeat_n(format!("c{c}"), times));
                }
            }
            w.extend_from_slice(rare);
            w.shuffle(rng);
            w.join(" ")
        };
        for (j, mentor) in v["mentors"]
            .as_array_mut()
            .expect("mentors")
            .iter_mut()
            .enumerate()
        {
            mentor["bio"] = words(&[format!("r{j}")], 1, &mut rng).into();
        }
        for (i, mentee) in v["mentees"]
            .as_array_mut()
            .expect("mentees")
            .iter_mut()
            .enumerate()
        {
            let rare = [
                format!("r{}", (i * 7) % m),
                format!("r{}", (i * 13 + 1) % m),
            ];
            mentee["goals"] = words(&rare, 3, &mut rng).into();
            // A personal-style word no mentor has.
            if i % 3 == 0 {
                mentee["personal_preference"]
                    .as_array_mut()
                    .expect("words")
                    .push("unheard".into());
            }
        }
        Instance::from_json(v.to_string().as_bytes()).expect("a valid instance")
    }
}
