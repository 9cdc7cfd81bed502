//! Exam sets: one bad file per rule (code and line:column asserted), pinned fingerprints, seeds by
//! policy, and grading — thresholds per scenario and for the set, and a critical choice failing a
//! scenario whatever its score.

use crate::common;
use frontline::core::exam::{ExamSet, FailReason, SeedPolicy, grade_scenario, grade_set};
use frontline::core::ids::ChoiceId;
use frontline::core::library::load_exam_set;
use frontline::core::replay::{Script, replay};
use frontline::core::score::score;
use std::path::{Path, PathBuf};

/// A scenario folder with the fixture scenario (its `b.promise` choice marked critical) and one
/// exam set file `exams/set.ron` holding `exam`.
fn folder(name: &str, exam: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("frontline-exam-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("exams")).expect("dirs");
    let small = std::fs::read_to_string("tests/fixtures/small.ron").expect("fixture");
    let small = small.replacen("id: \"b.promise\",", "id: \"b.promise\",\n                    critical: true,", 1);
    std::fs::write(dir.join("small.ron"), small).expect("write");
    std::fs::copy("tests/fixtures/techniques.ron", dir.join("techniques.ron")).expect("copy");
    std::fs::write(dir.join("exams/set.ron"), exam).expect("write");
    dir
}

const GOOD: &str = r#"ExamSet(
    id: "cert",
    title: (en: "Cert", zh: "认证"),
    instructions: (en: "Two calls.", zh: "两通电话。"),
    scenarios: [(id: "small")],
    pass_each: (overall: 60),
    pass_set: (overall: 70, listening: 50),
    attempts_allowed: 2,
)"#;

fn codes_at(exam: &str, name: &str) -> Vec<(String, usize, usize)> {
    let dir = folder(name, exam);
    let (_, report) = load_exam_set(&dir.join("exams/set.ron"));
    report
        .diagnostics
        .iter()
        .map(|d| (d.code.to_string(), d.location.map_or(0, |l| l.line), d.location.map_or(0, |l| l.col)))
        .collect()
}

#[test]
fn a_good_exam_set_loads_with_its_scenarios() {
    let dir = folder("good", GOOD);
    let (set, report) = load_exam_set(&dir.join("exams/set.ron"));
    assert_eq!(report.diagnostics.len(), 0, "{}", report.render());
    let (set, scenarios) = set.expect("loaded");
    assert_eq!(set.id, "cert");
    assert_eq!(scenarios.len(), 1);
    assert_eq!(set.seeds, SeedPolicy::PerLearner, "the default seed policy");
    assert!(set.patience_timers && !set.show_feedback && !set.allow_pause);
}

#[test]
fn each_rule_has_its_diagnostic_at_the_right_place() {
    // (name, the file, the code, where it must point: the n-th occurrence of a marker)
    let cases: Vec<(&str, String, &str, &str, usize)> = vec![
        ("unknown", GOOD.replace("(id: \"small\")", "(id: \"smal\")"), "unknown-scenario", "\"smal\"", 0),
        (
            "twice",
            GOOD.replace("[(id: \"small\")]", "[(id: \"small\"), (id: \"small\")]"),
            "duplicate-exam-scenario",
            "\"small\"",
            1,
        ),
        ("empty", GOOD.replace("[(id: \"small\")]", "[]"), "exam-no-scenarios", "[]", 0),
        ("badid", GOOD.replace("id: \"cert\"", "id: \"cert set\""), "exam-id", "\"cert set\"", 0),
        ("range", GOOD.replace("overall: 70", "overall: 170"), "threshold-range", "170", 0),
        ("attempts", GOOD.replace("attempts_allowed: 2", "attempts_allowed: 0"), "attempts-range", "0,\n)", 0),
        ("translation", GOOD.replace("zh: \"两通电话。\"", "zh: \"\""), "missing-translation", "(en: \"Two", 0),
        (
            "badpin",
            GOOD.replace("(id: \"small\")", "(id: \"small\", fingerprint: \"abc\")"),
            "bad-fingerprint",
            "\"abc\"",
            0,
        ),
        (
            "changed",
            GOOD.replace("(id: \"small\")", &format!("(id: \"small\", fingerprint: \"{}\")", "0".repeat(64))),
            "scenario-changed",
            "\"0000",
            0,
        ),
        ("syntax", GOOD.replace("pass_each", "pass_eech"), "syntax", "pass_eech", 0),
    ];
    for (name, text, code, marker, nth) in cases {
        let offset = text.match_indices(marker).nth(nth).map(|(i, _)| i).expect("marker in the text");
        let want = frontline::core::diagnostic::line_col(&text, offset);
        let found = codes_at(&text, name);
        assert!(
            found.iter().any(|(c, l, col)| c == code && *l == want.line && *col == want.col),
            "{name}: expected {code} at {}:{}, got {found:?}",
            want.line,
            want.col
        );
    }
}

