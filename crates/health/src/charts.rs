//! Charts drawn on the server as inline SVG: no JavaScript, no inline styles
//! (colours come from classes in the stylesheet), and each one an image with a
//! title and a text alternative that says the same numbers. They scale to the
//! width of a phone.

use std::fmt::Write;

/// One bar, segment or line of a chart: a label, a value and the class that
/// colours it (`c1`…`c6`, see `STYLES`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Datum {
    pub label: String,
    pub value: i64,
    pub class: &'static str,
}

impl Datum {
    pub fn new(label: impl Into<String>, value: i64, class: &'static str) -> Datum {
        Datum {
            label: label.into(),
            value,
            class,
        }
    }
}

/// A series of a line chart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Series {
    pub name: &'static str,
    pub values: Vec<i64>,
    pub class: &'static str,
}

/// The colour classes, in the order charts use them.
pub const CLASSES: [&str; 6] = ["c1", "c2", "c3", "c4", "c5", "c6"];

const WIDTH: f64 = 320.0;

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The opening tag, title and text alternative every chart shares.
fn open(id: &str, title: &str, summary: &str, height: f64) -> String {
    let (id, title, summary) = (escape(id), escape(title), escape(summary));
    format!(
        "<svg class=\"chart\" id=\"{id}\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" \
         viewBox=\"0 0 {WIDTH} {height:.0}\" xmlns=\"http://www.w3.org/2000/svg\">\
         <title id=\"{id}-title\">{title}</title><desc id=\"{id}-desc\">{summary}</desc>"
    )
}

fn summary(data: &[Datum]) -> String {
    data.iter()
        .map(|d| format!("{}: {}", d.label, d.value))
        .collect::<Vec<_>>()
        .join("; ")
}

/// Horizontal bars, each under its label, the longest across the whole width.
pub fn bar_chart(id: &str, title: &str, bars: &[Datum]) -> String {
    const ROW: f64 = 38.0;
    const TRACK: f64 = 260.0;
    let max = bars.iter().map(|b| b.value).max().unwrap_or(0).max(1) as f64;
    let mut svg = open(id, title, &summary(bars), ROW * bars.len() as f64 + 4.0);
    for (i, b) in bars.iter().enumerate() {
        let y = i as f64 * ROW;
        let w = (b.value.max(0) as f64 / max * TRACK).max(if b.value > 0 { 2.0 } else { 0.0 });
        let _ = write!(
            svg,
            "<text class=\"chart-label\" x=\"0\" y=\"{:.1}\">{}</text>\
             <rect class=\"chart-track\" x=\"0\" y=\"{:.1}\" width=\"{TRACK:.0}\" height=\"14\" rx=\"3\"/>\
             <rect class=\"{}\" x=\"0\" y=\"{:.1}\" width=\"{w:.1}\" height=\"14\" rx=\"3\"/>\
             <text class=\"chart-value\" x=\"{:.1}\" y=\"{:.1}\">{}</text>",
            y + 13.0,
            escape(&b.label),
            y + 18.0,
            b.class,
            y + 18.0,
            TRACK + 6.0,
            y + 29.0,
            b.value
        );
    }
    svg.push_str("</svg>");
    svg
}

/// One bar split into parts in proportion, with a legend giving each part's
/// count and share.
pub fn stacked_bar(id: &str, title: &str, parts: &[Datum]) -> String {
    const LEGEND_ROW: f64 = 20.0;
    let total: i64 = parts.iter().map(|p| p.value.max(0)).sum();
    let mut svg = open(
        id,
        title,
        &summary(parts),
        30.0 + LEGEND_ROW * parts.len() as f64,
    );
    let mut x = 0.0;
    for p in parts.iter().filter(|p| p.value > 0) {
        let w = p.value as f64 / total as f64 * WIDTH;
        let _ = write!(
            svg,
            "<rect class=\"{}\" x=\"{x:.1}\" y=\"0\" width=\"{w:.1}\" height=\"18\"/>",
            p.class
        );
        x += w;
    }
    if total == 0 {
        let _ = write!(
            svg,
            "<rect class=\"chart-track\" x=\"0\" y=\"0\" width=\"{WIDTH:.0}\" height=\"18\"/>"
        );
    }
    for (i, p) in parts.iter().enumerate() {
        let y = 30.0 + i as f64 * LEGEND_ROW;
        let pct = if total > 0 {
            format!(" ({}%)", crate::share::whole_percent(p.value, total))
        } else {
            String::new()
        };
        let _ = write!(
            svg,
            "<rect class=\"{}\" x=\"0\" y=\"{:.1}\" width=\"12\" height=\"12\" rx=\"2\"/>\
             <text class=\"chart-label\" x=\"18\" y=\"{:.1}\">{}: {}{}</text>",
            p.class,
            y,
            y + 10.5,
            escape(&p.label),
            p.value,
            pct
        );
    }
    svg.push_str("</svg>");
    svg
}

