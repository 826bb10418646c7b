//! Dates and times as each person reads them: in their time zone (an IANA name,
//! their account setting, else the organisation's) and in their date style.
//!
//! Pages format through `pages::format_date` / `format_datetime`, which read the
//! viewer of the request being handled: [`viewer_scope`] (middleware) opens the
//! request with the organisation's settings and the session extractor replaces
//! them with the signed-in person's. Forms that take a time read it with the
//! person's settings explicitly ([`TimePrefs::parse_input`]).

use crate::state::AppState;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use chrono::{DateTime, LocalResult, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;
use mentorhub_domain::time_util::Timestamp;
use std::cell::Cell;
use std::fmt;

/// How dates and times are written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum DateStyle {
    /// 23 Nov 2026, 14:30 — day month year, 24-hour clock.
    #[default]
    EnGb,
    /// Nov 23, 2026, 2:30 PM — month day year, 12-hour clock.
    EnUs,
    /// 2026-11-23 14:30 — ISO 8601.
    Iso,
}

impl DateStyle {
    pub const ALL: [DateStyle; 3] = [DateStyle::EnGb, DateStyle::EnUs, DateStyle::Iso];

    /// The stored and submitted value.
    pub fn as_str(self) -> &'static str {
        match self {
            DateStyle::EnGb => "en-GB",
            DateStyle::EnUs => "en-US",
            DateStyle::Iso => "iso",
        }
    }

    pub fn parse(s: &str) -> Option<DateStyle> {
        DateStyle::ALL
            .into_iter()
            .find(|d| d.as_str().eq_ignore_ascii_case(s.trim()))
    }

    /// What the choice means, for its label.
    pub fn description(self) -> &'static str {
        match self {
            DateStyle::EnGb => "day month year, 24-hour clock",
            DateStyle::EnUs => "month day year, 12-hour clock",
            DateStyle::Iso => "year-month-day (ISO 8601), 24-hour clock",
        }
    }

    fn date_format(self) -> &'static str {
        match self {
            DateStyle::EnGb => "%-d %b %Y",
            DateStyle::EnUs => "%b %-d, %Y",
            DateStyle::Iso => "%Y-%m-%d",
        }
    }

    fn datetime_format(self) -> &'static str {
        match self {
            DateStyle::EnGb => "%-d %b %Y, %H:%M %Z",
            DateStyle::EnUs => "%b %-d, %Y, %-I:%M %p %Z",
            DateStyle::Iso => "%Y-%m-%d %H:%M %Z",
        }
    }
}

/// A time zone by its IANA name (`Europe/London`), exact or in any letter case.
pub fn parse_zone(name: &str) -> Option<Tz> {
    let name = name.trim();
    name.parse::<Tz>().ok().or_else(|| {
        chrono_tz::TZ_VARIANTS
            .iter()
            .copied()
            .find(|tz| tz.name().eq_ignore_ascii_case(name))
    })
}

/// The zone names offered in forms: the current `Area/City` names (plus UTC),
/// not the legacy aliases.
pub fn zone_names() -> impl Iterator<Item = &'static str> {
    const AREAS: [&str; 9] = [
        "Africa/",
        "America/",
        "Antarctica/",
        "Asia/",
        "Atlantic/",
        "Australia/",
        "Europe/",
        "Indian/",
        "Pacific/",
    ];
    std::iter::once("UTC").chain(
        chrono_tz::TZ_VARIANTS
            .iter()
            .map(|tz| tz.name())
            .filter(|n| AREAS.iter().any(|a| n.starts_with(a))),
    )
}

/// A zone and a date style: how one person reads times.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimePrefs {
    pub zone: Tz,
    pub style: DateStyle,
}

impl Default for TimePrefs {
    fn default() -> Self {
        TimePrefs::UTC
    }
}

/// A typed local time that cannot be taken as an instant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LocalTimeError {
    /// Not a date and time at all.
    Unreadable,
    /// A time the clocks skip in this zone (the hour lost when summer time starts).
    Skipped { local: NaiveDateTime, zone: Tz },
}

