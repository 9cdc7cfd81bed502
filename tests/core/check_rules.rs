//! One failing input per checker rule: each test breaks the small fixture scenario in one way and
//! asserts the diagnostic's code, severity and the exact line and column it points at.

use frontline::core::check::check_scenario;
use frontline::core::diagnostic::{Diagnostic, Severity};
use frontline::core::load::{SourceFile, parse_scenario};
use frontline::core::loader::{AssetProbe, AssumeAssetsExist, load_catalog_text};
use frontline::core::technique::Catalog;

const SMALL: &str = include_str!("../fixtures/small.ron");
const CATALOG_TEXT: &str = include_str!("../fixtures/techniques.ron");

fn fixture_catalog() -> Catalog {
    load_catalog_text(SourceFile::from_text("techniques.ron", CATALOG_TEXT)).expect("fixture catalog loads").0
}

fn diagnostics(text: &str) -> Vec<Diagnostic> {
    match parse_scenario(SourceFile::from_text("t.ron", text)) {
        Ok(parsed) => check_scenario(&parsed, Some(&fixture_catalog()), &AssumeAssetsExist),
        Err(d) => vec![*d],
    }
}

/// A folder with nothing in it: every sound file is missing.
struct EmptyFolder;

impl AssetProbe for EmptyFolder {
    fn exists(&self, _: &str) -> bool {
        false
    }
}

/// Replaces the `nth` (0-based) occurrence of `from` with `to`; panics if absent (a broken test).
fn replace_nth(text: &str, from: &str, to: &str, nth: usize) -> String {
    let (idx, _) = text.match_indices(from).nth(nth).unwrap_or_else(|| panic!("fixture has no {from:?} #{nth}"));
    format!("{}{}{}", &text[..idx], to, &text[idx + from.len()..])
}

/// Line and column (1-based, in characters) of the `nth` occurrence of `needle`.
fn position_of(text: &str, needle: &str, nth: usize) -> (usize, usize) {
    let (idx, _) = text.match_indices(needle).nth(nth).unwrap_or_else(|| panic!("no {needle:?} #{nth}"));
    let before = &text[..idx];
    let line = before.lines().count() + usize::from(before.ends_with('\n') || before.is_empty());
    let line_start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
    (line, before[line_start..].chars().count() + 1)
}

/// Position just after `prefix` inside the `nth` occurrence of `needle` (which starts with `prefix`).
fn after(prefix: &str, text: &str, needle: &str, nth: usize) -> (usize, usize) {
    let (line, col) = position_of(text, needle, nth);
    (line, col + prefix.chars().count())
}

fn expect(text: &str, code: &str, severity: Severity, at: (usize, usize)) -> Diagnostic {
    let diags = diagnostics(text);
    let found = diags.iter().find(|d| d.code == code).unwrap_or_else(|| {
        panic!("expected a `{code}` diagnostic, got: {:#?}", diags.iter().map(Diagnostic::headline).collect::<Vec<_>>())
    });
    assert_eq!(found.severity, severity, "{}", found.headline());
    let lc = found.location.unwrap_or_else(|| panic!("`{code}` has no location"));
    assert_eq!((lc.line, lc.col), at, "{}", found.headline());
    found.clone()
}

#[test]
fn the_fixture_itself_is_clean() {
    let diags = diagnostics(SMALL);
    assert!(diags.is_empty(), "{:#?}", diags.iter().map(Diagnostic::headline).collect::<Vec<_>>());
}

#[test]
fn syntax_error_missing_comma() {
    let text = replace_nth(SMALL, "minutes: 2,", "minutes: 2", 0);
    // The next field starts on line 8, column 5, where ron expects the comma.
    let d = expect(&text, "syntax", Severity::Error, (8, 5));
    assert!(d.message.contains("comma"), "{}", d.message);
}

