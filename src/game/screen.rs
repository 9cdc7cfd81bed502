//! The screens of the game, as one Bevy state.

use bevy::prelude::*;

/// Which screen is showing.
#[derive(States, Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Screen {
    /// Learner profile, language and settings.
    #[default]
    Title,
    /// The scenario cards.
    Library,
    /// A call in progress.
    Call,
    /// The debrief after a call.
    Debrief,
}
