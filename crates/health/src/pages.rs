//! The health pages for administrators: the overview of every programme, one
//! programme's figures with their charts, and the CSV downloads.

use crate::cache::current_health;
use crate::charts::{bar_chart, line_chart, stacked_bar, Datum, Series, CLASSES};
use crate::exports::{export_csv, ExportKind};
use crate::figures::{CheckInFigures, ProgrammeHealth, TrainingFigures};
use crate::overview::{health_overview, HealthOverview};
use crate::share::{Breakdown, Share};
use crate::waits::Waits;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use mentorhub_domain::ProgrammeId;
use mentorhub_web::error::{not_found, AppResult};
use mentorhub_web::pages::{format_date, render, Layout};
use mentorhub_web::{AppState, PageUser};

/// The navigation key of the health pages.
const NAV_KEY: &str = "health";

#[derive(Template)]
#[template(path = "health_overview.html")]
pub struct OverviewPage {
    pub layout: Layout,
    pub as_of: String,
    pub overview: HealthOverview,
}

#[derive(Template)]
#[template(path = "health_programme.html")]
pub struct ProgrammeHealthPage {
    pub layout: Layout,
    pub as_of: String,
    pub h: ProgrammeHealth,
    pub charts: ProgrammeCharts,
    pub checkins: Vec<CheckInView>,
    pub training: Vec<TrainingView>,
    pub exports: Vec<(String, &'static str)>,
}

/// Each chart as inline SVG, or empty when there is nothing to draw (no data, or
/// a group too small to break down: the text says which).
pub struct ProgrammeCharts {
    pub mentors: String,
    pub mentees: String,
    pub relationships: String,
    pub pool: String,
    pub to_match: String,
    pub to_meeting: String,
    pub cadence: String,
    pub goals: String,
    pub timeline: String,
}

/// A group by status or state, with its chart.
pub struct BreakdownPanel<'a> {
    pub title: &'static str,
    pub column: &'static str,
    pub breakdown: &'a Breakdown,
    pub chart: &'a str,
}

/// A wait (to match, to the first meeting), with its chart.
pub struct WaitPanel<'a> {
    pub title: &'static str,
    pub waits: &'a Waits,
    pub chart: &'a str,
    /// Who is still waiting, e.g. "pairs without a meeting yet".
    pub still: &'static str,
}

pub struct CheckInView {
    pub f: CheckInFigures,
    pub chart: String,
}

pub struct TrainingView {
    pub f: TrainingFigures,
    pub chart: String,
}

impl TrainingView {
    /// "4 of 5 mentors".
    pub fn detail(&self) -> String {
        self.f.trained.detail(&format!("{}s", self.f.role))
    }
}

/// The parts of a breakdown that are not zero, coloured in order; none when
/// withheld or empty.
fn parts(b: &Breakdown) -> Vec<Datum> {
    b.parts
        .iter()
        .flatten()
        .filter(|p| p.count > 0)
        .enumerate()
        .map(|(i, p)| Datum::new(p.label.clone(), p.count, CLASSES[i % CLASSES.len()]))
        .collect()
}

fn stacked(id: &str, title: &str, b: &Breakdown) -> String {
    let data = parts(b);
    if data.is_empty() {
        String::new()
    } else {
        stacked_bar(id, title, &data)
    }
}

fn waits_chart(id: &str, title: &str, w: &Waits) -> String {
    match &w.ranges.parts {
        Some(p) if w.measured > 0 => {
            let bars: Vec<Datum> = p
                .iter()
                .map(|p| Datum::new(p.label.clone(), p.count, "c1"))
                .collect();
            bar_chart(id, title, &bars)
        }
        _ => String::new(),
    }
}

fn split(id: &str, title: &str, share: &Share, yes: &str, no: &str) -> String {
    match share.count {
        Some(count) if share.of > 0 => stacked_bar(
            id,
            title,
            &[
                Datum::new(yes, count, "c1"),
                Datum::new(no, share.of - count, "c6"),
            ],
        ),
        _ => String::new(),
    }
}

impl ProgrammeCharts {
    fn of(h: &ProgrammeHealth) -> ProgrammeCharts {
        let p = &h.mentor_pool;
        let months = &h.timeline.months;
        let labels: Vec<String> = months.iter().map(|m| m.label.clone()).collect();
        let series = |name, class, f: fn(&crate::timeline::MonthFigures) -> i64| Series {
            name,
            values: months.iter().map(f).collect(),
            class,
        };
        ProgrammeCharts {
            mentors: stacked(
                "chart-mentors",
                "Mentors by status",
                &h.participants.mentors,
            ),
            mentees: stacked(
                "chart-mentees",
                "Mentees by status",
                &h.participants.mentees,
            ),
            relationships: stacked(
                "chart-relationships",
                "Relationships by state",
                &h.participants.relationships,
            ),
            pool: bar_chart(
                "chart-pool",
                "Mentor places against mentees waiting",
                &[
                    Datum::new("Places with qualified mentors", p.places, "c1"),
                    Datum::new("Places left", p.places_left, "c2"),
                    Datum::new("Mentees waiting for a mentor", p.mentees_waiting, "c3"),
                ],
            ),
            to_match: waits_chart(
                "chart-to-match",
                "Days from enrolment to match",
                &h.matching.enrolment_to_match,
            ),
            to_meeting: waits_chart(
                "chart-to-meeting",
                "Days from match to first meeting",
                &h.matching.match_to_first_meeting,
            ),
            cadence: split(
                "chart-cadence",
                "Pairs keeping their agreed cadence",
                &h.cadence.behind,
                "Behind",
                "On track",
            ),
            goals: stacked("chart-goals", "Goals by status", &h.goals.by_status),
            timeline: if months.is_empty() {
                String::new()
            } else {
                line_chart(
                    "chart-timeline",
                    "Relationships month by month",
                    &labels,
                    &[
                        series("Active at month end", "c1", |m| m.active),
                        series("Started", "c2", |m| m.started),
                        series("Completed", "c3", |m| m.completed),
                        series("Dormant", "c4", |m| m.dormant),
                    ],
                )
            },
        }
    }
}

