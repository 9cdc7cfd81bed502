//! The desktop game: a thin Bevy + egui shell over [`crate::core`].
//!
//! Screens read the core's state and send messages; the systems in [`session`] apply them to the
//! engine. [`logic_plugin`] is everything that runs without a window (headless tests use it);
//! [`run`] adds the window, egui, fonts, audio and the low-idle loop.

pub mod audio;
pub mod capture;
pub mod debrief_view;
pub mod exam;
pub mod frame_stats;
pub mod graphics_driver;
pub mod idle;
pub mod library_view;
pub mod portrait;
pub mod progress;
pub mod scenario_asset;
pub mod screen;
pub mod screens;
pub mod session;
pub mod settings;
pub mod style;
pub mod widgets;
pub mod written;

use crate::core::scenario_folders::{FolderKind, ScenarioFolders};
use crate::core::text::Lang;
use bevy::prelude::*;
use std::path::{Path, PathBuf};

/// How to start the game.
#[derive(Clone, Debug)]
pub struct GameOptions {
    /// The scenario folders (the shipped one under the trainer's).
    pub scenarios: ScenarioFolders,
    /// Start in this language (overrides the saved setting).
    pub lang: Option<Lang>,
    /// Capture one screen to PNG and exit.
    pub capture: Option<capture::CaptureRequest>,
    /// False: patience timers off for this run (overrides the saved setting).
    pub timers: bool,
    /// UI scale for this run (overrides the saved setting).
    pub ui_scale: Option<f32>,
    /// Go straight into a call of this file (a path, or a name inside a scenario folder), with an optional seed.
    pub autostart: Option<(PathBuf, Option<u64>)>,
    /// `--data-dir`: where learner progress is kept (else `$FRONTLINE_DATA_DIR` or the OS data folder).
    pub data_dir: Option<PathBuf>,
}

/// Starts the requested call as soon as its scenario has loaded (once).
#[derive(Resource, Debug, Clone)]
struct Autostart(Option<(PathBuf, Option<u64>)>);

fn autostart(
    mut pending: ResMut<Autostart>,
    library: Res<scenario_asset::ScenarioLibrary>,
    scenarios: Res<Assets<scenario_asset::ScenarioAsset>>,
    mut starts: MessageWriter<session::StartCall>,
) {
    let Some((file, seed)) = pending.0.clone() else { return };
    if library.playable(&file, &scenarios).is_some() {
        starts.write(session::StartCall { file, seed });
        pending.0 = None;
    }
}

/// Everything that works without a window: state, settings, scenario assets, the call, audio
/// messages, learner progress and the screens' non-drawing parts. `audio_device`: open the real
/// device; `store`: where progress is kept.
pub fn logic_plugin(app: &mut App, scenarios: ScenarioFolders, audio_device: bool, store: &progress::StoreLocation) {
    screen::plugin(app);
    settings::plugin(app);
    scenario_asset::plugin(app, scenarios);
    session::plugin(app);
    audio::plugin(app, audio_device);
    screens::plugin(app);
    debrief_view::plugin(app);
    progress::plugin(app, store);
    exam::plugin(app);
}

/// Makes a path absolute against the current directory.
pub fn absolute(path: &Path) -> PathBuf {
    if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().map(|d| d.join(path)).unwrap_or_else(|_| path.to_path_buf())
    }
}

/// The scenario folders made absolute, the trainer's own folder made when it is missing (dropped,
/// with a warning, when it cannot be). `None` (after saying why) when a folder given with
/// `--scenarios` does not exist.
fn usable_folders(folders: &ScenarioFolders) -> Option<ScenarioFolders> {
    let mut layers = Vec::new();
    for folder in &folders.layers {
        let path = absolute(&folder.path);
        match folder.kind {
            FolderKind::Given if !path.is_dir() => {
                eprintln!("error: the scenario folder {} does not exist", path.display());
                return None;
            }
            FolderKind::Own if !path.is_dir() => {
                if let Err(e) = std::fs::create_dir_all(&path) {
                    eprintln!("warning: cannot make the folder for your own scenarios, {}: {e}", path.display());
                    continue;
                }
            }
            _ => {}
        }
        layers.push(crate::core::scenario_folders::ScenarioFolder { kind: folder.kind, path });
    }
    Some(ScenarioFolders { layers })
}

