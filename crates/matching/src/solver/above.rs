//! Byte rows of scores searched 64 at a time (x86-64 with AVX-512 BW): one
//! compare gives a mask of the bytes that pass, and only its set bits are
//! visited, in mentor order — the same pairs, in the same order, as the
//! portable block loops of `mod.rs`.

/// Whether this CPU runs the functions below.
#[inline]
pub(super) fn supported() -> bool {
    crate::cpu::avx512bw()
}

/// Bit `k` set where `key8(row[at + k]) > bound` (or `> bounds[at + k]`), for the
/// up to 64 bytes from `at`.
///
/// # Safety
/// AVX-512 F and BW; `at < row.len()`, and `bounds` (if given) as long as `row`.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f,avx512bw")]
#[inline]
unsafe fn mask_above(row: &[u8], at: usize, bound: u8, bounds: Option<&[u8]>) -> u64 {
    use std::arch::x86_64::*;
    let left = row.len() - at;
    let lanes: u64 = if left >= 64 { !0 } else { (1 << left) - 1 };
    // SAFETY: the masked loads read only the `left` bytes from `at`.
    unsafe {
        let v = _mm512_maskz_loadu_epi8(lanes, row.as_ptr().add(at).cast());
        let key = _mm512_add_epi8(v, _mm512_set1_epi8(1));
        let b = match bounds {
            Some(bounds) => _mm512_maskz_loadu_epi8(lanes, bounds.as_ptr().add(at).cast()),
            None => _mm512_set1_epi8(bound as i8),
        };
        _mm512_mask_cmpgt_epu8_mask(lanes, key, b)
    }
}

/// `f(j)` for every `j` with `key8(row[j]) > t`, in order, on vectors;
/// `false` (and no call) if the CPU lacks them.
#[inline(always)]
pub(super) fn each_above(row: &[u8], t: u8, f: impl FnMut(usize)) -> bool {
    #[cfg(target_arch = "x86_64")]
    if supported() {
        // SAFETY: the CPU has the features.
        unsafe { each_above_avx512(row, t, f) };
        return true;
    }
    let _ = (row, t, f);
    false
}

/// `f(j, bounds)` for every `j` with `key8(row[j]) > bounds[j]`, in order,
/// on vectors (`f` may change `bounds[j]`: each byte is compared before its
/// own call); `false` (and no call) if the CPU lacks them.
#[inline(always)]
pub(super) fn each_above_bounds(
    row: &[u8],
    bounds: &mut [u8],
    f: impl FnMut(usize, &mut [u8]),
) -> bool {
    #[cfg(target_arch = "x86_64")]
    if supported() {
        // SAFETY: the CPU has the features.
        unsafe { each_above_bounds_avx512(row, bounds, f) };
        return true;
    }
    let _ = (row, bounds, f);
    false
}

/// How many `j` have `key8(row[j]) > t`, on vectors (`None` if the CPU lacks them).
#[inline]
pub(super) fn count_above(row: &[u8], t: u8) -> Option<usize> {
    #[cfg(target_arch = "x86_64")]
    if supported() {
        // SAFETY: the CPU has the features.
        return Some(unsafe { count_above_avx512(row, t) });
    }
    let _ = (row, t);
    None
}

/// Pricing's collecting loop on a byte row: `f(j)` in order for every open
/// pair (scored, not `kept`) with `row[j] - p32[j] > t` — `f` decides
/// afterwards, against its own threshold that only rises, whether it is
/// still a hit — and the best score of the other open pairs (-1 if none),
/// on vectors; `None` (and no call) if the CPU lacks them.
#[inline(always)]
pub(super) fn each_open_above(
    row: &[u8],
    kept: &[bool],
    p32: &[i32],
    t: i32,
    f: impl FnMut(usize),
) -> Option<i32> {
    #[cfg(target_arch = "x86_64")]
    if supported() {
        // SAFETY: the CPU has the features.
        return Some(unsafe { each_open_above_avx512(row, kept, p32, t, f) });
    }
    let _ = (row, kept, p32, t, f);
    None
}

