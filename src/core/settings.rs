//! Learner-facing settings (language, volume, mute, UI scale, patience timers, learner profiles):
//! read with the loader's diagnostics (a broken file is kept aside, never lost, and the warning says
//! where it broke), checked by `frontline check`, saved with an atomic write so a crash never
//! leaves a half-written file. The game holds them as a resource (`game::settings`).

use crate::core::diagnostic::Diagnostic;
use crate::core::load::{Parsed, SourceFile, parse_settings};
use crate::core::text::Lang;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// The range of the master volume.
pub const VOLUME: std::ops::RangeInclusive<f32> = 0.0..=1.0;
/// The range of the interface zoom.
pub const UI_SCALE: std::ops::RangeInclusive<f32> = 0.75..=2.0;
/// Longest learner name kept.
pub const MAX_LEARNER_NAME: usize = 40;

/// The settings.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
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
        self.volume = if self.volume.is_finite() { self.volume.clamp(*VOLUME.start(), *VOLUME.end()) } else { 0.8 };
        self.ui_scale =
            if self.ui_scale.is_finite() { self.ui_scale.clamp(*UI_SCALE.start(), *UI_SCALE.end()) } else { 1.0 };
        let mut seen = std::collections::HashSet::new();
        self.learners = std::mem::take(&mut self.learners)
            .into_iter()
            .map(|l| l.trim().chars().take(MAX_LEARNER_NAME).collect::<String>())
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
        let name: String = name.trim().chars().take(MAX_LEARNER_NAME).collect();
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

/// What a settings file holds that will not be used as written (values out of range are brought
/// back into it when read): warnings, placed at their `file:line:col`.
pub fn check_settings(parsed: &Parsed<Settings>) -> Vec<Diagnostic> {
    let s = &parsed.value;
    let name = parsed.source.name.as_str();
    let at = |d: Diagnostic, path: &str| parsed.place(d, path);
    let mut out = Vec::new();
    for (field, value, range, default) in
        [("volume", s.volume, VOLUME, Settings::default().volume), ("ui_scale", s.ui_scale, UI_SCALE, 1.0)]
    {
        if !range.contains(&value) {
            let used = if value.is_finite() { value.clamp(*range.start(), *range.end()) } else { default };
            out.push(at(
                Diagnostic::warning(
                    "settings-range",
                    name,
                    format!(
                        "`{field}` is {value}; it runs from {} to {}, so {used} is used",
                        range.start(),
                        range.end()
                    ),
                ),
                field,
            ));
        }
    }
    for (i, learner) in s.learners.iter().enumerate() {
        if learner.trim().is_empty() || learner.trim().chars().count() > MAX_LEARNER_NAME {
            out.push(at(
                Diagnostic::warning(
                    "settings-learner",
                    name,
                    format!("learner name {i} is blank or longer than {MAX_LEARNER_NAME} characters"),
                )
                .help("a blank name is dropped, a long one cut"),
                &crate::core::source_map::index("learners", i),
            ));
        }
    }
    out
}

/// Reads settings; a missing file gives defaults, an unreadable one is kept aside as `.broken`
/// (its text is never lost) and defaults are used, with a warning that says where it broke.
pub fn load(path: &Path) -> (Settings, Option<String>) {
    let source = match SourceFile::read(path) {
        Ok(s) => s,
        Err(_) if !path.exists() => return (Settings::default(), None),
        Err(d) => return (Settings::default(), Some(d.headline())),
    };
    match parse_settings(source) {
        Ok(parsed) => (parsed.value.sanitized(), None),
        Err(d) => {
            let aside = path.with_extension("ron.broken");
            let kept = match std::fs::rename(path, &aside) {
                Ok(()) => format!("kept as {}", aside.display()),
                Err(e) => format!("left in place ({e})"),
            };
            (Settings::default(), Some(format!("{}; default settings are used, the file is {kept}", d.headline())))
        }
    }
}

/// Writes settings atomically: a temporary file in the same folder, flushed, then renamed over the old one.
pub fn save(path: &Path, settings: &Settings) -> std::io::Result<()> {
    use std::io::Write;
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let text = ron::ser::to_string_pretty(settings, ron::ser::PrettyConfig::default().struct_names(true))
        .map_err(|e| std::io::Error::other(e.to_string()))?;
    let tmp = path.with_extension("ron.tmp");
    {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(text.as_bytes())?;
        f.sync_all()?;
    }
    std::fs::rename(&tmp, path)
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

    #[test]
    fn a_broken_file_is_reported_at_its_line_and_column() {
        let path = temp("where");
        std::fs::create_dir_all(path.parent().expect("dir")).expect("mkdir");
        std::fs::write(&path, "Settings(\n    volume: 0.5,\n    muted: maybe,\n)").expect("write");
        let (_, warning) = load(&path);
        let warning = warning.expect("a warning");
        assert!(warning.contains("settings.ron:3:"), "{warning}");
        assert!(warning.contains("kept as"), "{warning}");
    }

    #[test]
    fn files_written_before_struct_names_still_read() {
        let path = temp("unnamed");
        std::fs::create_dir_all(path.parent().expect("dir")).expect("mkdir");
        std::fs::write(&path, "(lang: Zh, volume: 0.25)").expect("write");
        let (s, warning) = load(&path);
        assert!(warning.is_none(), "{warning:?}");
        assert_eq!((s.lang, s.volume), (Lang::Zh, 0.25));
        save(&path, &s).expect("save");
        assert!(std::fs::read_to_string(&path).expect("read").starts_with("Settings("));
    }

    #[test]
    fn values_out_of_range_are_warned_about_where_they_are() {
        let source = SourceFile::from_text("settings.ron", "Settings(\n  volume: 7.0,\n  ui_scale: 1.5,\n)");
        let parsed = parse_settings(source).expect("parses");
        let found = check_settings(&parsed);
        assert_eq!(found.len(), 1, "{found:#?}");
        assert_eq!(found[0].code, "settings-range");
        assert_eq!(found[0].location.map(|l| (l.line, l.col)), Some((2, 11)));
    }
}
