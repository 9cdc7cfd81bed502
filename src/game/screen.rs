//! The screens of the game, as one Bevy state.

use bevy::prelude::*;

/// Asks to show another screen (UI code sends this instead of changing the state itself).
#[derive(Message, Clone, Copy, Debug, PartialEq, Eq)]
pub struct GoTo(pub Screen);

fn go_to(mut requests: MessageReader<GoTo>, mut next: ResMut<NextState<Screen>>) {
    if let Some(GoTo(screen)) = requests.read().last() {
        next.set(*screen);
    }
}

/// The screen state and its navigation message.
pub fn plugin(app: &mut App) {
    app.init_state::<Screen>().add_message::<GoTo>().add_systems(PreUpdate, go_to);
}

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
    /// The learner's progress.
    Progress,
    /// The result of an exam sitting.
    ExamResult,
    /// A scenario's map (for trainers; from the debrief, with the learner's path).
    Map,
}