impl fmt::Display for LocalTimeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LocalTimeError::Unreadable => f.write_str("give a date and a time"),
            LocalTimeError::Skipped { local, zone } => write!(
                f,
                "{} on {} does not exist in {}: the clocks go forward then; choose a time before or after the change",
                local.format("%H:%M"),
                local.format("%-d %b %Y"),
                zone.name()
            ),
        }
    }
}

impl TimePrefs {
    pub const UTC: TimePrefs = TimePrefs {
        zone: Tz::UTC,
        style: DateStyle::EnGb,
    };

    /// A person's settings over the organisation's: a stored zone or style that
    /// no longer parses falls back to the organisation's.
    pub fn resolve(zone: Option<&str>, style: Option<&str>, organisation: TimePrefs) -> TimePrefs {
        TimePrefs {
            zone: zone.and_then(parse_zone).unwrap_or(organisation.zone),
            style: style
                .and_then(DateStyle::parse)
                .unwrap_or(organisation.style),
        }
    }

    fn local(&self, t: Timestamp) -> DateTime<Tz> {
        DateTime::<Utc>::from_timestamp_millis(t.0)
            .unwrap_or_default()
            .with_timezone(&self.zone)
    }

    /// The calendar date in this zone, e.g. "23 Nov 2026".
    pub fn date(&self, t: Timestamp) -> String {
        self.local(t).format(self.style.date_format()).to_string()
    }

    /// Date and time with the zone's abbreviation, e.g. "23 Nov 2026, 14:30 GMT".
    pub fn datetime(&self, t: Timestamp) -> String {
        self.local(t)
            .format(self.style.datetime_format())
            .to_string()
    }

    /// The value a `datetime-local` input shows for `t`, in this zone.
    pub fn input_value(&self, t: Timestamp) -> String {
        self.local(t).format("%Y-%m-%dT%H:%M").to_string()
    }

    /// A `datetime-local` value (`2026-11-30T14:00`) typed in this zone, or an
    /// RFC 3339 instant (API clients). A local time that occurs twice (when the
    /// clocks go back) is the first of the two; one that never occurs is refused.
    pub fn parse_input(&self, raw: &str) -> Result<Timestamp, LocalTimeError> {
        let raw = raw.trim();
        let naive = NaiveDateTime::parse_from_str(raw, "%Y-%m-%dT%H:%M")
            .or_else(|_| NaiveDateTime::parse_from_str(raw, "%Y-%m-%dT%H:%M:%S"));
        let Ok(local) = naive else {
            return Timestamp::parse_rfc3339(raw).ok_or(LocalTimeError::Unreadable);
        };
        match self.zone.from_local_datetime(&local) {
            LocalResult::Single(t) | LocalResult::Ambiguous(t, _) => {
                Ok(Timestamp(t.timestamp_millis()))
            }
            LocalResult::None => Err(LocalTimeError::Skipped {
                local,
                zone: self.zone,
            }),
        }
    }
}

tokio::task_local! {
    static VIEWER: Cell<TimePrefs>;
}

/// How the person viewing the current request reads times (the organisation's
/// settings before sign-in; UTC outside a request).
pub fn viewer() -> TimePrefs {
    VIEWER.try_with(Cell::get).unwrap_or_default()
}

/// Called by the session extractor once it knows who is viewing (and by a page
/// that has just changed the viewer's settings).
pub fn set_viewer(prefs: TimePrefs) {
    let _ = VIEWER.try_with(|v| v.set(prefs));
}

