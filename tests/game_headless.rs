//! The game's logic without a window (MinimalPlugins): screen transitions, the scenario asset
//! loader and its hot-reload error path, keyboard input, and that choosing through the UI's
//! message path drives the engine exactly like the core does.
#![cfg(feature = "game")]

use bevy::asset::AssetPlugin;
use bevy::input::InputPlugin;
use bevy::input::keyboard::{Key, KeyboardInput};
use bevy::prelude::*;
use bevy::state::app::StatesPlugin;
use frontline::cli::play::play_scripted;
use frontline::core::library::load_scenario;
use frontline::core::text::Lang;
use frontline::game::scenario_asset::{ScenarioAsset, ScenarioLibrary, register_source};
use frontline::game::screen::Screen;
use frontline::game::screens::call::CallScreen;
use frontline::game::screens::library::LibraryScreen;
use frontline::game::session::{CallAction, CallPhase, CallSession, Debrief, StartCall};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn temp_scenarios(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("frontline-game-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    for f in ["small.ron", "techniques.ron"] {
        std::fs::copy(Path::new("tests/fixtures").join(f), dir.join(f)).expect("copy fixture");
    }
    dir
}

fn app(root: &Path, watch: bool) -> App {
    let mut app = App::new();
    register_source(&mut app, root);
    app.add_plugins(MinimalPlugins).add_plugins(StatesPlugin).add_plugins(InputPlugin).add_plugins(AssetPlugin {
        file_path: root.to_string_lossy().into_owned(),
        watch_for_changes_override: Some(watch),
        ..default()
    });
    frontline::game::logic_plugin(&mut app, root.to_path_buf(), false);
    app
}

