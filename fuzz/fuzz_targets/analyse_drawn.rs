//! Fuzz target: the analyzer on drawn valid scenarios (tests/core/drawn_checks.rs): it terminates,
//! its best call replays to the score it reports, and every drawn call scores within its range.
//!
//!     RUSTC_BOOTSTRAP=1 cargo fuzz run analyse_drawn -- -max_total_time=600
#![no_main]

#[path = "../../tests/core/drawn_checks.rs"]
mod drawn_checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| drawn_checks::analyse_drawn(data));
