//! The score cache's tiles finished 64 pairs at a time on byte tables
//! (x86-64 with AVX-512 BW and VBMI), in place of `finish_avx2`'s five
//! vector gathers per eight pairs.
//!
//! Every table entry is a part of 0–100 or, where a rule excludes, 255; the
//! parts of a pair add up to at most 100, so a saturating byte sum is 255
//! exactly when some part excludes the pair, which is `UNSCORED`. A
//! mentee's four tables (skills, personal style, style and level, place)
//! are looked up with one two-register byte permute each, and so need at
//! most 128 entries; the personal-style overlap is the sum of one byte row
//! per wanted word (1 where the mentor has it) instead of a popcount; and the
//! text part `⌊w · fit · 100 / (total · 1000)⌋` is computed in `f64`
//! (exact: see `TextPart`) instead of looked up. Where a table does not
//! fit, the tile keeps the gathers: the same bytes either way.

use super::{MenteeTables, ProfileModel, MAX_PERSONAL_STYLE_WORDS};

/// Entries of a table one byte permute of two registers reads.
const TABLE: usize = 128;
/// A table entry that excludes the pair.
const EXCLUDED: u8 = u8::MAX;

/// What the byte finish needs beyond the model, built once per cache fill.
pub(super) struct ByteModel {
    /// Per mentor: its (style, level) and (location, function) cells.
    style_level: Vec<u8>,
    place: Vec<u8>,
    /// Per personal-style word (bit of the masks): per mentor, 1 if the
    /// mentor has the word.
    words: Vec<Vec<u8>>,
    text: TextPart,
}

/// `⌊fit · w / b⌋` for a fit of 0–1000 thousandths, with `w = text weight ·
/// 100` and `b = total weight · 1000`, as `⌊(fit · w + ½) · (1 / b)⌋` in
/// `f64`. With `fit · w = n·b + r` (`0 ≤ r < b`) the exact value of
/// `(fit · w + ½) / b` lies in `[n + ½/b, n + 1 − ½/b]`. `fit · w + ½` is
/// exact in `f64`; rounding `1 / b` and then the product moves the result by
/// less than `(n + 1) · 2⁻⁵²`, which stays below `½/b` while
/// `(n + 1) · b < 2⁴⁰` (`n` is at most 100): the truncation is `n`.
#[derive(Clone, Copy)]
struct TextPart {
    w: f64,
    inv_b: f64,
}

impl TextPart {
    fn new(text_weight: u64, total_weight: u64) -> Option<TextPart> {
        let w = text_weight.checked_mul(100)?;
        let b = total_weight.checked_mul(1000)?;
        // `fit · w + ½` exact in `f64`, and the bound above.
        (b > 0 && w.checked_mul(1000)? < 1 << 52 && b.checked_mul(101)? < 1 << 40).then(|| {
            TextPart {
                w: w as f64,
                inv_b: 1.0 / b as f64,
            }
        })
    }

    #[cfg(test)]
    fn part(self, fit: u32) -> i32 {
        ((f64::from(fit) * self.w + 0.5) * self.inv_b) as i32
    }
}

/// One mentee's tables as bytes, for `finish_avx512`.
pub(super) struct ByteTables {
    skill: [u8; TABLE],
    personal: [u8; TABLE],
    style_level: [u8; TABLE],
    place: [u8; TABLE],
    skill_max: u8,
    /// The mentee's wanted words (bits of its mask).
    words: Vec<usize>,
}

/// A table as bytes, or `None` if it has more than `TABLE` entries (or an
/// entry beyond a score).
fn table_bytes(t: &[i32]) -> Option<[u8; TABLE]> {
    if t.len() > TABLE {
        return None;
    }
    let mut out = [0u8; TABLE];
    for (o, &v) in out.iter_mut().zip(t) {
        *o = match v {
            ..0 => EXCLUDED,
            0..=100 => v as u8,
            _ => return None,
        };
    }
    Some(out)
}

impl ByteModel {
    /// `None` unless the CPU has the instructions and every mentor-side
    /// table index fits a byte table.
    pub(super) fn new(model: &ProfileModel) -> Option<ByteModel> {
        if !supported() {
            return None;
        }
        let text = TextPart::new(u64::from(model.weights.text), model.total_weight)?;
        let cells = |v: &[u32], n: usize| -> Option<Vec<u8>> {
            (n <= TABLE).then(|| v.iter().map(|&c| c as u8).collect())
        };
        let style_level = cells(
            &model.mentor_style_level,
            (model.n_styles as usize + 1) * model.n_level_slots,
        )?;
        let place = cells(
            &model.mentor_place,
            model.n_locations as usize * model.n_functions as usize,
        )?;
        let used = model
            .mentor_personal
            .iter()
            .fold(0u64, |a, &p| a | p)
            .checked_ilog2()
            .map_or(0, |b| b as usize + 1);
        let words = (0..used.min(MAX_PERSONAL_STYLE_WORDS))
            .map(|b| {
                model
                    .mentor_personal
                    .iter()
                    .map(|&p| (p >> b & 1) as u8)
                    .collect()
            })
            .collect();
        Some(ByteModel {
            style_level,
            place,
            words,
            text,
        })
    }

    /// The mentee's byte tables, or `None` if one does not fit.
    pub(super) fn tables(&self, t: &MenteeTables) -> Option<ByteTables> {
        // Words no mentor has add nothing; the overlap is at most the others.
        let words: Vec<usize> = (0..self.words.len())
            .filter(|&b| t.personal_mask >> b & 1 == 1)
            .collect();
        Some(ByteTables {
            skill: table_bytes(&t.skill)?,
            personal: table_bytes(t.personal.get(..=words.len())?)?,
            style_level: table_bytes(&t.style_level)?,
            place: table_bytes(&t.place)?,
            skill_max: u8::try_from(t.skill.len() - 1).ok()?,
            words,
        })
    }
}

