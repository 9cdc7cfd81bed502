//! One file per screen, composed here.

pub mod call;
pub mod debrief;
pub mod error_overlay;
pub mod exam_result;
pub mod library;
pub mod map;
pub mod progress;
pub mod title;

use bevy::prelude::*;

/// The screens' egui systems (the error bar runs before them, to take its room first).
#[derive(SystemSet, Debug, Clone, PartialEq, Eq, Hash)]
pub struct ScreenUi;

/// Every screen.
pub fn plugin(app: &mut App) {
    title::plugin(app);
    library::plugin(app);
    call::plugin(app);
    debrief::plugin(app);
    progress::plugin(app);
    exam_result::plugin(app);
    map::plugin(app);
    error_overlay::plugin(app);
}
