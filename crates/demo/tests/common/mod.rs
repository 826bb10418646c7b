//! What both generator test files share: the day the demo is generated for.

use mentorhub_demo::{generate, DemoOrg};
use mentorhub_domain::time_util::Timestamp;

/// 2026-11-23 09:30 UTC.
pub const TODAY: Timestamp = Timestamp(1_795_426_200_000);

/// The organisation `mentorhub serve --demo` would load on that day.
pub fn org() -> DemoOrg {
    generate(mentorhub_demo::DEFAULT_SEED, TODAY)
}
