//! What a call shows, line by line: engine events turned into transcript entries (who speaks,
//! narration, options, hesitations, meters, the ending). The game shows them on screen; [`render`]
//! writes them as plain text for the terminal player and the golden transcripts.

use crate::core::engine::{EndReason, Event};
use crate::core::ids::OptionNumber;
use crate::core::meters::Meter;
use crate::core::scenario::{Outcome, Scenario};
use crate::core::text::{Lang, Localized, split_stage_direction};
use crate::core::ui_text::{Text, t};
use std::fmt::Write;

/// One entry of a call's transcript.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Entry {
    /// What happens around the words (a stage direction at the start of a line).
    Narration(Localized),
    /// The customer speaks.
    Customer(Localized),
    /// The options on offer, with the numbers shown on screen.
    Options(Vec<(OptionNumber, Localized)>),
    /// The learner speaks.
    Learner(Localized),
    /// The learner let the patience timer run out.
    Hesitated,
    /// A meter moved.
    Meter {
        /// Which of the four meters moved.
        meter: Meter,
        /// Its value before the change.
        from: i32,
        /// Its value after the change.
        to: i32,
    },
    /// The call ended.
    Ending {
        /// The ending's text.
        text: Localized,
        /// Place on the waterfall.
        outcome: Outcome,
        /// The customer left without a word.
        silent_exit: bool,
        /// Why the call ended.
        reason: EndReason,
    },
}

/// Splits a customer's line into its stage direction and its speech, in every language.
pub fn split_line(line: &Localized) -> (Option<Localized>, Option<Localized>) {
    let (en_dir, en) = split_stage_direction(&line.en);
    let (zh_dir, zh) = split_stage_direction(&line.zh);
    let direction = (en_dir.is_some() || zh_dir.is_some())
        .then(|| Localized::new(en_dir.unwrap_or_default(), zh_dir.unwrap_or_default()));
    let speech = (!en.is_empty() || !zh.is_empty()).then(|| Localized::new(en, zh));
    (direction, speech)
}

/// A stage direction as every screen shows it: in the language's own brackets, so that narration
/// reads differently from speech even where there is no italic (Chinese).
pub fn stage_direction(text: &Localized) -> Localized {
    let bracket = |lang: Lang, s: String| {
        if s.is_empty() { s } else { t(lang, Text::Parenthesized).replace("{}", &s) }
    };
    Localized::new(bracket(Lang::En, text.en.clone()), bracket(Lang::Zh, text.zh.clone()))
}

/// The transcript entries for a run of events.
pub fn entries(scenario: &Scenario, events: &[Event]) -> Vec<Entry> {
    let mut out = Vec::new();
    for event in events {
        match event {
            Event::Line { node, variant } => {
                if let Some(line) = scenario.node(node.as_str()).and_then(|n| n.lines.get(*variant)) {
                    let (direction, speech) = split_line(line);
                    out.extend(direction.map(Entry::Narration));
                    out.extend(speech.map(Entry::Customer));
                }
            }
            Event::Options { node, choices } => {
                if let Some(n) = scenario.node(node.as_str()) {
                    let options = choices
                        .iter()
                        .enumerate()
                        .filter_map(|(k, &i)| {
                            n.choices.get(i).map(|c| (OptionNumber::from_position(k), c.text.clone()))
                        })
                        .collect();
                    out.push(Entry::Options(options));
                }
            }
            Event::Said { node, choice } => {
                if let Some(c) = scenario.node(node.as_str()).and_then(|n| n.choices.get(*choice)) {
                    out.push(Entry::Learner(c.text.clone()));
                }
            }
            Event::Hesitated { .. } => out.push(Entry::Hesitated),
            Event::MeterChanged { meter, from, to } => out.push(Entry::Meter { meter: *meter, from: *from, to: *to }),
            Event::Ended { ending, outcome, silent_exit, reason } => {
                let text = scenario.ending(ending.as_str()).map(|e| e.text.clone()).unwrap_or_default();
                out.push(Entry::Ending { text, outcome: *outcome, silent_exit: *silent_exit, reason: *reason });
            }
        }
    }
    out
}

/// Renders events as text lines in one language. Options are listed with their display numbers.
pub fn render(scenario: &Scenario, events: &[Event], lang: Lang) -> String {
    render_with(scenario, events, lang, true)
}

/// [`render`] for an exam: the meters' movements are hints, so they are left out.
pub fn render_exam(scenario: &Scenario, events: &[Event], lang: Lang) -> String {
    render_with(scenario, events, lang, false)
}

fn render_with(scenario: &Scenario, events: &[Event], lang: Lang, meters: bool) -> String {
    let mut out = String::new();
    let customer = scenario.customer.name.learner(lang);
    let you = t(lang, Text::You);
    let sep = t(lang, Text::ColonSeparator);
    for entry in entries(scenario, events) {
        let _ = match entry {
            Entry::Narration(text) => writeln!(out, "  {}", stage_direction(&text).learner(lang)),
            Entry::Customer(text) => {
                let speech = text.learner(lang);
                if speech.is_empty() { Ok(()) } else { writeln!(out, "{customer}{sep}{speech}") }
            }
            Entry::Options(options) => {
                options.iter().try_for_each(|(n, text)| writeln!(out, "  {n}. {}", text.learner(lang)))
            }
            Entry::Learner(text) => writeln!(out, "{you}{sep}{}", text.learner(lang)),
            Entry::Hesitated => writeln!(out, "({you} {})", t(lang, Text::Hesitates)),
            Entry::Meter { .. } if !meters => Ok(()),
            Entry::Meter { meter, from, to } => writeln!(out, "    [{} {from} -> {to}]", meter.label(lang)),
            Entry::Ending { text, outcome, silent_exit, reason } => {
                let _ = writeln!(out, "{}", text.learner(lang));
                let why = if reason == EndReason::Walkout { t(lang, Text::PatienceRanOutNote) } else { "" };
                let silent = if silent_exit { t(lang, Text::SilentExitNote) } else { "" };
                writeln!(out, "== {}{sep}{}{silent}{why} ==", t(lang, Text::CallEnded), outcome.label(lang))
            }
        };
    }
    out
}
