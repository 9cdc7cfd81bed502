//! Fuzz target: any bytes given to the loader and checker produce diagnostics, never a panic;
//! whatever loads can be played to the end without a panic (tests/core/byte_checks.rs).
//!
//!     RUSTC_BOOTSTRAP=1 cargo fuzz run check_scenario -- -max_total_time=600
#![no_main]

#[path = "../../tests/core/byte_checks.rs"]
mod byte_checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| byte_checks::check_scenario(data));
