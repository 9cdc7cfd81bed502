//! The settings as the game's resource (what they are, how they are read, checked and saved:
//! `core::settings`), saved whenever they change.

use bevy::prelude::*;
use std::path::PathBuf;

pub use crate::core::settings::{default_path, load, save};

/// The learner's settings, as a resource.
#[derive(Resource, Clone, Debug, Default, PartialEq, Deref, DerefMut)]
pub struct Settings(pub crate::core::settings::Settings);

/// Where this run saves its settings (None: not saved, e.g. in tests).
#[derive(Resource, Clone, Debug, Default)]
pub struct SettingsPath(pub Option<PathBuf>);

/// Saves changed settings, but not while a mouse button is held (dragging a slider would otherwise
/// write the file every frame): the save happens on release.
fn persist(
    settings: Res<Settings>,
    path: Res<SettingsPath>,
    mouse: Option<Res<ButtonInput<MouseButton>>>,
    mut dirty: Local<bool>,
) {
    if settings.is_changed() && !settings.is_added() {
        *dirty = true;
    }
    if !*dirty || mouse.is_some_and(|m| m.get_pressed().next().is_some()) {
        return;
    }
    *dirty = false;
    if let Some(p) = &path.0
        && let Err(e) = save(p, &settings.0)
    {
        warn!("could not save settings to {}: {e}", p.display());
    }
}

/// Saves the settings whenever they change.
pub fn plugin(app: &mut App) {
    app.init_resource::<Settings>().init_resource::<SettingsPath>().add_systems(Last, persist);
}