/// Whether this CPU runs `finish_avx512`.
pub(super) fn supported() -> bool {
    crate::cpu::avx512vbmi()
}

impl ProfileModel {
    /// `finish` 64 pairs at a time on byte tables: `out.len()` is a
    /// multiple of 64, mentors `b0..b0 + out.len()`, `levels` the skill level
    /// sums (at most the last entry of the skill table).
    ///
    /// # Safety
    /// The CPU has AVX-512 F, BW and VBMI (`ByteModel::new` checked).
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx512f,avx512bw,avx512vbmi")]
    pub(super) unsafe fn finish_avx512(
        &self,
        bm: &ByteModel,
        bt: &ByteTables,
        b0: usize,
        out: &mut [u8],
        acc: &[f64],
        levels: &[u16],
    ) {
        use std::arch::x86_64::*;
        let n = out.len();
        debug_assert!(n.is_multiple_of(64) && acc.len() == n && levels.len() == n);
        let style_level = &bm.style_level[b0..b0 + n];
        let place = &bm.place[b0..b0 + n];
        // SAFETY (all loads and stores below): `k + 64 <= n` and every slice
        // has `n` elements; each table has `TABLE` = 128 bytes.
        unsafe {
            let table = |t: &[u8; TABLE]| {
                (
                    _mm512_loadu_si512(t.as_ptr().cast()),
                    _mm512_loadu_si512(t.as_ptr().add(64).cast()),
                )
            };
            // Index bytes pick one of 128 entries (their top bit is ignored).
            let look =
                |(lo, hi): (__m512i, __m512i), idx: __m512i| _mm512_permutex2var_epi8(lo, idx, hi);
            let (skill, personal) = (table(&bt.skill), table(&bt.personal));
            let (sl_table, place_table) = (table(&bt.style_level), table(&bt.place));
            let skill_max = _mm512_set1_epi8(bt.skill_max as i8);
            let (zero, one, thousand) = (
                _mm512_setzero_pd(),
                _mm512_set1_pd(1.0),
                _mm512_set1_pd(1000.0),
            );
            let (w, half, inv_b) = (
                _mm512_set1_pd(bm.text.w),
                _mm512_set1_pd(0.5),
                _mm512_set1_pd(bm.text.inv_b),
            );
            // Eight text sums to their parts, as `i32`s.
            let text8 = |at: usize| {
                let d = _mm512_loadu_pd(acc.as_ptr().add(at));
                let d = _mm512_min_pd(_mm512_max_pd(d, zero), one);
                let fit = _mm512_roundscale_pd::<{ _MM_FROUND_TO_ZERO | _MM_FROUND_NO_EXC }>(
                    _mm512_mul_pd(d, thousand),
                );
                _mm512_cvttpd_epi32(_mm512_mul_pd(
                    _mm512_add_pd(_mm512_mul_pd(fit, w), half),
                    inv_b,
                ))
            };
            // Sixteen text parts as bytes.
            let text16 = |at: usize| {
                let v = _mm512_inserti64x4::<1>(_mm512_castsi256_si512(text8(at)), text8(at + 8));
                _mm512_cvtepi32_epi8(v)
            };
            for k in (0..n).step_by(64) {
                let l0 = _mm512_cvtepi16_epi8(_mm512_loadu_si512(levels.as_ptr().add(k).cast()));
                let l1 =
                    _mm512_cvtepi16_epi8(_mm512_loadu_si512(levels.as_ptr().add(k + 32).cast()));
                let ls = _mm512_inserti64x4::<1>(_mm512_castsi256_si512(l0), l1);
                let ls = _mm512_min_epu8(ls, skill_max);
                let mut overlap = _mm512_setzero_si512();
                for &b in &bt.words {
                    let w = &bm.words[b][b0..b0 + n];
                    overlap =
                        _mm512_add_epi8(overlap, _mm512_loadu_si512(w.as_ptr().add(k).cast()));
                }
                let sl = _mm512_loadu_si512(style_level.as_ptr().add(k).cast());
                let pl = _mm512_loadu_si512(place.as_ptr().add(k).cast());
                let s = _mm512_adds_epu8(
                    _mm512_adds_epu8(look(skill, ls), look(personal, overlap)),
                    _mm512_adds_epu8(look(sl_table, sl), look(place_table, pl)),
                );
                let tx = _mm512_castsi128_si512(text16(k));
                let tx = _mm512_inserti32x4::<1>(tx, text16(k + 16));
                let tx = _mm512_inserti32x4::<2>(tx, text16(k + 32));
                let tx = _mm512_inserti32x4::<3>(tx, text16(k + 48));
                _mm512_storeu_si512(out.as_mut_ptr().add(k).cast(), _mm512_adds_epu8(s, tx));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The computed text part is the table's for every fit, over weights
    /// that make the quotient land on and near whole numbers.
    #[test]
    fn the_text_part_is_the_exact_quotient() {
        for text in [0u64, 1, 3, 7, 10, 33, 50, 99, 100, 1000, 65_535] {
            for rest in [0u64, 1, 2, 9, 40, 90, 97, 300, 1_000_000] {
                let total = text + rest;
                let Some(tp) = TextPart::new(text, total) else {
                    assert_eq!(total, 0);
                    continue;
                };
                for fit in 0..=1000u64 {
                    let want = (text * fit * 100 / (total * 1000)) as i32;
                    assert_eq!(
                        tp.part(fit as u32),
                        want,
                        "text {text}, total {total}, fit {fit}"
                    );
                }
            }
        }
    }
}
