//! Learner-facing settings (language, volume, mute, UI scale, patience timers, learner profiles),
//! saved to a RON file with an atomic write so a crash never leaves a half-written file.

use crate::core::text::Lang;
use bevy::prelude::*;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// The settings.
#[derive(Resource, Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// Language of the interface and the calls.
    pub lang: Lang,
    /// Master volume, 0–1.
    pub volume: f32,
    /// Sound off.
    pub muted: bool,
    /// Interface zoom, 0.75–2.
    pub ui_scale: f32,
    /// Hesitating drains the customer's patience.
    pub patience_timers: bool,
    /// The current learner.
    pub learner: Option<String>,
    /// Every learner profile created on this machine.
    pub learners: Vec<String>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            lang: Lang::En,
            volume: 0.8,
            muted: false,
            ui_scale: 1.0,
            patience_timers: true,
            learner: None,
            learners: Vec::new(),
        }
    }
}

impl Settings {
    /// Keeps values in their ranges (a hand-edited file may hold anything).
    pub fn sanitized(mut self) -> Self {
        self.volume = if self.volume.is_finite() { self.volume.clamp(0.0, 1.0) } else { 0.8 };
        self.ui_scale = if self.ui_scale.is_finite() { self.ui_scale.clamp(0.75, 2.0) } else { 1.0 };
        let mut seen = std::collections::HashSet::new();
        self.learners = std::mem::take(&mut self.learners)
            .into_iter()
            .map(|l| l.trim().chars().take(40).collect::<String>())
            .filter(|l| !l.is_empty() && seen.insert(l.clone()))
            .collect();
        // An older file lists its learners: the current one must be among them. (Learners now
        // live in the progress store, which checks the current learner when the game starts.)
        if let Some(l) = &self.learner
            && !self.learners.is_empty()
            && !self.learners.contains(l)
        {
            self.learner = None;
        }
        self
    }

    /// Adds a learner (trimmed, at most 40 characters) and makes them current. Returns false for a blank name.
    pub fn add_learner(&mut self, name: &str) -> bool {
        let name: String = name.trim().chars().take(40).collect();
        if name.is_empty() {
            return false;
        }
        if !self.learners.contains(&name) {
            self.learners.push(name.clone());
        }
        self.learner = Some(name);
        true
    }
}

/// Where settings live: `$FRONTLINE_HOME/settings.ron`, else `$XDG_CONFIG_HOME/frontline/`, else `~/.config/frontline/`.
pub fn default_path() -> Option<PathBuf> {
    if let Some(home) = std::env::var_os("FRONTLINE_HOME") {
        return Some(PathBuf::from(home).join("settings.ron"));
    }
    let base = std::env::var_os("XDG_CONFIG_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".config")))?;
    Some(base.join("frontline").join("settings.ron"))
}

/// Reads settings; a missing file gives defaults, an unreadable one is kept aside as `.broken` and defaults are used.
pub fn load(path: &Path) -> (Settings, Option<String>) {
    match std::fs::read_to_string(path) {
        Ok(text) => match ron::from_str::<Settings>(&text) {
            Ok(s) => (s.sanitized(), None),
            Err(e) => {
                let aside = path.with_extension("ron.broken");
                let _ = std::fs::rename(path, &aside);
                (
                    Settings::default(),
                    Some(format!(
                        "settings file {} could not be read ({e}); kept as {}",
                        path.display(),
                        aside.display()
                    )),
                )
            }
        },
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => (Settings::default(), None),
        Err(e) => (Settings::default(), Some(format!("cannot read {}: {e}", path.display()))),
    }
}

/// Writes settings atomically: a temporary file in the same folder, flushed, then renamed over the old one.
pub fn save(path: &Path, settings: &Settings) -> std::io::Result<()> {
    use std::io::Write;
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let text = ron::ser::to_string_pretty(settings, ron::ser::PrettyConfig::default())
        .map_err(|e| std::io::Error::other(e.to_string()))?;
    let tmp = path.with_extension("ron.tmp");
    {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(text.as_bytes())?;
        f.sync_all()?;
    }
    std::fs::rename(&tmp, path)
}

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
        && let Err(e) = save(p, &settings)
    {
        warn!("could not save settings to {}: {e}", p.display());
    }
}

/// Saves the settings whenever they change.
pub fn plugin(app: &mut App) {
    app.init_resource::<Settings>().init_resource::<SettingsPath>().add_systems(Last, persist);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("frontline-settings-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        dir.join("settings.ron")
    }

    #[test]
    fn round_trip() {
        let path = temp("rt");
        let mut s = Settings { lang: Lang::Zh, volume: 0.3, muted: true, ..Settings::default() };
        assert!(s.add_learner("  Li Wei "));
        save(&path, &s).expect("save");
        let (loaded, warning) = load(&path);
        assert_eq!(loaded, s);
        assert_eq!(loaded.learner.as_deref(), Some("Li Wei"));
        assert!(warning.is_none());
        assert!(!path.with_extension("ron.tmp").exists());
    }

    #[test]
    fn the_current_learner_survives_a_restart_once_learners_live_in_the_store() {
        let path = temp("store-era");
        let s = Settings { learner: Some("Lin Yue".into()), learners: Vec::new(), ..Settings::default() };
        save(&path, &s).expect("save");
        assert_eq!(load(&path).0.learner.as_deref(), Some("Lin Yue"));
    }

    #[test]
    fn broken_file_is_kept_aside_not_lost() {
        let path = temp("broken");
        std::fs::create_dir_all(path.parent().expect("dir")).expect("mkdir");
        std::fs::write(&path, "Settings(volume: ").expect("write");
        let (loaded, warning) = load(&path);
        assert_eq!(loaded, Settings::default());
        assert!(warning.is_some());
        assert_eq!(std::fs::read_to_string(path.with_extension("ron.broken")).expect("kept"), "Settings(volume: ");
    }

    #[test]
    fn out_of_range_values_are_clamped() {
        let learners = vec!["a".to_string(), " b ".to_string(), "a".to_string(), "  ".to_string()];
        let s = Settings { learners, ..Settings::default() }.sanitized();
        assert_eq!(s.learners, vec!["a".to_string(), "b".to_string()]);
        let learners = vec!["a".to_string()];
        let s = Settings {
            volume: 7.0,
            ui_scale: f32::NAN,
            learner: Some("ghost".into()),
            learners,
            ..Settings::default()
        };
        let s = s.sanitized();
        assert_eq!((s.volume, s.ui_scale, s.learner), (1.0, 1.0, None));
        let mut s = Settings::default();
        assert!(!s.add_learner("   "));
    }
}
