//! Fuzz target: the engine on drawn valid scenarios (tests/core/drawn_checks.rs): arbitrary
//! choices, hesitations, saves and restores keep meters in range, calls reproducible and restored
//! calls identical.
//!
//!     RUSTC_BOOTSTRAP=1 cargo fuzz run play_drawn -- -max_total_time=600
#![no_main]

#[path = "../../tests/core/drawn_checks.rs"]
mod drawn_checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| drawn_checks::play_drawn(data));
