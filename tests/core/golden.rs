//! Golden transcripts: for every scenario in `scenarios/` and each language, a fixed seed and choice list must
//! reproduce the stored transcript and debrief byte for byte.
//!
//! Each file in `tests/golden/` starts with a header line `# seed N choices a,b,c` followed by the
//! expected output. After an intentional scenario change, regenerate with
//! `UPDATE_GOLDEN=1 cargo test --test core golden` and review the diff.

use frontline::core::engine::Conversation;
use frontline::core::ids::OptionNumber;
use frontline::core::library::load_scenario;
use frontline::core::loader::LoadedScenario;
use frontline::core::replay::{Script, replay};
use frontline::core::report_text;
use frontline::core::text::Lang;
use std::path::Path;

const SEED: u64 = 20261123;

/// A varied but fixed path: at step k take option ((k + shift) mod n) + 1, with the first `shift`
/// (from 0) whose call lasts at least five turns (a path that walks out at once teaches little).
fn default_choices(loaded: &LoadedScenario) -> Vec<usize> {
    let mut shortest = Vec::new();
    for shift in 0..8 {
        let (mut conv, _) = match Conversation::start(loaded.scenario.clone(), SEED) {
            Ok(x) => x,
            Err(e) => panic!("start: {e}"),
        };
        let mut choices = Vec::new();
        while !conv.is_over() && choices.len() < 100 {
            let n = conv.offered().len();
            let pick = (choices.len() + shift) % n + 1;
            conv.select(OptionNumber(pick)).unwrap_or_else(|e| panic!("select: {e}"));
            choices.push(pick);
        }
        if choices.len() >= 5 {
            return choices;
        }
        shortest = choices;
    }
    shortest
}

fn golden(name: &str, lang: Lang) {
    let loaded = load_scenario(Path::new(&format!("scenarios/{name}.ron"))).unwrap_or_else(|d| panic!("{d:#?}"));
    let path = format!("tests/golden/{name}.{}.txt", lang.code());
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let stored = std::fs::read_to_string(&path).ok();
    let (seed, choices) = match stored.as_deref().and_then(parse_header) {
        Some(h) if !update => h,
        // On update, a stored path that still plays to an ending (with enough turns) is kept.
        Some((seed, choices)) if keeps_playing(&loaded, seed, &choices) => (seed, choices),
        _ => (SEED, default_choices(&loaded)),
    };
    let numbers: Vec<OptionNumber> = choices.iter().copied().map(OptionNumber).collect();
    let run =
        replay(loaded.scenario.clone(), seed, Script::Numbers(&numbers)).unwrap_or_else(|e| panic!("{path}: {e}"));
    let report = run.report(&loaded.catalog);
    let list: Vec<String> = choices.iter().map(usize::to_string).collect();
    let actual = format!(
        "# seed {seed} choices {}\n{}{}",
        list.join(","),
        run.transcript(lang),
        report_text::render(&report, lang)
    );
    // Checked before writing too, so that an update never stores a useless path.
    assert!(report.ending.is_some(), "{path}: the golden path must reach an ending");
    assert!(report.turns.len() >= 5, "{path}: the golden path is too short to be useful");
    if update || stored.is_none() {
        std::fs::write(&path, &actual).unwrap_or_else(|e| panic!("write {path}: {e}"));
        if stored.is_none() && !update {
            panic!("{path} did not exist; it has been written — review it and run the test again");
        }
        return;
    }
    let stored = stored.unwrap_or_default();
    if stored != actual {
        let first_diff = stored.lines().zip(actual.lines()).position(|(a, b)| a != b).unwrap_or(0);
        panic!(
            "{path} differs from the stored transcript at line {}:\n  stored: {:?}\n  actual: {:?}\n(if the change is intended, run UPDATE_GOLDEN=1 cargo test --test core golden)",
            first_diff + 1,
            stored.lines().nth(first_diff),
            actual.lines().nth(first_diff)
        );
    }
}

fn keeps_playing(loaded: &LoadedScenario, seed: u64, choices: &[usize]) -> bool {
    let numbers: Vec<OptionNumber> = choices.iter().copied().map(OptionNumber).collect();
    replay(loaded.scenario.clone(), seed, Script::Numbers(&numbers))
        .map(|run| run.report(&loaded.catalog))
        .is_ok_and(|r| r.ending.is_some() && r.turns.len() == choices.len() && r.turns.len() >= 5)
}

fn parse_header(text: &str) -> Option<(u64, Vec<usize>)> {
    let header = text.lines().next()?.strip_prefix("# seed ")?;
    let (seed, rest) = header.split_once(" choices ")?;
    let choices = rest.split(',').map(|c| c.trim().parse().ok()).collect::<Option<Vec<usize>>>()?;
    Some((seed.parse().ok()?, choices))
}

/// Every scenario in `scenarios/` (exam sets aside), by file stem.
fn shipped() -> Vec<String> {
    frontline::core::library::scenario_files(Path::new("scenarios"))
        .iter()
        .filter(|p| p.parent() == Some(Path::new("scenarios")))
        .filter_map(|p| p.file_stem().map(|s| s.to_string_lossy().into_owned()))
        .collect()
}

#[test]
fn every_scenario_in_the_folder_plays_its_golden_transcript_in_each_language() {
    let names = shipped();
    assert!(names.len() >= 3, "the scenario folder has scenarios: {names:?}");
    let mut failures = Vec::new();
    for name in &names {
        for lang in Lang::ALL {
            if let Err(e) = std::panic::catch_unwind(|| golden(name, lang)) {
                let message = e
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_default();
                failures.push(format!("{name} ({}): {message}", lang.code()));
            }
        }
    }
    assert!(failures.is_empty(), "{} golden transcript(s) failed:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn every_golden_transcript_belongs_to_a_scenario() {
    let names = shipped();
    for entry in std::fs::read_dir("tests/golden").expect("tests/golden") {
        let file = entry.expect("entry").file_name().to_string_lossy().into_owned();
        let stem = file.split('.').next().unwrap_or_default().to_string();
        assert!(names.contains(&stem), "tests/golden/{file} has no scenario in scenarios/: remove it");
    }
}
