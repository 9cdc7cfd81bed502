//! Helpers shared by the core's tests.

use frontline::core::engine::{Conversation, Event};
use frontline::core::ids::OptionNumber;
use frontline::core::library::load_scenario;
use frontline::core::loader::LoadedScenario;
use std::path::Path;

/// Loads the small hand-scored fixture.
pub fn small() -> LoadedScenario {
    load_scenario(Path::new("tests/fixtures/small.ron")).unwrap_or_else(|d| panic!("fixture loads: {}", d.render()))
}

/// The display number of the choice whose index in the node is `choice`, wherever the shuffle put it.
pub fn number_of(conv: &Conversation, choice: usize) -> OptionNumber {
    let k = conv
        .offered()
        .iter()
        .position(|&c| c == choice)
        .unwrap_or_else(|| panic!("choice {choice} is not offered; offered {:?}", conv.offered()));
    OptionNumber::from_position(k)
}

/// Selects the option whose choice index in the node is `choice`.
pub fn pick(conv: &mut Conversation, choice: usize) -> Vec<Event> {
    let number = number_of(conv, choice);
    conv.select(number).unwrap_or_else(|e| panic!("select failed: {e}"))
}

/// Every scenario file in `scenarios/` (not the catalog, not the exam sets), sorted.
pub fn shipped_scenarios() -> Vec<std::path::PathBuf> {
    let files: Vec<std::path::PathBuf> = frontline::core::library::scenario_files(Path::new("scenarios"))
        .into_iter()
        .filter(|p| p.parent() == Some(Path::new("scenarios")))
        .collect();
    assert!(files.len() >= 3, "scenarios/ holds the shipped scenarios: {files:?}");
    files
}
