//! Instants in the API as RFC 3339 text. (Pages read and show times in the
//! person's own zone: `mentorhub_web::local_time`.)

use mentorhub_domain::time_util::Timestamp;
use serde::Serializer;

pub fn rfc3339<S: Serializer>(t: &Timestamp, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&t.to_rfc3339())
}

pub fn opt_rfc3339<S: Serializer>(t: &Option<Timestamp>, s: S) -> Result<S::Ok, S::Error> {
    match t {
        Some(t) => s.serialize_str(&t.to_rfc3339()),
        None => s.serialize_none(),
    }
}