#[test]
fn a_low_pass_mark_without_a_critical_choice_is_a_warning() {
    let dir = folder("nocritical", &GOOD.replace("overall: 60", "overall: 40"));
    // Without the critical mark on the fixture's choice.
    let small = std::fs::read_to_string("tests/fixtures/small.ron").expect("fixture");
    std::fs::write(dir.join("small.ron"), small).expect("write");
    let (set, report) = load_exam_set(&dir.join("exams/set.ron"));
    assert!(set.is_some(), "a warning does not stop the exam");
    assert!(report.diagnostics.iter().any(|d| d.code == "no-critical-choice" && !d.is_error()), "{}", report.render());
}

#[test]
fn a_pinned_fingerprint_that_matches_is_accepted() {
    let pin = common::small().fingerprint;
    // The folder's copy of the fixture carries the critical mark, so pin that version.
    let dir = folder("pinned", GOOD);
    let loaded = frontline::core::library::load_scenario(&dir.join("small.ron")).expect("loads");
    assert_ne!(loaded.fingerprint, pin, "marking a choice critical is a change of content");
    let text = GOOD.replace("(id: \"small\")", &format!("(id: \"small\", fingerprint: \"{}\")", loaded.fingerprint));
    std::fs::write(dir.join("exams/set.ron"), text).expect("write");
    let (set, report) = load_exam_set(&dir.join("exams/set.ron"));
    assert!(set.is_some(), "{}", report.render());
}

#[test]
fn seeds_follow_the_policy() {
    let dir = folder("seeds", GOOD);
    let (set, _) = load_exam_set(&dir.join("exams/set.ron"));
    let (mut set, _) = set.expect("loaded");
    let a = set.seed_for("Ann", "small", 1);
    assert_eq!(a, set.seed_for(" Ann ", "small", 2), "the same learner always gets the same seed");
    assert_ne!(a, set.seed_for("Bo", "small", 1), "another learner another");
    set.seeds = SeedPolicy::Fixed(99);
    assert_eq!(set.seed_for("Ann", "small", 1), 99);
    set.seeds = SeedPolicy::Random;
    assert_eq!(set.seed_for("Ann", "small", 5), 5);
}

fn exam_in(dir: &Path) -> (ExamSet, frontline::core::loader::LoadedScenario) {
    let (set, report) = load_exam_set(&dir.join("exams/set.ron"));
    let (set, mut scenarios) = set.unwrap_or_else(|| panic!("{}", report.render()));
    (set, scenarios.remove(0))
}

#[test]
fn a_critical_choice_fails_the_scenario_whatever_the_score() {
    let dir = folder("critical", &GOOD.replace("overall: 60", "overall: 0").replace("overall: 70", "overall: 0"));
    let (set, loaded) = exam_in(&dir);
    let ids = |ids: &[&str]| ids.iter().map(|i| ChoiceId::new(*i)).collect::<Vec<_>>();
    let play = |choices: &[&str]| {
        let run = replay(loaded.scenario.clone(), 3, Script::Choices(&ids(choices))).expect("replay");
        let report = score(&loaded.scenario, &loaded.catalog, run.conversation.state());
        grade_scenario(&set, &loaded.scenario, run.conversation.state(), &report)
    };
    let fine = play(&["a.listen", "b.fixed"]);
    assert!(fine.passed, "{fine:?}");
    let critical = play(&["a.listen", "b.promise"]);
    assert!(!critical.passed);
    assert_eq!(critical.reasons, vec![FailReason::CriticalChoice { choice_id: "b.promise".into() }]);
}