impl ProgrammeHealthPage {
    pub fn new(layout: Layout, h: ProgrammeHealth, as_of: String) -> ProgrammeHealthPage {
        let charts = ProgrammeCharts::of(&h);
        let checkins = h
            .checkins
            .iter()
            .map(|f| CheckInView {
                chart: stacked(
                    &format!("chart-checkin-{}", f.due_day),
                    &format!("Is it working? {}", f.label),
                    &f.working,
                ),
                f: f.clone(),
            })
            .collect();
        let training = h
            .training
            .iter()
            .map(|t| TrainingView {
                chart: split(
                    &format!("chart-training-{}", t.role),
                    &format!("Required training of {}s", t.role),
                    &t.trained,
                    "Done",
                    "Not yet",
                ),
                f: t.clone(),
            })
            .collect();
        let exports = ExportKind::ALL
            .iter()
            .map(|k| {
                (
                    format!(
                        "/programmes/{}/health/exports/{}.csv",
                        h.programme_id,
                        k.as_str()
                    ),
                    k.label(),
                )
            })
            .collect();
        ProgrammeHealthPage {
            layout,
            as_of,
            h,
            charts,
            checkins,
            training,
            exports,
        }
    }

    pub fn participant_panels(&self) -> Vec<BreakdownPanel<'_>> {
        let p = &self.h.participants;
        let c = &self.charts;
        vec![
            BreakdownPanel {
                title: "Mentors",
                column: "Status",
                breakdown: &p.mentors,
                chart: &c.mentors,
            },
            BreakdownPanel {
                title: "Mentees",
                column: "Status",
                breakdown: &p.mentees,
                chart: &c.mentees,
            },
            BreakdownPanel {
                title: "Relationships",
                column: "State",
                breakdown: &p.relationships,
                chart: &c.relationships,
            },
        ]
    }

    pub fn wait_panels(&self) -> Vec<WaitPanel<'_>> {
        let m = &self.h.matching;
        vec![
            WaitPanel {
                title: "Enrolment to match",
                waits: &m.enrolment_to_match,
                chart: &self.charts.to_match,
                still: "mentees not matched yet",
            },
            WaitPanel {
                title: "Match to first meeting",
                waits: &m.match_to_first_meeting,
                chart: &self.charts.to_meeting,
                still: "pairs without a meeting yet",
            },
        ]
    }

    /// Whether more pairs are behind than the list shows.
    pub fn behind_truncated(&self) -> bool {
        self.h.cadence.behind.count.unwrap_or(0) > self.h.cadence.pairs_behind.len() as i64
    }

    /// "8 places to spare" or "3 more mentees than places".
    pub fn balance(&self) -> String {
        match self.h.mentor_pool.balance {
            0 => "Places and waiting mentees are even".to_string(),
            b if b > 0 => format!("{b} places to spare"),
            b => format!("{} more mentees waiting than places", -b),
        }
    }
}

/// `GET /health`: every programme's headline figures.
pub async fn list_health(
    State(state): State<AppState>,
    PageUser(user): PageUser,
) -> AppResult<Response> {
    user.require_admin()?;
    let now = state.now();
    let overview = health_overview(state.store(), now).await?;
    Ok(render(&OverviewPage {
        layout: Layout::new("Programme health", Some(&user), NAV_KEY),
        as_of: format_date(now),
        overview,
    }))
}

/// `GET /programmes/{id}/health`: one programme's figures and charts.
pub async fn get_programme_health(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    user.require_admin()?;
    let now = state.now();
    let programme = state.store().get_programme(ProgrammeId(id)).await?;
    let h = ProgrammeHealth::clone(&*current_health(&state, &programme).await?);
    let layout = Layout::new(format!("Health: {}", programme.name), Some(&user), NAV_KEY);
    Ok(render(&ProgrammeHealthPage::new(
        layout,
        h,
        format_date(now),
    )))
}

/// `GET /programmes/{id}/health/exports/{kind}.csv`: a download.
pub async fn get_health_export(
    State(state): State<AppState>,
    PageUser(user): PageUser,
    Path((id, file)): Path<(i64, String)>,
) -> AppResult<Response> {
    user.require_admin()?;
    let kind = file
        .strip_suffix(".csv")
        .and_then(ExportKind::parse)
        .ok_or_else(|| not_found("export"))?;
    let programme = ProgrammeId(id);
    let csv = export_csv(state.store(), programme, kind, state.now()).await?;
    state
        .store()
        .record_audit(
            Some(user.person_id),
            "health.export",
            &format!("programme:{id}"),
            kind.as_str(),
            state.now(),
        )
        .await?;
    Ok(csv_response(&kind.file_name(programme), csv))
}

/// A CSV body offered as a download named `file_name`.
pub fn csv_response(file_name: &str, csv: String) -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{file_name}\""),
            ),
        ],
        csv,
    )
        .into_response()
}
