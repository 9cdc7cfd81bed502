//! Fuzz target: any bytes read as an exam set (checked against the shipped scenarios), a result
//! file (checked, then verified by replay) and a settings file give diagnostics, never a panic.
//!
//!     RUSTC_BOOTSTRAP=1 cargo fuzz run parse_records -- -max_total_time=600
#![no_main]

#[path = "../../tests/core/byte_checks.rs"]
mod byte_checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| byte_checks::parse_records(data));
