//! Frontline: a customer-service conversation simulator.
//!
//! [`core`] is the engine (no Bevy); [`game`] is the Bevy desktop shell over it; [`cli`] is the
//! command line (check, terminal play, and starting the game).

pub mod cli;
pub mod core;
#[cfg(feature = "game")]
pub mod game;
