//! The rules of an exam set, checked against the scenarios it names (no disk access here): every
//! finding is placed at its `file:line:col` like the scenario checker's.

use crate::core::diagnostic::{Diagnostic, did_you_mean};
use crate::core::exam::set::{ExamSet, LanguagePolicy, Thresholds};
use crate::core::fingerprint::Fingerprint;
use crate::core::load::Parsed;
use crate::core::loader::LoadedScenario;
use crate::core::source_map::{field, index};
use crate::core::text::Lang;

/// A pass threshold this low, on a scenario with no critical choice, lets a learner pass while
/// making a serious mistake: the checker warns.
pub const LOW_THRESHOLD: u32 = 60;

/// Checks an exam set against the scenarios of its folder.
pub fn check_exam_set(parsed: &Parsed<ExamSet>, library: &[LoadedScenario]) -> Vec<Diagnostic> {
    let set = &parsed.value;
    let name = parsed.source.name.as_str();
    let at = |d: Diagnostic, path: &str| parsed.place(d, path);
    let mut out = Vec::new();
    if set.id.is_empty() || !set.id.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-') {
        out.push(at(
            Diagnostic::error("exam-id", name, format!("`{}` is not a usable exam id", set.id))
                .help("use letters, digits, `_` and `-`, e.g. `front_desk_cert`"),
            "id",
        ));
    }
    for (what, value) in [("title", &set.title), ("instructions", &set.instructions)] {
        for lang in Lang::ALL {
            if value.exact(lang).trim().is_empty() {
                out.push(at(
                    Diagnostic::error("missing-translation", name, format!("the {what} has no {lang:?} text"))
                        .help("every text has `en` and `zh`"),
                    what,
                ));
            }
        }
    }
    if set.scenarios.is_empty() {
        out.push(at(
            Diagnostic::error("exam-no-scenarios", name, "the exam has no scenarios")
                .help("list them by id: `scenarios: [(id: \"late_flight\")]`"),
            "scenarios",
        ));
    }
    let known: Vec<&str> = library.iter().map(|l| l.scenario.id.as_str()).collect();
    for (i, entry) in set.scenarios.iter().enumerate() {
        let path = index("scenarios", i);
        if set.scenarios[..i].iter().any(|e| e.id == entry.id) {
            out.push(at(
                Diagnostic::error("duplicate-exam-scenario", name, format!("`{}` is listed twice", entry.id.as_str())),
                &field(&path, "id"),
            ));
        }
        let Some(loaded) = library.iter().find(|l| l.scenario.id == entry.id) else {
            let mut d = Diagnostic::error(
                "unknown-scenario",
                name,
                format!("no scenario with id `{}` in the scenario folder", entry.id.as_str()),
            )
            .label("not found");
            d = match did_you_mean(entry.id.as_str(), known.iter().copied()) {
                Some(s) => d.help(format!("did you mean `{s}`?")),
                None => d.help(format!("the scenarios there are: {}", known.join(", "))),
            };
            out.push(at(d, &field(&path, "id")));
            continue;
        };
        if let Some(pin) = &entry.fingerprint {
            let current = loaded.fingerprint;
            match Fingerprint::from_hex(pin) {
                None => out.push(at(
                    Diagnostic::error("bad-fingerprint", name, "a fingerprint is 64 hexadecimal digits")
                        .help(format!("the scenario's fingerprint now is {}", current.to_hex())),
                    &field(&path, "fingerprint"),
                )),
                Some(pinned) if pinned != current => out.push(at(
                    Diagnostic::error(
                        "scenario-changed",
                        name,
                        format!("`{}` has changed since this exam was pinned to it", entry.id.as_str()),
                    )
                    .label("pinned version")
                    .help(format!(
                        "review the changes, then pin the new version: fingerprint: \"{}\"",
                        current.to_hex()
                    )),
                    &field(&path, "fingerprint"),
                )),
                Some(_) => {}
            }
        }
        if let LanguagePolicy::Fixed(lang) = set.language
            && !loaded.scenario.languages.contains(&lang)
        {
            out.push(at(
                Diagnostic::error(
                    "exam-language",
                    name,
                    format!("the exam is in {lang:?}, which `{}` does not offer", entry.id.as_str()),
                ),
                "language",
            ));
        }
        let has_critical = loaded.scenario.nodes.iter().any(|n| n.choices.iter().any(|c| c.critical));
        if !has_critical && set.pass_each.overall < LOW_THRESHOLD {
            out.push(at(
                Diagnostic::warning(
                    "no-critical-choice",
                    name,
                    format!(
                        "`{}` has no critical choice and the pass mark is only {}: a learner can pass while making a serious mistake",
                        entry.id.as_str(),
                        set.pass_each.overall
                    ),
                )
                .help(format!(
                    "mark the choices that must fail an exam with `critical: true`, or raise `pass_each.overall` to {LOW_THRESHOLD} or more"
                )),
                &field(&path, "id"),
            ));
        }
    }
    for (what, t) in [("pass_each", &set.pass_each), ("pass_set", &set.pass_set)] {
        check_thresholds(&mut out, name, what, t, &at);
    }
    if set.attempts_allowed == 0 {
        out.push(at(
            Diagnostic::error("attempts-range", name, "`attempts_allowed` must be at least 1"),
            "attempts_allowed",
        ));
    }
    out
}

fn check_thresholds(
    out: &mut Vec<Diagnostic>,
    name: &str,
    what: &str,
    t: &Thresholds,
    at: &dyn Fn(Diagnostic, &str) -> Diagnostic,
) {
    for (family, value) in [("overall", Some(t.overall)), ("listening", t.listening), ("recovery", t.recovery)] {
        if let Some(v) = value.filter(|v| *v > 100) {
            out.push(at(
                Diagnostic::error("threshold-range", name, format!("a pass mark of {v} cannot be reached"))
                    .help("pass marks are scores from 0 to 100"),
                &field(what, family),
            ));
        }
    }
}