#[test]
fn unknown_field_is_a_syntax_error_with_the_field_name() {
    let text = replace_nth(SMALL, "feedback: (en: \"R2: solved.\"", "feeback: (en: \"R2: solved.\"", 0);
    let d = expect(&text, "syntax", Severity::Error, position_of(&text, "feeback", 0));
    assert!(d.message.contains("feeback"), "{}", d.message);
}

#[test]
fn duplicate_id_points_at_the_second_use() {
    let text = replace_nth(SMALL, "id: \"b\"", "id: \"a\"", 0);
    let d = expect(&text, "duplicate-id", Severity::Error, after("id: ", &text, "id: \"a\"", 1));
    assert!(d.notes.iter().any(|n| n.contains("line 18")), "{:?}", d.notes);
}

#[test]
fn missing_target_suggests_a_fix() {
    let text = replace_nth(SMALL, "next: \"verdict\"", "next: \"verdikt\"", 1);
    let d = expect(&text, "unknown-target", Severity::Error, position_of(&text, "\"verdikt\"", 0));
    assert_eq!(d.help.as_deref(), Some("did you mean `verdict`?"));
}

#[test]
fn unknown_start() {
    let text = replace_nth(SMALL, "start: \"a\"", "start: \"intro\"", 0);
    expect(&text, "unknown-target", Severity::Error, position_of(&text, "\"intro\"", 0));
}

#[test]
fn unknown_technique() {
    let text = replace_nth(SMALL, "Shows(\"R2\")", "Shows(\"R22\")", 0);
    expect(&text, "unknown-technique", Severity::Error, position_of(&text, "\"R22\"", 0));
}

#[test]
fn anti_pattern_cannot_be_shown() {
    let text = replace_nth(SMALL, "Breaks(\"G4\")", "Shows(\"G4\")", 0);
    expect(&text, "shows-anti-pattern", Severity::Error, position_of(&text, "Shows(\"G4\")", 0));
}

#[test]
fn weight_out_of_range() {
    let text = replace_nth(SMALL, "ShowsWeighted(\"L1\", 2)", "ShowsWeighted(\"L1\", 9)", 0);
    expect(&text, "weight-range", Severity::Error, position_of(&text, "9)", 0));
}

#[test]
fn unreachable_node_is_a_warning() {
    let extra = "(id: \"orphan\", lines: [(en: \"Hi\", zh: \"嗨\")], routes: [(next: \"meh\")]),\n        (\n            id: \"verdict\"";
    let text = replace_nth(SMALL, "(\n            id: \"verdict\"", extra, 0);
    expect(&text, "unreachable-node", Severity::Warning, position_of(&text, "\"orphan\"", 0));
}

#[test]
fn node_without_choices_or_routes() {
    let text = replace_nth(
        SMALL,
        "routes: [\n                (when: Some(AtLeast(Solved, 50)), next: \"happy\"),\n                (next: \"meh\"),\n            ],",
        "",
        0,
    );
    expect(&text, "dead-end", Severity::Error, after("id: ", &text, "id: \"verdict\"", 0));
}

#[test]
fn cycle_with_no_way_to_an_ending() {
    let text = replace_nth(SMALL, "(next: \"meh\"),", "(next: \"loop\"),", 0);
    let text = replace_nth(&text, "(when: Some(AtLeast(Solved, 50)), next: \"happy\"),", "", 0);
    let text = replace_nth(
        &text,
        "    ],\n    endings",
        "        (id: \"loop\", lines: [(en: \"Again?\", zh: \"又来?\")], routes: [(next: \"verdict\")]),\n    ],\n    endings",
        0,
    );
    // `b` only leads into the loop and cannot drain patience, so it is the first trapped node.
    let d = expect(&text, "no-way-out", Severity::Error, after("id: ", &text, "id: \"b\"", 0));
    assert!(d.notes.iter().any(|n| n.contains("`loop`")), "{:?}", d.notes);
}

#[test]
fn no_ending_reachable() {
    let text = replace_nth(SMALL, "walkout: Some(\"gone\"),", "", 0);
    let text = replace_nth(&text, "(when: Some(AtLeast(Solved, 50)), next: \"happy\"),", "", 0);
    let text = replace_nth(&text, "(next: \"meh\"),", "(next: \"a\"),", 0);
    expect(&text, "no-ending-reachable", Severity::Error, position_of(&text, "\"a\",", 0));
}

