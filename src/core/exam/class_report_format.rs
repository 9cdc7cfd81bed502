//! The class report as CSV (one row per learner) and as one self-contained HTML page (inline SVG
//! charts, no scripts, no files from elsewhere) that opens in any browser.

use crate::core::exam::class_report::ClassReport;
use crate::core::exam::set::ExamSet;
use crate::core::exam::verdict_text::reason;
use crate::core::text::Lang;
use std::fmt::Write;

/// One row per learner: pass, the family scores, every technique the class met, attempts, date.
pub fn csv(report: &ClassReport) -> String {
    let techniques: Vec<&String> = report.technique_averages.keys().collect();
    let quote = |s: &str| {
        if s.contains([',', '"', '\n']) { format!("\"{}\"", s.replace('"', "\"\"")) } else { s.to_string() }
    };
    let opt = |v: Option<u32>| v.map(|v| v.to_string()).unwrap_or_default();
    let mut out = String::from("learner,passed,overall,listening,recovery,attempts,last_sitting");
    for t in &techniques {
        out.push(',');
        out.push_str(&quote(t));
    }
    out.push('\n');
    for l in &report.learners {
        let date = jiff::Timestamp::from_millisecond(l.ended_ms)
            .map(|t| t.strftime("%Y-%m-%dT%H:%M:%SZ").to_string())
            .unwrap_or_default();
        let _ = write!(
            out,
            "{},{},{},{},{},{},{}",
            quote(&l.learner),
            l.passed,
            l.overall,
            opt(l.listening),
            opt(l.recovery),
            l.attempts,
            date
        );
        for t in &techniques {
            out.push(',');
            out.push_str(&l.techniques.get(*t).map(|v| v.to_string()).unwrap_or_default());
        }
        out.push('\n');
    }
    out
}

fn esc(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// A horizontal bar chart (inline SVG) of values 0–100.
fn bars(items: &[(String, u32)]) -> String {
    let row = 22;
    let height = items.len() * row + 10;
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"560\" height=\"{height}\" role=\"img\" aria-label=\"average per technique\">"
    );
    for (i, (label, value)) in items.iter().enumerate() {
        let y = i * row + 5;
        let w = (*value).min(100) * 4;
        let color = if *value >= 70 {
            "#4caf50"
        } else if *value >= 40 {
            "#e08a2e"
        } else {
            "#e54848"
        };
        let _ = write!(
            svg,
            "<text x=\"0\" y=\"{}\" font-size=\"12\">{}</text><rect x=\"110\" y=\"{y}\" width=\"{w}\" height=\"16\" fill=\"{color}\"/><text x=\"{}\" y=\"{}\" font-size=\"12\">{value}</text>",
            y + 13,
            esc(label),
            115 + w,
            y + 13
        );
    }
    svg.push_str("</svg>");
    svg
}

/// The report as one HTML page.
pub fn html(report: &ClassReport, set: &ExamSet, lang: Lang) -> String {
    let mut out = String::new();
    let title = set.title.learner(lang);
    let _ = write!(
        out,
        "<!DOCTYPE html><html lang=\"{}\"><head><meta charset=\"utf-8\"><title>{}</title><style>\
         body{{font-family:sans-serif;margin:24px;color:#222}}table{{border-collapse:collapse;margin:8px 0 20px}}\
         td,th{{border:1px solid #ccc;padding:4px 8px;text-align:left}}th{{background:#f2f2f2}}\
         .pass{{color:#2e7d32;font-weight:bold}}.fail{{color:#c62828;font-weight:bold}}.flag{{background:#fff3e0}}\
         .muted{{color:#777}}</style></head><body>",
        if lang == Lang::Zh { "zh" } else { "en" },
        esc(&title)
    );
    let passed = report.learners.iter().filter(|l| l.passed).count();
    let _ = write!(
        out,
        "<h1>{}</h1><p>{} learners · {} passed · pass rate {:.0} %</p>",
        esc(&title),
        report.learners.len(),
        passed,
        report.pass_rate * 100.0
    );
    out.push_str("<h2>Learners</h2><table><tr><th>Learner</th><th>Result</th><th>Overall</th><th>Listening</th><th>Recovery</th><th>Attempts</th><th>Why not passed</th></tr>");
    for l in &report.learners {
        let why: Vec<String> = l.reasons.iter().map(|(s, r)| format!("{}: {}", s, reason(lang, r))).collect();
        let opt = |v: Option<u32>| v.map(|v| v.to_string()).unwrap_or_else(|| "—".into());
        let _ = write!(
            out,
            "<tr><td>{}</td><td class=\"{}\">{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(&l.learner),
            if l.passed { "pass" } else { "fail" },
            if l.passed { "passed" } else { "not passed" },
            l.overall,
            opt(l.listening),
            opt(l.recovery),
            l.attempts,
            esc(&why.join("; "))
        );
    }
    out.push_str("</table>");
    if !report.technique_averages.is_empty() {
        out.push_str("<h2>Average per technique</h2>");
        let items: Vec<(String, u32)> = report.technique_averages.iter().map(|(k, v)| (k.clone(), *v)).collect();
        out.push_str(&bars(&items));
    }
    out.push_str("<h2>Where the class goes wrong</h2><p class=\"muted\">Per decision: facility is the share of the class taking the best option; discrimination is the correlation between taking it and the overall score. Negative discrimination (strong learners get it wrong more often than weak ones) is flagged: review that node.</p>");
    out.push_str("<table><tr><th>Decision</th><th>Where</th><th>Reached</th><th>Facility</th><th>Discrimination</th><th>Options (most chosen wrong one first)</th></tr>");
    for d in &report.decisions {
        let options: Vec<String> = d
            .options
            .iter()
            .map(|o| format!("{}{} × {}", esc(&o.choice_id), if o.best { " (best)" } else { "" }, o.chosen))
            .collect();
        let _ = write!(
            out,
            "<tr{}><td>{} / {}</td><td>{}</td><td>{}</td><td>{:.2}</td><td>{}</td><td>{}</td></tr>",
            if d.flagged { " class=\"flag\"" } else { "" },
            esc(&d.scenario_id),
            esc(&d.node_id),
            esc(&d.location),
            d.reached,
            d.facility,
            d.discrimination
                .map(|v| format!("{v:.2}{}", if d.flagged { " ⚑" } else { "" }))
                .unwrap_or_else(|| "—".into()),
            options.join("<br>")
        );
    }
    out.push_str("</table></body></html>\n");
    out
}
