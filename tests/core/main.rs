//! The core's tests, in one binary (no Bevy, no command line): loading and checking, the engine,
//! replay, the call's presentation, scoring and the golden transcripts.

mod analysis;
mod byte_checks;
mod call;
mod check_rules;
mod common;
mod drawn_checks;
mod drawn_properties;
mod engine;
mod engine_properties;
mod exam;
mod fuzz_corpus;
mod golden;
mod library_cards;
mod loader;
mod progress;
mod replay;
mod scoring;
mod xapi;
