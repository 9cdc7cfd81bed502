//! Fuzz target: any bytes given to the loader and checker produce diagnostics, never a panic;
//! whatever loads can be played to the end without a panic.
//!
//!     RUSTC_BOOTSTRAP=1 cargo fuzz run check_scenario -- -max_total_time=120
#![no_main]

use frontline::core::engine::Conversation;
use frontline::core::ids::OptionNumber;
use frontline::core::load::{SourceFile, parse_catalog};
use frontline::core::loader::{AssumeAssetsExist, CatalogInput, load_scenario_text};
use libfuzzer_sys::fuzz_target;

const CATALOG: &str = include_str!("../../scenarios/techniques.ron");

fuzz_target!(|data: &[u8]| {
    let Ok(source) = SourceFile::from_bytes("fuzz.ron", data.to_vec()) else { return };
    let _ = parse_catalog(source.clone());
    let outcome = load_scenario_text(
        source,
        |_| CatalogInput::Text(SourceFile::from_text("techniques.ron", CATALOG)),
        &AssumeAssetsExist,
    );
    let _ = outcome.report.render();
    let Some(loaded) = outcome.loaded else { return };
    let Ok((mut conversation, _)) = Conversation::start(loaded.scenario, 1) else { return };
    for _ in 0..200 {
        if conversation.is_over() || conversation.select(OptionNumber(1)).is_err() {
            break;
        }
    }
});
