//! Frontline: a customer-service conversation simulator.
//!
//! [`core`] is the engine (no Bevy); [`cli`] is the command line (check, terminal play).

pub mod cli;
pub mod core;
