//! Renders a call's events as a plain-text transcript in one language (used by terminal play and golden tests).

use crate::core::engine::{EndReason, Event};
use crate::core::scenario::Scenario;
use crate::core::text::{Lang, split_stage_direction};
use std::fmt::Write;

/// Labels used in the transcript.
fn labels(lang: Lang) -> (&'static str, &'static str, &'static str) {
    match lang {
        Lang::En => ("You", "Call ended", "hesitates"),
        Lang::Zh => ("你", "通话结束", "犹豫太久"),
    }
}

/// Renders events as text lines. Options are listed with their display numbers.
pub fn render(scenario: &Scenario, events: &[Event], lang: Lang) -> String {
    let mut out = String::new();
    let customer = scenario.customer.name.learner(lang);
    let (you, ended, hesitates) = labels(lang);
    let sep = if lang == Lang::Zh { "：" } else { ": " };
    for event in events {
        match event {
            Event::Line { node, variant } => {
                if let Some(line) = scenario.node(node).and_then(|n| n.lines.get(*variant)) {
                    let text = line.learner(lang);
                    let (direction, speech) = split_stage_direction(&text);
                    if let Some(d) = direction {
                        let _ =
                            writeln!(out, "  {}", if lang == Lang::Zh { format!("（{d}）") } else { format!("({d})") });
                    }
                    if !speech.is_empty() {
                        let _ = writeln!(out, "{customer}{sep}{speech}");
                    }
                }
            }
            Event::Options { node, choices } => {
                if let Some(n) = scenario.node(node) {
                    for (k, &i) in choices.iter().enumerate() {
                        if let Some(c) = n.choices.get(i) {
                            let _ = writeln!(out, "  {}. {}", k + 1, c.text.learner(lang));
                        }
                    }
                }
            }
            Event::Said { node, choice } => {
                if let Some(c) = scenario.node(node).and_then(|n| n.choices.get(*choice)) {
                    let _ = writeln!(out, "{you}{sep}{}", c.text.learner(lang));
                }
            }
            Event::Hesitated { .. } => {
                let _ = writeln!(out, "({you} {hesitates})");
            }
            Event::MeterChanged { meter, from, to } => {
                let _ = writeln!(out, "    [{} {from} -> {to}]", meter.label(lang));
            }
            Event::Ended { ending, outcome, silent_exit, reason } => {
                if let Some(e) = scenario.ending(ending) {
                    let _ = writeln!(out, "{}", e.text.learner(lang));
                }
                let why = match (reason, lang) {
                    (EndReason::Walkout, Lang::En) => " (patience ran out)",
                    (EndReason::Walkout, Lang::Zh) => "（耐心耗尽）",
                    (EndReason::Reached, _) => "",
                };
                let silent = match (silent_exit, lang) {
                    (true, Lang::En) => ", silent exit",
                    (true, Lang::Zh) => "，沉默离开",
                    (false, _) => "",
                };
                let _ = writeln!(out, "== {ended}{sep}{}{silent}{why} ==", outcome.label(lang));
            }
        }
    }
    out
}