/// Middleware: each request starts with the organisation's time settings.
pub async fn viewer_scope(State(state): State<AppState>, req: Request, next: Next) -> Response {
    VIEWER
        .scope(Cell::new(state.config().organisation_time()), next.run(req))
        .await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> Timestamp {
        Timestamp::parse_rfc3339(s).unwrap()
    }

    fn prefs(zone: &str, style: DateStyle) -> TimePrefs {
        TimePrefs {
            zone: parse_zone(zone).unwrap(),
            style,
        }
    }

    #[test]
    fn each_style_writes_the_same_instant_its_own_way() {
        let t = at("2026-11-23T19:05:00Z");
        let london = prefs("Europe/London", DateStyle::EnGb);
        assert_eq!(london.datetime(t), "23 Nov 2026, 19:05 GMT");
        let new_york = prefs("America/New_York", DateStyle::EnUs);
        assert_eq!(new_york.datetime(t), "Nov 23, 2026, 2:05 PM EST");
        let iso = prefs("Asia/Tokyo", DateStyle::Iso);
        assert_eq!(iso.datetime(t), "2026-11-24 04:05 JST");
        assert_eq!(iso.date(t), "2026-11-24", "the date is the one in the zone");
        assert_eq!(TimePrefs::UTC.datetime(t), "23 Nov 2026, 19:05 UTC");
    }

    #[test]
    fn summer_time_shows_its_own_abbreviation() {
        let t = at("2026-07-01T12:00:00Z");
        assert_eq!(
            prefs("Europe/London", DateStyle::EnGb).datetime(t),
            "1 Jul 2026, 13:00 BST"
        );
        assert_eq!(
            prefs("America/New_York", DateStyle::EnUs).datetime(t),
            "Jul 1, 2026, 8:00 AM EDT"
        );
    }

    #[test]
    fn a_typed_local_time_is_read_in_the_zone() {
        let ny = prefs("America/New_York", DateStyle::EnUs);
        let t = ny.parse_input("2026-11-30T09:30").unwrap();
        assert_eq!(t.to_rfc3339(), "2026-11-30T14:30:00Z");
        assert_eq!(ny.input_value(t), "2026-11-30T09:30");
        assert_eq!(
            ny.parse_input("2026-11-30T14:30:00Z"),
            Ok(t),
            "an RFC 3339 instant keeps its own offset"
        );
        assert_eq!(
            ny.parse_input("30/11/2026"),
            Err(LocalTimeError::Unreadable)
        );
    }

    #[test]
    fn the_hour_skipped_in_spring_is_refused_and_the_repeated_one_is_the_first() {
        let london = prefs("Europe/London", DateStyle::EnGb);
        let e = london.parse_input("2026-03-29T01:30").unwrap_err();
        assert_eq!(
            e.to_string(),
            "01:30 on 29 Mar 2026 does not exist in Europe/London: the clocks go forward then; choose a time before or after the change"
        );
        let twice = london.parse_input("2026-10-25T01:30").unwrap();
        assert_eq!(twice.to_rfc3339(), "2026-10-25T00:30:00Z", "01:30 BST");
    }

    #[test]
    fn zones_are_iana_names_in_any_case() {
        assert_eq!(parse_zone("europe/london"), Some(Tz::Europe__London));
        assert_eq!(
            parse_zone(" America/New_York "),
            Some(Tz::America__New_York)
        );
        assert_eq!(parse_zone("Mars/Olympus_Mons"), None);
        assert_eq!(parse_zone(""), None);
        assert!(zone_names().any(|n| n == "Europe/London"));
        assert!(
            !zone_names().any(|n| n == "GB"),
            "legacy aliases are not offered"
        );
    }

    #[test]
    fn a_stored_setting_that_no_longer_parses_falls_back_to_the_organisation() {
        let org = prefs("Europe/Paris", DateStyle::EnGb);
        assert_eq!(TimePrefs::resolve(None, None, org), org);
        assert_eq!(
            TimePrefs::resolve(Some("Nowhere/Else"), Some("??"), org),
            org
        );
        assert_eq!(
            TimePrefs::resolve(Some("America/New_York"), Some("en-US"), org),
            prefs("America/New_York", DateStyle::EnUs)
        );
    }
}