/// # Safety
/// AVX-512 F and BW.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f,avx512bw")]
unsafe fn each_open_above_avx512(
    row: &[u8],
    kept: &[bool],
    p32: &[i32],
    t: i32,
    mut f: impl FnMut(usize),
) -> i32 {
    use std::arch::x86_64::*;
    let n = row.len();
    assert!(kept.len() == n && p32.len() == n);
    let (tv, unscored) = (_mm512_set1_epi32(t), _mm512_set1_epi32(i32::from(u8::MAX)));
    let mut far = _mm512_set1_epi32(-1);
    for at in (0..n).step_by(64) {
        let left = n - at;
        let lanes: u64 = if left >= 64 { !0 } else { (1 << left) - 1 };
        // SAFETY (the loads): masked to the `left` elements from `at`.
        let (scores, kept8) = unsafe {
            (
                _mm512_maskz_loadu_epi8(lanes, row.as_ptr().add(at).cast()),
                _mm512_maskz_loadu_epi8(lanes, kept.as_ptr().add(at).cast()),
            )
        };
        // Each 16 bytes widened to 32-bit lanes, from copies on the stack.
        let (mut sb, mut kb) = ([0u8; 64], [0u8; 64]);
        // SAFETY: 64 bytes each.
        unsafe {
            _mm512_storeu_si512(sb.as_mut_ptr().cast(), scores);
            _mm512_storeu_si512(kb.as_mut_ptr().cast(), kept8);
        }
        let mut hits = 0u64;
        for g in 0..4 {
            let m16 = (lanes >> (16 * g)) as u16;
            // SAFETY: 16 bytes from `16 * g < 64` of each copy; `p32`
            // masked to the `left` elements from `at`.
            let (s, k, p) = unsafe {
                (
                    _mm512_cvtepu8_epi32(_mm_loadu_si128(sb.as_ptr().add(16 * g).cast())),
                    _mm512_cvtepu8_epi32(_mm_loadu_si128(kb.as_ptr().add(16 * g).cast())),
                    _mm512_maskz_loadu_epi32(m16, p32.as_ptr().add(at + 16 * g).cast()),
                )
            };
            let open = _mm512_mask_cmpneq_epi32_mask(m16, s, unscored)
                & _mm512_cmpeq_epi32_mask(k, _mm512_setzero_si512());
            let above = _mm512_mask_cmpgt_epi32_mask(open, _mm512_sub_epi32(s, p), tv);
            far = _mm512_mask_max_epi32(far, open & !above, far, s);
            hits |= u64::from(above) << (16 * g);
        }
        while hits != 0 {
            f(at + hits.trailing_zeros() as usize);
            hits &= hits - 1;
        }
    }
    _mm512_reduce_max_epi32(far)
}

/// # Safety
/// AVX-512 F and BW.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f,avx512bw")]
unsafe fn each_above_avx512(row: &[u8], t: u8, mut f: impl FnMut(usize)) {
    for at in (0..row.len()).step_by(64) {
        // SAFETY: the caller's features; `at < row.len()`.
        let mut m = unsafe { mask_above(row, at, t, None) };
        while m != 0 {
            f(at + m.trailing_zeros() as usize);
            m &= m - 1;
        }
    }
}

/// # Safety
/// AVX-512 F and BW.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f,avx512bw")]
unsafe fn each_above_bounds_avx512(
    row: &[u8],
    bounds: &mut [u8],
    mut f: impl FnMut(usize, &mut [u8]),
) {
    assert_eq!(row.len(), bounds.len());
    for at in (0..row.len()).step_by(64) {
        // SAFETY: the caller's features; `at < row.len() == bounds.len()`.
        let mut m = unsafe { mask_above(row, at, 0, Some(bounds)) };
        while m != 0 {
            f(at + m.trailing_zeros() as usize, bounds);
            m &= m - 1;
        }
    }
}

/// # Safety
/// AVX-512 F and BW.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f,avx512bw")]
unsafe fn count_above_avx512(row: &[u8], t: u8) -> usize {
    (0..row.len())
        .step_by(64)
        // SAFETY: the caller's features; `at < row.len()`.
        .map(|at| unsafe { mask_above(row, at, t, None) }.count_ones() as usize)
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{Rng, SeedableRng};
    use rand_chacha::ChaCha8Rng;

    fn key8(s: u8) -> u8 {
        s.wrapping_add(1)
    }

    /// The vector scans visit the bytes the plain definitions pick, in
    /// order, over lengths around whole vectors, with unscored bytes (255);
    /// `each_above_bounds` compares each byte before its own call changes
    /// its bound (here: raises it past the byte).
    #[test]
    fn vector_scans_pick_what_the_definitions_pick() {
        if !supported() {
            return; // nothing to compare on this CPU
        }
        let mut rng = ChaCha8Rng::seed_from_u64(7);
        for len in (0..200).chain([1000, 20_000]) {
            let row: Vec<u8> = (0..len)
                .map(|_| {
                    if rng.gen_bool(0.2) {
                        255
                    } else {
                        rng.gen_range(0..=100)
                    }
                })
                .collect();
            let t: u8 = rng.gen_range(0..=101);
            let want: Vec<usize> = (0..len).filter(|&j| key8(row[j]) > t).collect();
            let mut got = Vec::new();
            assert!(each_above(&row, t, |j| got.push(j)));
            assert_eq!(got, want, "len {len}, t {t}");
            assert_eq!(count_above(&row, t), Some(want.len()));

            let mut bounds: Vec<u8> = (0..len).map(|_| rng.gen_range(0..=101)).collect();
            let before = bounds.clone();
            let want: Vec<usize> = (0..len).filter(|&j| key8(row[j]) > before[j]).collect();
            let mut got = Vec::new();
            assert!(each_above_bounds(&row, &mut bounds, |j, b| {
                got.push(j);
                b[j] = 255;
            }));
            assert_eq!(got, want, "len {len}, with bounds");
            for j in 0..len {
                let raised = if want.contains(&j) { 255 } else { before[j] };
                assert_eq!(bounds[j], raised);
            }
        }
    }
}