#[test]
fn no_endings_at_all() {
    let start = SMALL.find("    endings: [").expect("endings");
    let text = format!("{}    endings: [],\n)\n", &SMALL[..start]);
    expect(&text, "no-endings", Severity::Error, position_of(&text, "[],", 1));
}

#[test]
fn starting_meter_out_of_range() {
    let text = replace_nth(SMALL, "mood: 40,", "mood: 140,", 0);
    expect(&text, "meter-range", Severity::Error, position_of(&text, "140", 0));
}

#[test]
fn effect_out_of_range() {
    let text = replace_nth(SMALL, "patience: -100", "patience: -150", 0);
    expect(&text, "meter-range", Severity::Error, position_of(&text, "-150", 0));
}

#[test]
fn condition_threshold_out_of_range() {
    let text = replace_nth(SMALL, "AtLeast(Mood, 50)", "AtLeast(Mood, 500)", 0);
    expect(&text, "meter-range", Severity::Error, position_of(&text, "500", 0));
}

#[test]
fn temperament_min_above_max() {
    let text = replace_nth(SMALL, "(min: 100, max: 100)", "(min: 150, max: 100)", 0);
    expect(&text, "temperament-range", Severity::Error, position_of(&text, "(min: 150", 0));
}

#[test]
fn empty_text() {
    let text = replace_nth(SMALL, "(en: \"Hmph.\", zh: \"哼。\")", "(en: \"\", zh: \" \")", 0);
    expect(&text, "empty-text", Severity::Error, position_of(&text, "(en: \"\", zh: \" \")", 0));
}

#[test]
fn missing_chinese_translation() {
    let text = replace_nth(SMALL, "zh: \"所以呢?\"", "zh: \"\"", 0);
    let d = expect(&text, "missing-translation", Severity::Error, position_of(&text, "(en: \"So?\"", 0));
    assert!(d.message.contains("Chinese"), "{}", d.message);
}

#[test]
fn asset_escaping_the_folder() {
    let text = replace_nth(SMALL, "timer: Some", "sound: Some(\"../../etc/ring.ogg\"),\n            timer: Some", 0);
    expect(&text, "asset-escapes", Severity::Error, position_of(&text, "\"../../etc/ring.ogg\"", 0));
}

#[test]
fn absolute_voice_path_escapes_too() {
    let text =
        replace_nth(SMALL, "timer: Some", "voice: Some((en: \"/tmp/a.ogg\", zh: \"\")),\n            timer: Some", 0);
    expect(&text, "asset-escapes", Severity::Error, position_of(&text, "\"/tmp/a.ogg\"", 0));
}

#[test]
fn routes_need_a_fallback() {
    let text = replace_nth(SMALL, "(next: \"meh\"),", "(when: Some(AtMost(Solved, 49)), next: \"meh\"),", 0);
    expect(&text, "no-fallback-route", Severity::Error, position_of(&text, "(when: Some(AtMost", 0));
}

#[test]
fn timer_needs_seconds() {
    let text = replace_nth(SMALL, "(seconds: 10, drain: 10)", "(seconds: 0, drain: 10)", 0);
    expect(&text, "timer-range", Severity::Error, position_of(&text, "(seconds: 0", 0));
}

#[test]
fn walkout_must_name_an_ending() {
    let text = replace_nth(SMALL, "walkout: Some(\"gone\")", "walkout: Some(\"b\")", 0);
    expect(&text, "walkout-not-ending", Severity::Error, position_of(&text, "\"b\")", 0));
}

#[test]
fn wrong_top_level_name() {
    let text = replace_nth(SMALL, "Scenario(", "Scenery(", 0);
    let d = expect(&text, "syntax", Severity::Error, (2, 1));
    assert!(d.message.contains("Scenario"), "{}", d.message);
}

