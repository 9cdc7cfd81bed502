//! Helpers shared by the integration tests (included with `mod common;`).
#![allow(dead_code)]

use frontline::core::engine::{Conversation, Event};
use frontline::core::library::{LoadedScenario, load_scenario};
use std::path::Path;

/// Loads the small hand-scored fixture.
pub fn small() -> LoadedScenario {
    load_scenario(Path::new("tests/fixtures/small.ron")).unwrap_or_else(|d| panic!("fixture loads: {d:#?}"))
}

/// Selects the option whose choice index in the node is `choice`, wherever the shuffle put it.
pub fn pick(conv: &mut Conversation, choice: usize) -> Vec<Event> {
    let number = conv
        .offered()
        .iter()
        .position(|&c| c == choice)
        .unwrap_or_else(|| panic!("choice {choice} is not offered; offered {:?}", conv.offered()))
        + 1;
    conv.select(number).unwrap_or_else(|e| panic!("select failed: {e}"))
}
