//! An exam's result page as plain text, in the learner's language: passed or not, per scenario
//! and for the whole set, with the reason for every failure.

use crate::core::exam::grade::{ExamVerdict, FailReason};
use crate::core::exam::set::ExamSet;
use crate::core::technique::Family;
use crate::core::text::Lang;
use crate::core::ui_text::{Text, fill, t};
use std::fmt::Write;

fn family(lang: Lang, name: &str) -> &'static str {
    match name {
        "listening" => Family::Listening.label(lang),
        "recovery" => Family::Recovery.label(lang),
        _ => t(lang, Text::Overall),
    }
}

/// One failure reason in words.
pub fn reason(lang: Lang, reason: &FailReason) -> String {
    match reason {
        FailReason::BelowThreshold { family: f, score, needed } => {
            let score = score.map_or_else(|| "—".to_string(), |s| s.to_string());
            fill(lang, Text::ExamBelowMark, &[("family", &family(lang, f)), ("score", &score), ("needed", needed)])
        }
        FailReason::CriticalChoice { choice_id } => fill(lang, Text::ExamCriticalChoice, &[("choice", choice_id)]),
        FailReason::NotFinished => t(lang, Text::ExamNotFinished).to_string(),
    }
}

fn scores(lang: Lang, overall: u32, listening: Option<u32>, recovery: Option<u32>) -> String {
    let opt = |v: Option<u32>| v.map_or_else(|| "—".to_string(), |v| v.to_string());
    format!(
        "{} {overall} · {} {} · {} {}",
        t(lang, Text::Overall),
        Family::Listening.label(lang),
        opt(listening),
        Family::Recovery.label(lang),
        opt(recovery)
    )
}

/// The result page. `title_of` names a scenario by id.
pub fn render(set: &ExamSet, verdict: &ExamVerdict, lang: Lang, title_of: &dyn Fn(&str) -> String) -> String {
    let mut out = String::new();
    let mark = |passed: bool| t(lang, if passed { Text::ExamPassed } else { Text::ExamNotPassed });
    let sep = t(lang, Text::ColonSeparator);
    let _ = writeln!(out, "== {} — {} ==", set.title.learner(lang), mark(verdict.passed));
    for s in &verdict.scenarios {
        let scores = t(lang, Text::Parenthesized).replace("{}", &scores(lang, s.overall, s.listening, s.recovery));
        let _ = writeln!(out, "  {}{sep}{} {scores}", title_of(&s.scenario_id), mark(s.passed));
        for r in &s.reasons {
            let _ = writeln!(out, "    - {}", reason(lang, r));
        }
    }
    let _ = writeln!(
        out,
        "  {}{sep}{}",
        t(lang, Text::ExamWholeSet),
        scores(lang, verdict.overall, verdict.listening, verdict.recovery)
    );
    for r in &verdict.reasons {
        let _ = writeln!(out, "    - {}", reason(lang, r));
    }
    out
}