#[test]
fn choices_and_routes_on_one_node() {
    let text = replace_nth(
        SMALL,
        "timer: Some((seconds: 10, drain: 10)),",
        "timer: Some((seconds: 10, drain: 10)),\n            routes: [(next: \"happy\")],",
        0,
    );
    expect(&text, "choices-and-routes", Severity::Error, position_of(&text, "[(next: \"happy\")]", 0));
}

#[test]
fn route_after_an_unconditional_one_is_never_taken() {
    let text = replace_nth(SMALL, "(when: Some(AtLeast(Solved, 50)), next: \"happy\"),", "(next: \"happy\"),", 0);
    expect(
        &text,
        "unreachable-route",
        Severity::Warning,
        position_of(&text, "[\n                (next: \"happy\")", 0),
    );
}

#[test]
fn every_choice_conditional_is_a_warning() {
    let text = replace_nth(
        SMALL,
        "next: \"verdict\",\n                ),",
        "next: \"verdict\",\n                    condition: Some(AtMost(Mood, 100)),\n                ),",
        0,
    );
    let text = replace_nth(
        &text,
        "next: \"verdict\",\n                ),",
        "next: \"verdict\",\n                    condition: Some(AtMost(Mood, 100)),\n                ),",
        0,
    );
    let d = expect(
        &text,
        "all-choices-conditional",
        Severity::Warning,
        after("choices: ", &text, "choices: [\n                (\n                    id: \"b.fixed\"", 0),
    );
    assert!(d.message.contains("`b`"), "{}", d.message);
}

#[test]
fn untagged_choice_is_a_warning() {
    let text = replace_nth(SMALL, "techniques: [Shows(\"R2\")],", "", 0);
    expect(&text, "untagged-choice", Severity::Warning, position_of(&text, "(en: \"Fixed it.\"", 0));
}

#[test]
fn an_email_scenario_needs_a_subject() {
    let text = replace_nth(SMALL, "    customer: (", "    channel: Email,\n    customer: (", 0);
    let d = expect(&text, "no-subject", Severity::Error, position_of(&text, "Email,", 0));
    assert!(d.message.contains("subject"), "{}", d.message);
    let with = replace_nth(
        SMALL,
        "    customer: (",
        "    channel: Email,\n    subject: (en: \"Charged twice\", zh: \"重复扣款\"),\n    customer: (",
        0,
    );
    let diags = diagnostics(&with);
    assert!(!diags.iter().any(|d| d.code == "no-subject" || d.code == "subject-not-email"), "{diags:#?}");
}

#[test]
fn a_subject_outside_email_is_a_warning() {
    let text = replace_nth(
        SMALL,
        "    customer: (",
        "    subject: (en: \"Charged twice\", zh: \"重复扣款\"),\n    customer: (",
        0,
    );
    expect(&text, "subject-not-email", Severity::Warning, position_of(&text, "(en: \"Charged twice\"", 0));
}

#[test]
fn a_subject_needs_every_language() {
    let text = replace_nth(
        SMALL,
        "    customer: (",
        "    channel: Email,\n    subject: (en: \"Charged twice\", zh: \"\"),\n    customer: (",
        0,
    );
    let diags = diagnostics(&text);
    assert!(diags.iter().any(|d| d.is_error() && d.message.contains("subject")), "{diags:#?}");
}

#[test]
fn the_customers_look_and_distress_are_read_and_an_unknown_trait_is_an_error() {
    let text = replace_nth(
        SMALL,
        "        walkout: Some(\"gone\"),",
        "        walkout: Some(\"gone\"),\n        look: (age: Senior, hair: Bun, glasses: true),\n        distress: Worry,",
        0,
    );
    let diags = diagnostics(&text);
    assert!(!diags.iter().any(|d| d.is_error()), "{diags:#?}");
    let wrong = replace_nth(&text, "hair: Bun", "hair: Mohawk", 0);
    let diags = diagnostics(&wrong);
    let d = diags.iter().find(|d| d.is_error()).expect("an unknown hair style is an error");
    let at = d.location.expect("placed");
    assert_eq!((at.line, at.col), position_of(&wrong, "Mohawk", 0), "{}", d.headline());
}

