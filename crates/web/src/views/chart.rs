//! A line chart drawn on the server as SVG: no script, readable on a phone, and always shown
//! with a table of the same figures.

use std::fmt::Write;

/// The chart's canvas, in its own units; it scales to the width of the page.
const WIDTH: f64 = 420.0;
const HEIGHT: f64 = 250.0;
const LEFT: f64 = 44.0;
const RIGHT: f64 = 12.0;
const TOP: f64 = 14.0;
const BOTTOM: f64 = 34.0;

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// The smallest of 1, 2 or 5 times a power of ten that divides `most` into at most four steps.
fn step_for(most: i64) -> i64 {
    let mut power = 1;
    loop {
        for m in [1, 2, 5] {
            if most <= m * power * 4 {
                return m * power;
            }
        }
        power *= 10;
    }
}

/// A line through each point that has a value, broken where one has none. `points` are the
/// label under each point and its value; `title` and `summary` name the chart for a screen
/// reader.
pub fn line_chart(title: &str, summary: &str, points: &[(String, Option<i64>)]) -> String {
    let values: Vec<i64> = points.iter().filter_map(|(_, v)| *v).collect();
    let low = values.iter().copied().min().unwrap_or(0).min(0);
    let high = values.iter().copied().max().unwrap_or(1).max(1);
    let step = step_for(high - low);
    let (bottom, top) = (low.div_euclid(step) * step, (high + step - 1).div_euclid(step) * step);
    let plot_w = WIDTH - LEFT - RIGHT;
    let plot_h = HEIGHT - TOP - BOTTOM;
    let y = |v: i64| TOP + plot_h * (1.0 - (v - bottom) as f64 / (top - bottom).max(1) as f64);
    let gap = plot_w / points.len().max(1) as f64;
    let x = |i: usize| LEFT + gap * (i as f64 + 0.5);
    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-labelledby="chart-title chart-summary" xmlns="http://www.w3.org/2000/svg"><title id="chart-title">{}</title><desc id="chart-summary">{}</desc>"#,
        escape(title),
        escape(summary)
    );
    let mut tick = bottom;
    while tick <= top {
        let at = y(tick);
        let _ = write!(
            svg,
            r#"<line class="chart-grid" x1="{LEFT}" x2="{}" y1="{at:.1}" y2="{at:.1}"/><text class="chart-label" x="{}" y="{:.1}" text-anchor="end">{tick}</text>"#,
            WIDTH - RIGHT,
            LEFT - 6.0,
            at + 4.0
        );
        tick += step;
    }
    // Every other month is named on a phone-width chart of twelve.
    let every = if points.len() > 8 { 2 } else { 1 };
    for (i, (label, _)) in points.iter().enumerate() {
        if (points.len() - 1 - i).is_multiple_of(every) {
            let _ = write!(
                svg,
                r#"<text class="chart-label" x="{:.1}" y="{}" text-anchor="middle">{}</text>"#,
                x(i),
                HEIGHT - 12.0,
                escape(label)
            );
        }
    }
    let mut path = String::new();
    let mut drawing = false;
    for (i, (_, value)) in points.iter().enumerate() {
        match value {
            Some(v) => {
                let _ =
                    write!(path, "{}{:.1} {:.1} ", if drawing { "L" } else { "M" }, x(i), y(*v));
                drawing = true;
            }
            None => drawing = false,
        }
    }
    if !path.is_empty() {
        let _ = write!(svg, r#"<path class="chart-line" d="{}"/>"#, path.trim_end());
    }
    for (i, (_, value)) in points.iter().enumerate() {
        if let Some(v) = value {
            let _ = write!(
                svg,
                r#"<circle class="chart-point" cx="{:.1}" cy="{:.1}" r="3.5"/>"#,
                x(i),
                y(*v)
            );
        }
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_are_round_numbers() {
        assert_eq!(step_for(3), 1);
        assert_eq!(step_for(7), 2);
        assert_eq!(step_for(19), 5);
        assert_eq!(step_for(37), 10);
        assert_eq!(step_for(1234), 500);
    }

    #[test]
    fn the_line_breaks_where_a_month_has_no_value_and_text_is_escaped() {
        let points = vec![
            ("Jan".to_string(), Some(4)),
            ("Feb".to_string(), Some(8)),
            ("Mar".to_string(), None),
            ("Apr".to_string(), Some(2)),
        ];
        let svg = line_chart("Sleepovers <planned>", "A & B", &points);
        assert!(svg.starts_with("<svg "));
        assert!(svg.contains("<title id=\"chart-title\">Sleepovers &lt;planned&gt;</title>"));
        assert!(svg.contains("A &amp; B"));
        let path =
            svg.split("class=\"chart-line\" d=\"").nth(1).unwrap().split('"').next().unwrap();
        assert_eq!(path.matches('M').count(), 2, "{path}");
        assert_eq!(path.matches('L').count(), 1, "{path}");
        assert_eq!(svg.matches("<circle").count(), 3);
        // The axis runs from 0 to 8 in steps of 2.
        for tick in [">0<", ">2<", ">8<"] {
            assert!(svg.contains(tick), "{tick}");
        }
    }
}
