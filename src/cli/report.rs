//! Prints a debrief report in the terminal.

use crate::core::score::Report;
use crate::core::technique::Family;
use crate::core::text::Lang;
use std::fmt::Write;

fn score_text(s: Option<u32>) -> String {
    s.map(|v| format!("{v:>3}/100")).unwrap_or_else(|| "    n/a".to_string())
}

/// Renders the report as text in `lang`.
pub fn render(report: &Report, lang: Lang) -> String {
    let zh = lang == Lang::Zh;
    let sep = if zh { "：" } else { ": " };
    let mut out = String::new();
    let _ = writeln!(out, "\n=== {} — {} ===", if zh { "复盘" } else { "Debrief" }, report.title.learner(lang));
    if let Some(e) = &report.ending {
        let _ = writeln!(
            out,
            "{}{sep}{}{}",
            if zh { "结局" } else { "Outcome" },
            e.outcome.label(lang),
            if e.silent_exit { if zh { "（沉默离开）" } else { " (silent exit)" } } else { "" }
        );
        let mut ladder = String::new();
        for o in crate::core::scenario::Outcome::WATERFALL {
            let mark = if o == e.outcome { ">" } else { " " };
            let _ = write!(ladder, " {mark}{}", o.label(lang));
        }
        let _ = writeln!(out, "{}:{ladder}", if zh { "瀑布" } else { "Waterfall" });
    } else {
        let _ = writeln!(out, "{}", if zh { "通话未结束" } else { "The call did not end." });
    }
    let _ = writeln!(out, "{}{sep}{}", Family::Listening.label(lang), score_text(report.listening));
    let _ = writeln!(out, "{}{sep}{}", Family::Recovery.label(lang), score_text(report.recovery));
    let _ = writeln!(out, "{}{sep}{:>3}/100", if zh { "总分" } else { "Overall" }, report.overall);
    let _ = writeln!(out, "\n{}", if zh { "-- 各项技巧 --" } else { "-- Techniques --" });
    for t in &report.techniques {
        let _ = writeln!(
            out,
            "{:<4} {:<40} {}  {} {}/{} {} {}",
            t.id,
            t.name.learner(lang),
            score_text(t.score),
            if zh { "得分点" } else { "points" },
            t.earned,
            t.opportunities,
            if zh { "违反" } else { "broken" },
            t.violations
        );
    }
    let _ = writeln!(out, "\n{}", if zh { "-- 逐条回顾 --" } else { "-- Your choices --" });
    for (i, turn) in report.turns.iter().enumerate() {
        let _ = writeln!(out, "{}. {}", i + 1, turn.said.learner(lang));
        let mut tags: Vec<String> = turn.shows.iter().map(|s| format!("+{s}")).collect();
        tags.extend(turn.breaks.iter().map(|s| format!("-{s}")));
        if !tags.is_empty() {
            let _ = writeln!(out, "   [{}]", tags.join(" "));
        }
        let _ = writeln!(out, "   {}", turn.feedback.learner(lang));
        if let Some(b) = &turn.better {
            let _ =
                writeln!(out, "   {}{sep}{}", if zh { "更好的选择" } else { "Better option" }, b.text.learner(lang));
            let _ = writeln!(out, "   {}", b.feedback.learner(lang));
        }
    }
    out
}