#[test]
fn a_neutral_choice_is_not_untagged() {
    let text = replace_nth(SMALL, "techniques: [Shows(\"R2\")],", "neutral: true,", 0);
    let diags = diagnostics(&text);
    assert!(
        !diags.iter().any(|d| d.code == "untagged-choice" || d.code == "neutral-tagged"),
        "{:#?}",
        diags.iter().map(Diagnostic::headline).collect::<Vec<_>>()
    );
}

#[test]
fn a_neutral_choice_with_techniques_is_a_warning() {
    let text = replace_nth(
        SMALL,
        "techniques: [Shows(\"R2\")],",
        "techniques: [Shows(\"R2\")],\n                    neutral: true,",
        0,
    );
    expect(&text, "neutral-tagged", Severity::Warning, position_of(&text, "true,", 0));
}

#[test]
fn duplicate_tag_on_one_choice() {
    let text = replace_nth(SMALL, "[Shows(\"R2\")]", "[Shows(\"R2\"), Shows(\"R2\")]", 0);
    expect(&text, "duplicate-tag", Severity::Warning, position_of(&text, "Shows(\"R2\")]", 0));
}

#[test]
fn choices_without_a_customer_line() {
    let text = replace_nth(SMALL, "lines: [(en: \"Hello?\", zh: \"喂?\")],", "", 0);
    expect(&text, "no-line", Severity::Error, after("id: ", &text, "id: \"a\"", 0));
}

#[test]
fn start_cannot_be_an_ending() {
    let text = replace_nth(SMALL, "start: \"a\"", "start: \"happy\"", 0);
    expect(&text, "start-is-ending", Severity::Error, after("start: ", &text, "start: \"happy\"", 0));
}

#[test]
fn scenario_id_must_be_plain() {
    let text = replace_nth(SMALL, "id: \"small\"", "id: \"small call\"", 0);
    expect(&text, "bad-id", Severity::Error, after("id: ", &text, "id: \"small call\"", 0));
    let text = replace_nth(SMALL, "id: \"happy\"", "id: \"\"", 0);
    expect(&text, "empty-id", Severity::Error, after("id: ", &text, "id: \"\", outcome", 0));
}

#[test]
fn empty_condition_list_is_a_warning() {
    let text = replace_nth(SMALL, "Some(AtLeast(Mood, 50))", "Some(All([]))", 0);
    expect(&text, "empty-condition", Severity::Warning, position_of(&text, "All([])", 0));
}

#[test]
fn visited_must_name_a_node() {
    let text = replace_nth(SMALL, "Some(AtLeast(Mood, 50))", "Some(Not(Visited(\"nowhere\")))", 0);
    expect(&text, "unknown-target", Severity::Error, position_of(&text, "\"nowhere\"", 0));
}

#[test]
fn odd_length_and_missing_source_and_no_patience_are_warnings() {
    let text = replace_nth(SMALL, "minutes: 2,", "minutes: 0,", 0);
    expect(&text, "odd-minutes", Severity::Warning, position_of(&text, "0,\n    source", 0));
    let text = replace_nth(SMALL, "case: \"[G] test fixture\"", "case: \"\"", 0);
    expect(&text, "no-source", Severity::Warning, after("case: ", &text, "case: \"\"", 0));
    let text = replace_nth(SMALL, "patience: 30,", "patience: 0,", 0);
    expect(&text, "no-patience", Severity::Warning, after("patience: ", &text, "patience: 0,", 0));
}