#[test]
fn thresholds_per_scenario_and_for_the_set() {
    let dir = folder("thresholds", GOOD);
    let (set, loaded) = exam_in(&dir);
    let ids: Vec<ChoiceId> = ["a.calm_down", "b.promise"].iter().map(|i| ChoiceId::new(*i)).collect();
    let run = replay(loaded.scenario.clone(), 3, Script::Choices(&ids)).expect("replay");
    let report = score(&loaded.scenario, &loaded.catalog, run.conversation.state());
    let verdict = grade_scenario(&set, &loaded.scenario, run.conversation.state(), &report);
    assert!(!verdict.passed);
    assert!(
        verdict
            .reasons
            .iter()
            .any(|r| matches!(r, FailReason::BelowThreshold { family, needed: 60, .. } if family == "overall"))
    );
    let whole = grade_set(&set, vec![verdict]);
    assert!(!whole.passed);
    assert!(
        whole
            .reasons
            .iter()
            .any(|r| matches!(r, FailReason::BelowThreshold { family, needed: 70, .. } if family == "overall"))
    );
    // A set missing a scenario is not passed, even with good scores.
    assert!(!grade_set(&set, Vec::new()).passed);
}

fn line(learner: &str, overall: u32, choices: &[&str]) -> frontline::core::exam::class_report::SittingLine {
    frontline::core::exam::class_report::SittingLine {
        learner: learner.into(),
        sitting: format!("s-{learner}"),
        ended_ms: 1,
        attempts: 1,
        scenarios: vec![frontline::core::exam::ScenarioVerdict {
            scenario_id: "small".into(),
            passed: false,
            overall,
            listening: Some(overall),
            recovery: Some(overall),
            reasons: Vec::new(),
        }],
        choices: vec![choices.iter().map(|c| (*c).to_string()).collect()],
        techniques: [("L1".to_string(), overall)].into_iter().collect(),
    }
}

#[test]
fn the_class_report_counts_choices_and_flags_a_decision_strong_learners_get_wrong() {
    let dir = folder("class", GOOD);
    let (set, loaded) = exam_in(&dir);
    let best_at_a = loaded.scenario.nodes[0]
        .choices
        .iter()
        .enumerate()
        .max_by_key(|(_, c)| frontline::core::score::net_weight(c))
        .map(|(i, _)| frontline::core::scenario::Scenario::choice_id(&loaded.scenario.nodes[0], i).to_string())
        .expect("a best option");
    let wrong_at_a = if best_at_a == "a.listen" { "a.bye" } else { "a.listen" };
    // The two weakest learners take the best option at `a`; the two strongest do not.
    let lines = vec![
        line("Ann", 20, &[&best_at_a, "b.fixed"]),
        line("Bo", 30, &[&best_at_a, "b.fixed"]),
        line("Cy", 80, &[wrong_at_a, "b.fixed"]),
        line("Dee", 90, &[wrong_at_a, "b.promise"]),
    ];
    let report = frontline::core::exam::class_report::build(&set, &[loaded], &lines);
    assert_eq!(report.learners.len(), 4);
    assert_eq!(report.learners.iter().filter(|l| l.passed).count(), 1, "only Cy: Dee took a critical choice");
    assert!(report.learners.iter().any(|l| l.learner == "Dee"
        && l.reasons.iter().any(|(_, r)| *r == FailReason::CriticalChoice { choice_id: "b.promise".into() })));
    assert!((report.pass_rate - 0.25).abs() < 1e-9);
    assert_eq!(report.technique_averages.get("L1"), Some(&55), "(20 + 30 + 80 + 90) / 4");
    let a = report.decisions.iter().find(|d| d.node_id == "a").expect("decision a");
    assert_eq!(a.reached, 4);
    assert!((a.facility - 0.5).abs() < 1e-9, "two of four took the best option");
    assert!(a.discrimination.is_some_and(|d| d < -0.9), "{:?}", a.discrimination);
    assert!(a.flagged, "strong learners get it wrong: flagged");
    assert!(a.location.ends_with(":17"), "the node's line in the file: {}", a.location);
    assert_eq!(a.options[0].choice_id, wrong_at_a, "the most chosen wrong option first");
    assert_eq!(a.options[0].chosen, 2);
    let csv = frontline::core::exam::class_report_format::csv(&report);
    assert_eq!(csv.lines().count(), 5, "a header and one row per learner");
    let html = frontline::core::exam::class_report_format::html(&report, &set, frontline::core::text::Lang::En);
    assert!(html.starts_with("<!DOCTYPE html>") && html.contains("<svg") && !html.contains("<script"));
}