/// Lines over labelled points in time (months), with a scale on the left, the
/// first, middle and last labels below, and a legend.
pub fn line_chart(id: &str, title: &str, labels: &[String], series: &[Series]) -> String {
    const LEFT: f64 = 34.0;
    const TOP: f64 = 8.0;
    const PLOT_H: f64 = 140.0;
    const LEGEND_ROW: f64 = 18.0;
    let plot_w = WIDTH - LEFT - 8.0;
    let max = series
        .iter()
        .flat_map(|s| s.values.iter().copied())
        .max()
        .unwrap_or(0)
        .max(1);
    let text = series
        .iter()
        .map(|s| {
            let points: Vec<String> = labels
                .iter()
                .zip(&s.values)
                .map(|(l, v)| format!("{l} {v}"))
                .collect();
            format!("{}: {}", s.name, points.join(", "))
        })
        .collect::<Vec<_>>()
        .join("; ");
    let height = TOP + PLOT_H + 26.0 + LEGEND_ROW * series.len() as f64;
    let mut svg = open(id, title, &text, height);
    let y_of = |v: i64| TOP + PLOT_H - v as f64 / max as f64 * PLOT_H;
    let step = if labels.len() > 1 {
        plot_w / (labels.len() - 1) as f64
    } else {
        0.0
    };
    let x_of = |i: usize| {
        LEFT + if labels.len() > 1 {
            i as f64 * step
        } else {
            plot_w / 2.0
        }
    };
    for v in [0, max / 2, max] {
        let y = y_of(v);
        let _ = write!(
            svg,
            "<line class=\"chart-grid\" x1=\"{LEFT}\" y1=\"{y:.1}\" x2=\"{:.1}\" y2=\"{y:.1}\"/>\
             <text class=\"chart-axis\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{v}</text>",
            LEFT + plot_w,
            LEFT - 4.0,
            y + 4.0
        );
    }
    let mut shown: Vec<usize> = vec![0, labels.len() / 2, labels.len().saturating_sub(1)];
    shown.dedup();
    for i in shown.into_iter().filter(|i| *i < labels.len()) {
        let anchor = match i {
            0 => "start",
            i if i + 1 == labels.len() => "end",
            _ => "middle",
        };
        let _ = write!(
            svg,
            "<text class=\"chart-axis\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"{anchor}\">{}</text>",
            x_of(i),
            TOP + PLOT_H + 16.0,
            escape(&labels[i])
        );
    }
    for s in series {
        let points: Vec<String> = s
            .values
            .iter()
            .enumerate()
            .map(|(i, v)| format!("{:.1},{:.1}", x_of(i), y_of(*v)))
            .collect();
        let _ = write!(
            svg,
            "<polyline class=\"chart-line {}\" fill=\"none\" points=\"{}\"/>",
            s.class,
            points.join(" ")
        );
        if s.values.len() == 1 {
            let _ = write!(
                svg,
                "<circle class=\"{}\" cx=\"{:.1}\" cy=\"{:.1}\" r=\"3\"/>",
                s.class,
                x_of(0),
                y_of(s.values[0])
            );
        }
    }
    for (i, s) in series.iter().enumerate() {
        let y = TOP + PLOT_H + 30.0 + i as f64 * LEGEND_ROW;
        let _ = write!(
            svg,
            "<line class=\"chart-line {}\" x1=\"0\" y1=\"{:.1}\" x2=\"20\" y2=\"{:.1}\"/>\
             <text class=\"chart-label\" x=\"26\" y=\"{:.1}\">{}</text>",
            s.class,
            y,
            y,
            y + 4.0,
            escape(s.name)
        );
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_are_drawn_to_scale_with_their_numbers_in_the_text_alternative() {
        let svg = bar_chart(
            "pool",
            "Places and demand",
            &[
                Datum::new("Places left", 4, "c1"),
                Datum::new("Mentees waiting", 2, "c2"),
            ],
        );
        assert!(svg.starts_with("<svg class=\"chart\" id=\"pool\" role=\"img\""));
        assert!(svg.contains("<title id=\"pool-title\">Places and demand</title>"));
        assert!(svg.contains("<desc id=\"pool-desc\">Places left: 4; Mentees waiting: 2</desc>"));
        assert!(
            svg.contains("class=\"c1\" x=\"0\" y=\"18.0\" width=\"260.0\""),
            "{svg}"
        );
        assert!(
            svg.contains("class=\"c2\" x=\"0\" y=\"56.0\" width=\"130.0\""),
            "{svg}"
        );
        assert!(!svg.contains("style="), "the CSP forbids inline styles");
    }

    #[test]
    fn a_stacked_bar_splits_the_width_in_proportion() {
        let svg = stacked_bar(
            "working",
            "Is it working",
            &[
                Datum::new("Yes", 3, "c1"),
                Datum::new("No", 1, "c2"),
                Datum::new("Maybe", 0, "c3"),
            ],
        );
        assert!(
            svg.contains("class=\"c1\" x=\"0.0\" y=\"0\" width=\"240.0\""),
            "{svg}"
        );
        assert!(
            svg.contains("class=\"c2\" x=\"240.0\" y=\"0\" width=\"80.0\""),
            "{svg}"
        );
        assert!(svg.contains("Yes: 3 (75%)"));
        assert!(svg.contains("Maybe: 0 (0%)"));
    }

    #[test]
    fn labels_are_escaped() {
        let svg = bar_chart("x", "<b>", &[Datum::new("A & \"B\"", 1, "c1")]);
        assert!(svg.contains("&lt;b&gt;"));
        assert!(svg.contains("A &amp; &quot;B&quot;"));
        assert!(!svg.contains("<b>"));
    }

    #[test]
    fn a_line_chart_plots_every_month_and_names_its_series() {
        let labels = vec![
            "Jan 2026".to_string(),
            "Feb 2026".to_string(),
            "Mar 2026".to_string(),
        ];
        let svg = line_chart(
            "timeline",
            "Relationships by month",
            &labels,
            &[Series {
                name: "Active",
                values: vec![0, 2, 4],
                class: "c1",
            }],
        );
        assert!(
            svg.contains("points=\"34.0,148.0 173.0,78.0 312.0,8.0\""),
            "{svg}"
        );
        assert!(svg.contains("Active: Jan 2026 0, Feb 2026 2, Mar 2026 4"));
        assert!(svg.contains(">Mar 2026</text>"));
    }
}
