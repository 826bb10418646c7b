//! Small helpers for form and JSON input that keep what a person typed.

use serde::{Deserialize, Deserializer};

/// A number field kept as typed: forms send text, JSON clients a number or text.
pub fn number_text<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum NumberOrText {
        Int(i64),
        Float(f64),
        Text(String),
    }
    Ok(match NumberOrText::deserialize(d)? {
        NumberOrText::Int(n) => n.to_string(),
        NumberOrText::Float(f) => f.to_string(),
        NumberOrText::Text(s) => s,
    })
}

/// A checkbox: present ("on", "true", "1") means yes; JSON may send a bool.
pub fn checkbox<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum BoolOrText {
        Bool(bool),
        Text(String),
    }
    Ok(match BoolOrText::deserialize(d)? {
        BoolOrText::Bool(b) => b,
        BoolOrText::Text(s) => matches!(s.as_str(), "on" | "true" | "1" | "yes"),
    })
}