#[test]
fn missing_asset_file_is_a_warning() {
    let text = replace_nth(SMALL, "timer: Some", "sound: Some(\"sounds/sigh.ogg\"),\n            timer: Some", 0);
    let parsed = parse_scenario(SourceFile::from_text("t.ron", text.clone())).expect("parses");
    let diags = check_scenario(&parsed, Some(&fixture_catalog()), &EmptyFolder);
    let d = diags.iter().find(|d| d.code == "missing-asset").expect("missing-asset");
    let lc = d.location.expect("location");
    assert_eq!((lc.line, lc.col), position_of(&text, "\"sounds/sigh.ogg\"", 0));
    assert_eq!(d.severity, Severity::Warning);
}

#[test]
fn choice_ids_are_unique_within_the_scenario() {
    let text = replace_nth(SMALL, "id: \"b.rest\"", "id: \"a.listen\"", 0);
    let d = expect(&text, "duplicate-choice-id", Severity::Error, after("id: ", &text, "id: \"a.listen\"", 1));
    assert!(d.notes.iter().any(|n| n.contains("first used on line")), "{d:?}");
}

#[test]
fn a_choice_id_may_not_look_derived() {
    let text = replace_nth(SMALL, "id: \"b.rest\"", "id: \"b#3\"", 0);
    expect(&text, "bad-choice-id", Severity::Error, after("id: ", &text, "id: \"b#3\"", 0));
}

#[test]
fn one_choice_without_an_id_is_a_warning_at_that_choice() {
    let text = replace_nth(SMALL, "id: \"a.bye\",\n", "", 0);
    let at = after("text: ", &text, "text: (en: \"Bye.\"", 0);
    expect(&text, "missing-choice-id", Severity::Warning, at);
}

#[test]
fn a_scenario_without_choice_ids_gets_one_suggestion() {
    let mut text = SMALL.to_string();
    for id in ["a.listen", "a.calm_down", "a.bye", "b.fixed", "b.promise", "b.rest"] {
        text = replace_nth(&text, &format!("id: \"{id}\",\n"), "", 0);
    }
    let d =
        expect(&text, "no-choice-ids", Severity::Warning, after("text: ", &text, "text: (en: \"Tell me more.\"", 0));
    assert!(d.help.as_deref().is_some_and(|h| h.contains("id:")), "{d:?}");
    assert_eq!(diagnostics(&text).iter().filter(|d| d.code == "missing-choice-id").count(), 0);
}

mod catalog {
    use super::*;
    use frontline::core::check::check_catalog;
    use frontline::core::load::parse_catalog;

    const CATALOG: &str = include_str!("../fixtures/techniques.ron");

    fn catalog_diagnostics(text: &str) -> Vec<Diagnostic> {
        match parse_catalog(SourceFile::from_text("c.ron", text)) {
            Ok(parsed) => check_catalog(&parsed),
            Err(d) => vec![*d],
        }
    }

    #[test]
    fn the_fixture_catalog_is_clean() {
        assert!(catalog_diagnostics(CATALOG).is_empty());
    }

    #[test]
    fn duplicate_technique_id() {
        let text = replace_nth(CATALOG, "id: \"R2\"", "id: \"R1\"", 0);
        let d = catalog_diagnostics(&text).into_iter().find(|d| d.code == "duplicate-id").expect("duplicate-id");
        let lc = d.location.expect("location");
        assert_eq!((lc.line, lc.col), after("id: ", &text, "id: \"R1\"", 1));
    }

    #[test]
    fn counts_against_on_a_technique_is_a_warning() {
        let text = replace_nth(
            CATALOG,
            "(id: \"L1\", family: Listening,",
            "(id: \"L1\", family: Listening, counts_against: Some(Recovery),",
            0,
        );
        let d = catalog_diagnostics(&text).into_iter().find(|d| d.code == "counts-against-ignored").expect("warning");
        assert_eq!(d.severity, Severity::Warning);
        let lc = d.location.expect("location");
        assert_eq!((lc.line, lc.col), position_of(&text, "Recovery),", 0));
    }

    #[test]
    fn unknown_family_is_a_syntax_error_with_a_suggestion() {
        let text = replace_nth(CATALOG, "family: Recovery", "family: Recovery2", 0);
        let d = catalog_diagnostics(&text).into_iter().find(|d| d.code == "syntax").expect("syntax");
        assert_eq!(d.help.as_deref(), Some("did you mean `Recovery`?"));
    }
}

