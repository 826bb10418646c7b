//! JSON API handlers by area. Each area exposes `router()`, merged in `crate::api()`.

pub mod people;
