//! The integer type the solver computes in: `i64` when the tiered weights fit
//! with room to spare (all realistic instances), `i128` otherwise.

use std::fmt::Debug;
use std::ops::{Add, AddAssign, Sub, SubAssign};

pub trait Weight:
    Copy
    + Ord
    + Debug
    + Send
    + Sync
    + Add<Output = Self>
    + Sub<Output = Self>
    + AddAssign
    + SubAssign
    + 'static
{
    const ZERO: Self;
    fn from_i128(v: i128) -> Self;
    fn from_i32(v: i32) -> Self;
    fn to_i128(self) -> i128;
    /// The slice as `i64`s, if that is the type (for vector code).
    fn as_i64s(s: &[Self]) -> Option<&[i64]>;
}

impl Weight for i64 {
    const ZERO: Self = 0;
    fn from_i128(v: i128) -> Self {
        i64::try_from(v).expect("weight fits the chosen width")
    }
    fn from_i32(v: i32) -> Self {
        i64::from(v)
    }
    fn to_i128(self) -> i128 {
        i128::from(self)
    }
    fn as_i64s(s: &[Self]) -> Option<&[i64]> {
        Some(s)
    }
}

impl Weight for i128 {
    const ZERO: Self = 0;
    fn from_i128(v: i128) -> Self {
        v
    }
    fn from_i32(v: i32) -> Self {
        i128::from(v)
    }
    fn to_i128(self) -> i128 {
        self
    }
    fn as_i64s(_: &[Self]) -> Option<&[i64]> {
        None
    }
}

/// Whether every weight up to `max_weight` leaves `i64` headroom for the
/// solver's potentials and path lengths (a few times the largest weight).
pub fn fits_i64(max_weight: i128) -> bool {
    max_weight < i128::from(i64::MAX / 8)
}