#[test]
fn a_loop_made_only_of_routes_is_an_error() {
    // verdict → loop → verdict when Solved < 50: routing changes no meter, so it spins forever.
    let text = replace_nth(SMALL, "(next: \"meh\"),", "(next: \"loop\"),", 0);
    let text = replace_nth(
        &text,
        "    ],\n    endings",
        "        (id: \"loop\", routes: [(next: \"verdict\")]),\n    ],\n    endings",
        0,
    );
    let d = expect(&text, "route-loop", Severity::Error, after("id: ", &text, "id: \"verdict\"", 0));
    assert!(d.message.contains("`verdict` → `loop` → `verdict`"), "{}", d.message);
}

#[test]
fn a_route_loop_with_a_visited_condition_is_only_a_warning() {
    let text = replace_nth(
        SMALL,
        "(next: \"meh\"),",
        "(when: Some(NotVisited(\"loop\")), next: \"loop\"),\n                (next: \"meh\"),",
        0,
    );
    let text = replace_nth(
        &text,
        "    ],\n    endings",
        "        (id: \"loop\", routes: [(next: \"verdict\")]),\n    ],\n    endings",
        0,
    );
    expect(&text, "route-loop", Severity::Warning, after("id: ", &text, "id: \"verdict\"", 0));
}

#[test]
fn visited_cannot_name_an_ending() {
    let text = replace_nth(SMALL, "Some(AtLeast(Mood, 50))", "Some(Visited(\"happy\"))", 0);
    expect(&text, "visited-ending", Severity::Error, position_of(&text, "\"happy\"))", 0));
}

#[test]
fn customer_description_needs_both_languages() {
    let text = replace_nth(
        SMALL,
        "name: (en: \"Ann\", zh: \"安\"),",
        "name: (en: \"Ann\", zh: \"安\"),\n        description: (en: \"A caller.\"),",
        0,
    );
    expect(&text, "missing-translation", Severity::Error, position_of(&text, "(en: \"A caller.\")", 0));
}

#[test]
fn third_duplicate_points_back_to_the_first_definition() {
    let text = replace_nth(SMALL, "id: \"b\"", "id: \"a\"", 0);
    let text = replace_nth(&text, "id: \"verdict\"", "id: \"a\"", 0);
    let diags = diagnostics(&text);
    let dups: Vec<_> = diags.iter().filter(|d| d.code == "duplicate-id").collect();
    assert_eq!(dups.len(), 2);
    assert!(dups.iter().all(|d| d.notes.iter().any(|n| n.contains("line 18"))), "{dups:#?}");
}

#[test]
fn chinese_in_english_text_and_english_in_chinese_text_are_warnings() {
    let text = replace_nth(SMALL, "en: \"So?\"", "en: \"So? As the book says, '承诺比兑现多'.\"", 0);
    let d = expect(&text, "untranslated", Severity::Warning, position_of(&text, "(en: \"So? As", 0));
    assert!(d.message.contains("承诺比兑现多"), "{}", d.message);
    let text = replace_nth(SMALL, "zh: \"所以呢?\"", "zh: \"So what?\"", 0);
    let d = expect(&text, "untranslated", Severity::Warning, position_of(&text, "(en: \"So?\"", 0));
    assert!(d.message.contains("no Chinese"), "{}", d.message);
}

#[test]
fn an_empty_translation_is_not_also_called_untranslated() {
    let text = replace_nth(
        SMALL,
        "summary: (en: \"A tiny call.\", zh: \"一通小电话。\")",
        "summary: (en: \"A tiny call.\", zh: \"\")",
        0,
    );
    let diags = diagnostics(&text);
    assert!(diags.iter().any(|d| d.is_error()), "the empty text is an error: {diags:#?}");
    assert!(!diags.iter().any(|d| d.code == "untranslated"), "{diags:#?}");
}