fn update_until(app: &mut App, what: &str, mut done: impl FnMut(&mut App) -> bool) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while Instant::now() < deadline {
        app.update();
        if done(app) {
            return;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    panic!("timed out waiting for: {what}");
}

fn entry_loads(app: &App) -> u32 {
    app.world().resource::<ScenarioLibrary>().entries.first().map(|e| e.loads).unwrap_or(0)
}

fn screen(app: &App) -> Screen {
    *app.world().resource::<State<Screen>>().get()
}

fn count<C: Component>(app: &mut App) -> usize {
    let mut q = app.world_mut().query::<&C>();
    q.iter(app.world()).count()
}

fn act(app: &mut App, action: CallAction) {
    app.world_mut().write_message(action);
    app.update();
    app.update();
}

#[test]
fn full_call_through_the_message_path_matches_the_core() {
    let root = temp_scenarios("flow");
    let mut app = app(&root, false);
    update_until(&mut app, "scenario load", |app| entry_loads(app) >= 1);
    assert_eq!(screen(&app), Screen::Title);

    app.world_mut().resource_mut::<NextState<Screen>>().set(Screen::Library);
    app.update();
    assert_eq!(screen(&app), Screen::Library);
    assert_eq!(count::<LibraryScreen>(&mut app), 1);

    let seed = 42;
    app.world_mut().write_message(StartCall { file: PathBuf::from("small.ron"), seed: Some(seed) });
    update_until(&mut app, "call screen", |app| screen(app) == Screen::Call);
    assert_eq!(count::<LibraryScreen>(&mut app), 0, "the library screen despawned on exit");
    assert_eq!(count::<CallScreen>(&mut app), 1);
    assert_eq!(app.world().resource::<CallSession>().phase, CallPhase::Ringing);

    act(&mut app, CallAction::Answer);
    assert_eq!(app.world().resource::<CallSession>().phase, CallPhase::Talking);
    // The first choice press while the line is still revealing only finishes the line.
    act(&mut app, CallAction::Choose(1));
    assert!(!app.world().resource::<CallSession>().revealing());
    assert_eq!(app.world().resource::<CallSession>().conversation.state().turns.len(), 0);
    let choices = [1usize, 1];
    for &n in &choices {
        act(&mut app, CallAction::SkipReveal);
        act(&mut app, CallAction::Choose(n));
    }
    assert_eq!(app.world().resource::<CallSession>().phase, CallPhase::Ended);
    act(&mut app, CallAction::ShowDebrief);
    assert_eq!(screen(&app), Screen::Debrief);
    assert_eq!(count::<CallScreen>(&mut app), 0);
    assert!(app.world().get_resource::<CallSession>().is_none());

    // The same seed and option numbers through the core give the same report.
    let loaded = load_scenario(&root.join("small.ron")).expect("loads");
    let expected = play_scripted(&loaded, seed, &choices, Lang::En).expect("plays").report;
    assert_eq!(app.world().resource::<Debrief>().report, expected);

    // "Replay same call" starts the identical call again.
    app.world_mut().write_message(StartCall { file: PathBuf::from("small.ron"), seed: Some(seed) });
    update_until(&mut app, "replay", |app| screen(app) == Screen::Call);
    assert_eq!(app.world().resource::<CallSession>().seed(), seed);
}

fn press(app: &mut App, key: KeyCode) {
    let window = app.world_mut().spawn_empty().id();
    app.world_mut().write_message(KeyboardInput {
        key_code: key,
        logical_key: Key::Unidentified(bevy::input::keyboard::NativeKey::Unidentified),
        state: bevy::input::ButtonState::Pressed,
        text: None,
        repeat: false,
        window,
    });
    app.update();
    app.world_mut().write_message(KeyboardInput {
        key_code: key,
        logical_key: Key::Unidentified(bevy::input::keyboard::NativeKey::Unidentified),
        state: bevy::input::ButtonState::Released,
        text: None,
        repeat: false,
        window,
    });
    app.update();
}

#[test]
fn keyboard_only_play_reaches_the_debrief() {
    let root = temp_scenarios("keys");
    let mut app = app(&root, false);
    update_until(&mut app, "scenario load", |app| entry_loads(app) >= 1);
    app.world_mut().resource_mut::<NextState<Screen>>().set(Screen::Library);
    app.update();
    press(&mut app, KeyCode::Digit1); // start the first scenario
    update_until(&mut app, "call", |app| screen(app) == Screen::Call);
    press(&mut app, KeyCode::Enter); // answer
    assert_eq!(app.world().resource::<CallSession>().phase, CallPhase::Talking);
    press(&mut app, KeyCode::Escape);
    assert!(app.world().resource::<CallSession>().paused);
    press(&mut app, KeyCode::Escape);
    assert!(!app.world().resource::<CallSession>().paused);
    for _ in 0..10 {
        if app.world().resource::<CallSession>().phase == CallPhase::Ended {
            break;
        }
        press(&mut app, KeyCode::Space); // finish the line
        press(&mut app, KeyCode::Enter); // nothing is highlighted yet: Enter alone chooses nothing
        press(&mut app, KeyCode::ArrowDown); // highlight the first option
        press(&mut app, KeyCode::ArrowDown); // and move to the second
        press(&mut app, KeyCode::Enter); // take the highlighted (second) option
    }
    let session = app.world().resource::<CallSession>();
    assert_eq!(session.phase, CallPhase::Ended);
    // Every decision took the option the arrow key highlighted: the second one shown.
    let turns = &session.conversation.state().turns;
    assert!(!turns.is_empty());
    for turn in turns {
        assert_eq!(turn.chosen, turn.offered[1], "{turn:?}");
    }
    // The ending types out too; Space shows it whole, and only Enter moves on to the debrief.
    press(&mut app, KeyCode::Space);
    assert!(!app.world().resource::<CallSession>().revealing());
    press(&mut app, KeyCode::Space);
    assert_eq!(screen(&app), Screen::Call, "Space does not skip past the ending");
    press(&mut app, KeyCode::Enter);
    assert_eq!(screen(&app), Screen::Debrief);
}

fn library_error(app: &App) -> Option<frontline::game::scenario_asset::ScenarioLoadError> {
    app.world().resource::<ScenarioLibrary>().entries.first().and_then(|e| e.error.clone())
}

#[test]
fn a_broken_reload_keeps_the_last_good_version_and_fixing_clears_the_error() {
    let root = temp_scenarios("reload");
    let mut app = app(&root, false);
    update_until(&mut app, "scenario load", |app| entry_loads(app) >= 1);
    let handle = app.world().resource::<ScenarioLibrary>().entries[0].handle.clone();
    let good = std::fs::read_to_string(root.join("small.ron")).expect("read");

    std::fs::write(root.join("small.ron"), good.replace("next: \"b\"", "next: \"bee\"")).expect("write");
    app.world().resource::<AssetServer>().reload("scenarios://small.ron");
    update_until(&mut app, "error", |app| library_error(app).is_some());
    let err = library_error(&app).expect("error");
    let d = err.diagnostics.iter().find(|d| d.code == "unknown-target").expect("unknown-target diagnostic");
    let lc = d.location.expect("location");
    assert_eq!((lc.line, lc.col), (27, 27));
    assert!(
        d.headline().starts_with("scenarios/small.ron:27:27: error: the next node `bee` does not exist")
            || d.headline().contains("small.ron:27:27"),
        "{}",
        d.headline()
    );
    // The last good version is still there to play.
    let asset = app.world().resource::<Assets<ScenarioAsset>>().get(&handle).expect("last good version kept");
    assert_eq!(asset.0.scenario.nodes[0].choices[0].next, "b");

    std::fs::write(root.join("small.ron"), good.replace("Tell me more.", "Tell me everything.")).expect("write");
    app.world().resource::<AssetServer>().reload("scenarios://small.ron");
    update_until(&mut app, "fixed", |app| library_error(app).is_none() && entry_loads(app) >= 2);
    let asset = app.world().resource::<Assets<ScenarioAsset>>().get(&handle).expect("reloaded");
    assert_eq!(asset.0.scenario.nodes[0].choices[0].text.en, "Tell me everything.");
}

#[test]
fn file_watcher_hot_reloads_and_a_call_in_progress_is_not_changed() {
    let root = temp_scenarios("watch");
    let mut app = app(&root, true);
    update_until(&mut app, "scenario load", |app| entry_loads(app) >= 1);
    app.world_mut().write_message(StartCall { file: PathBuf::from("small.ron"), seed: Some(1) });
    update_until(&mut app, "call", |app| screen(app) == Screen::Call);
    let before = app.world().resource::<CallSession>().loaded.scenario.clone();

    std::thread::sleep(Duration::from_millis(300)); // let the watcher arm
    let good = std::fs::read_to_string(root.join("small.ron")).expect("read");
    std::fs::write(root.join("small.ron"), good.replace("Hello?", "Hello, who is this?")).expect("write");
    update_until(&mut app, "hot reload", |app| entry_loads(app) >= 2);
    app.update();
    let session = app.world().resource::<CallSession>();
    assert!(session.stale, "the call knows its file changed");
    assert!(std::sync::Arc::ptr_eq(&before, &session.loaded.scenario), "the call keeps its version");
    let handle = app.world().resource::<ScenarioLibrary>().entries[0].handle.clone();
    let new = app.world().resource::<Assets<ScenarioAsset>>().get(&handle).expect("asset");
    assert_eq!(new.0.scenario.nodes[0].lines[0].en, "Hello, who is this?");
}

#[test]
fn a_broken_file_is_listed_with_its_error_not_fatal() {
    let root = temp_scenarios("broken");
    std::fs::write(root.join("zz_broken.ron"), "Scenario(id: \"x\",").expect("write");
    let mut app = app(&root, false);
    update_until(&mut app, "both files settle", |app| {
        let lib = app.world().resource::<ScenarioLibrary>();
        lib.entries.len() == 2 && lib.entries[0].loads >= 1 && lib.entries[1].error.is_some()
    });
    let lib = app.world().resource::<ScenarioLibrary>();
    let err = lib.entries[1].error.as_ref().expect("error");
    assert!(err.diagnostics[0].headline().contains("zz_broken.ron:1:"), "{}", err.diagnostics[0].headline());
    assert_eq!(frontline::game::screens::error_overlay::current_errors(lib).len(), 1);
}
