//! Fuzz target: any bytes given to the loader and checker produce diagnostics, never a panic;
//! whatever loads can be played to the end without a panic.
//!
//!     RUSTC_BOOTSTRAP=1 cargo fuzz run check_scenario -- -max_total_time=120
#![no_main]

use frontline::core::check::check_scenario;
use frontline::core::engine::Conversation;
use frontline::core::load::{SourceFile, parse_catalog, parse_scenario};
use libfuzzer_sys::fuzz_target;
use std::sync::Arc;

fuzz_target!(|data: &[u8]| {
    let Ok(source) = SourceFile::from_bytes("fuzz.ron", data.to_vec()) else { return };
    let _ = parse_catalog(source.clone());
    let Ok(parsed) = parse_scenario(source) else { return };
    let diagnostics = check_scenario(&parsed, None, None);
    for d in &diagnostics {
        let _ = d.render(&parsed.source.text);
    }
    if diagnostics.iter().any(|d| d.is_error()) {
        return;
    }
    let Ok((mut conversation, _)) = Conversation::start(Arc::new(parsed.value), 1) else { return };
    for _ in 0..200 {
        if conversation.is_over() || conversation.select(1).is_err() {
            break;
        }
    }
});
