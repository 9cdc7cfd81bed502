//! The debrief as plain text in one language (the terminal player and the golden transcripts print it).

use crate::core::score::Report;
use crate::core::technique::Family;
use crate::core::text::Lang;
use crate::core::ui_text::{Text, t};
use std::fmt::Write;

fn score_text(s: Option<u32>, lang: Lang) -> String {
    s.map(|v| format!("{v:>3}/100")).unwrap_or_else(|| format!("{:>7}", t(lang, Text::NotApplicable)))
}

/// Renders the report as text in `lang`.
pub fn render(report: &Report, lang: Lang) -> String {
    let sep = t(lang, Text::ColonSeparator);
    let mut out = String::new();
    let _ = writeln!(out, "\n=== {} — {} ===", t(lang, Text::Debrief), report.title.learner(lang));
    if let Some(e) = &report.ending {
        let _ = writeln!(
            out,
            "{}{sep}{}{}",
            t(lang, Text::OutcomeHeading),
            e.outcome.label(lang),
            if e.silent_exit { t(lang, Text::SilentExitParenthesized) } else { "" }
        );
        let mut ladder = String::new();
        for o in crate::core::scenario::Outcome::WATERFALL {
            let mark = if o == e.outcome { ">" } else { " " };
            let _ = write!(ladder, " {mark}{}", o.label(lang));
        }
        let _ = writeln!(out, "{}:{ladder}", t(lang, Text::Waterfall));
    } else {
        let _ = writeln!(out, "{}", t(lang, Text::CallDidNotEnd));
    }
    let _ = writeln!(out, "{}{sep}{}", Family::Listening.label(lang), score_text(report.listening, lang));
    let _ = writeln!(out, "{}{sep}{}", Family::Recovery.label(lang), score_text(report.recovery, lang));
    let _ = writeln!(out, "{}{sep}{:>3}/100", t(lang, Text::Overall), report.overall);
    let _ = writeln!(out, "\n{}", t(lang, Text::TechniquesSection));
    if report.techniques.is_empty() {
        let _ = writeln!(out, "{}", t(lang, Text::NoTechniquesScored));
    }
    for tech in &report.techniques {
        let _ = writeln!(
            out,
            "{:<4} {:<40} {}  {} {}/{} {} {}",
            tech.id,
            tech.name.learner(lang),
            score_text(tech.score, lang),
            t(lang, Text::PointsWord),
            tech.earned,
            tech.opportunities,
            t(lang, Text::BrokenWord),
            tech.violations
        );
    }
    let _ = writeln!(out, "\n{}", t(lang, Text::YourChoicesSection));
    for (i, turn) in report.turns.iter().enumerate() {
        let _ = writeln!(out, "{}. {}", i + 1, turn.said.learner(lang));
        let mut tags: Vec<String> = turn.shows.iter().map(|s| format!("+{s}")).collect();
        tags.extend(turn.breaks.iter().map(|s| format!("-{s}")));
        if !tags.is_empty() {
            let _ = writeln!(out, "   [{}]", tags.join(" "));
        }
        let _ = writeln!(out, "   {}", turn.feedback.learner(lang));
        if let Some(b) = &turn.better {
            let _ = writeln!(out, "   {}{sep}{}", t(lang, Text::BetterOption), b.text.learner(lang));
            let _ = writeln!(out, "   {}", b.feedback.learner(lang));
        }
    }
    if !report.hesitations.is_empty() {
        let _ = writeln!(out, "\n{}", t(lang, Text::HesitationsSection));
        for (i, h) in report.hesitations.iter().enumerate() {
            let line = h.describe(lang);
            let _ = writeln!(out, "{}. {line}", i + 1);
            if h.walked_out {
                let _ = writeln!(out, "   {}", t(lang, Text::HesitationWalkout));
            }
        }
    }
    out
}