/// A folder for Bevy's default asset source: `assets/` in a source checkout, else the shipped data
/// folder, else the first scenario folder.
fn default_asset_folder(scenarios: &ScenarioFolders) -> PathBuf {
    let assets = absolute(Path::new("assets"));
    if assets.is_dir() {
        return assets;
    }
    crate::core::scenario_folders::shipped_data_dir()
        .or_else(|| scenarios.existing().into_iter().next())
        .unwrap_or(assets)
}

/// Opens the window and runs the game until it is closed.
pub fn run(options: GameOptions) -> AppExit {
    let capturing = options.capture.is_some();
    let mut folders = options.scenarios.clone();
    if capturing && options.data_dir.is_none() {
        // A capture keeps away from the user's data folder (progress is kept in memory too).
        folders.layers.retain(|l| l.kind != FolderKind::Own);
    }
    let Some(scenarios) = usable_folders(&folders) else { return AppExit::error() };
    if std::env::var_os("DISPLAY").is_none_or(|d| d.is_empty()) && cfg!(target_os = "linux") {
        eprintln!(
            "error: no display to open the game window on (DISPLAY is not set).\n\
             Run it in a desktop session, under `xvfb-run`, or play in the terminal: `frontline pick`."
        );
        return AppExit::error();
    }
    graphics_driver::explain_missing_driver();
    let mut app = App::new();
    scenario_asset::register_sources(&mut app, &scenarios);
    app.add_plugins(
        DefaultPlugins
            .set(WindowPlugin {
                primary_window: Some(Window {
                    title: "Frontline".into(),
                    resolution: (1280u32, 800u32).into(),
                    ..default()
                }),
                ..default()
            })
            .set(AssetPlugin {
                // Scenarios come through their own sources (`scenario_asset`); the default source
                // serves nothing, so it points at a folder that exists wherever Frontline runs.
                file_path: default_asset_folder(&scenarios).to_string_lossy().into_owned(),
                watch_for_changes_override: Some(!capturing),
                ..default()
            })
            .set(bevy::log::LogPlugin {
                // The asset server's own line for a scenario that fails to load (with a backtrace)
                // would repeat the report `scenario_asset` prints: scenarios are its only assets.
                filter: "warn,frontline=info,bevy_asset=warn,bevy_asset::server=off,wgpu=error,naga=error".into(),
                ..default()
            }),
    )
    .add_plugins(bevy_egui::EguiPlugin::default());
    style::plugin(&mut app);
    frame_stats::plugin(&mut app);
    if frame_stats::enabled() {
        app.add_systems(Last, frame_stats::first_library_frame.run_if(in_state(screen::Screen::Library)));
    }
    idle::plugin(&mut app);

    let (mut loaded, path) = if capturing {
        (crate::core::settings::Settings::default(), None)
    } else {
        match settings::default_path() {
            Some(p) => {
                let (s, warning) = settings::load(&p);
                if let Some(w) = warning {
                    warn!("{w}");
                }
                (s, Some(p))
            }
            None => (crate::core::settings::Settings::default(), None),
        }
    };
    if let Some(lang) = options.lang {
        loaded.lang = lang;
    }
    if !options.timers {
        loaded.patience_timers = false;
    }
    if let Some(scale) = options.ui_scale {
        loaded.ui_scale = scale;
        loaded = loaded.sanitized();
    }
    if !capturing {
        idle::wake_on_changes(&mut app, &scenarios.existing());
    }
    // Screenshots never touch the learner's real progress (unless given a data folder to show).
    let store = if capturing && options.data_dir.is_none() {
        progress::StoreLocation::Memory
    } else {
        match crate::core::progress::location::database_path(options.data_dir.as_deref()) {
            Some(path) => progress::StoreLocation::File(path),
            None => progress::StoreLocation::None("no data folder (set FRONTLINE_DATA_DIR or --data-dir)".into()),
        }
    };
    logic_plugin(&mut app, scenarios, true, &store);
    app.insert_resource(settings::Settings(loaded)).insert_resource(settings::SettingsPath(path));
    if options.autostart.is_some() {
        app.insert_resource(Autostart(options.autostart)).add_systems(Update, autostart);
    }
    if let Some(request) = options.capture {
        capture::plugin(&mut app, request);
    }
    app.run()
}
