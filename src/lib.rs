//! Frontline: a customer-service conversation simulator.
//!
//! [`core`] is the engine (no Bevy, no command-line parsing); [`game`] is the Bevy desktop shell
//! over it. The command line is the `frontline` binary (`src/main.rs`, `src/cli/`).

pub mod core;
#[cfg(feature = "game")]
pub mod game;
