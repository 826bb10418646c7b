//! Which AVX-512 paths this CPU runs (checked once per call site's use; the
//! standard library caches the answers). Elsewhere than x86-64: none.

/// AVX-512 F and BW: the 64-byte mask scans and the flat loops' wide builds.
#[inline]
pub(crate) fn avx512bw() -> bool {
    #[cfg(target_arch = "x86_64")]
    {
        std::arch::is_x86_feature_detected!("avx512f")
            && std::arch::is_x86_feature_detected!("avx512bw")
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        false
    }
}

/// `avx512bw` and VBMI: the scoring tile's byte-table finish.
#[inline]
pub(crate) fn avx512vbmi() -> bool {
    #[cfg(target_arch = "x86_64")]
    {
        avx512bw() && std::arch::is_x86_feature_detected!("avx512vbmi")
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        false
    }
}
