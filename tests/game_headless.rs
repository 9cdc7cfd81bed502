//! The game's logic without a window (MinimalPlugins): screen transitions, the scenario asset
//! loader and its hot-reload error path, keyboard input, that choosing through the UI's message
//! path drives the engine exactly like the core does, the typewriter in both languages, and the
//! end of every call announced exactly once.
#![cfg(feature = "game")]

use bevy::asset::AssetPlugin;
use bevy::input::InputPlugin;
use bevy::input::keyboard::{Key, KeyboardInput};
use bevy::prelude::*;
use bevy::state::app::StatesPlugin;
use bevy::time::TimeUpdateStrategy;
use frontline::core::call::{CallAction, CallPhase, CallSession, REVEAL_CHARS_PER_SECOND};
use frontline::core::ids::OptionNumber;
use frontline::core::library::load_scenario;
use frontline::core::replay::{Script, replay};
use frontline::core::scenario_folders::ScenarioFolders;
use frontline::core::text::Lang;
use frontline::game::debrief_view::DebriefView;
use frontline::game::progress::{LearnerEdit, Progress, ResumeAction, ResumeOffer, StoreLocation};
use frontline::game::scenario_asset::{ScenarioAsset, ScenarioLibrary, register_sources};
use frontline::game::screen::Screen;
use frontline::game::screens::call::CallScreen;
use frontline::game::screens::library::LibraryScreen;
use frontline::game::session::{ActiveCall, CallFinished, Debrief, StartCall};
use frontline::game::settings::Settings;
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
    register_sources(&mut app, &ScenarioFolders::single(root));
    app.add_plugins(MinimalPlugins).add_plugins(StatesPlugin).add_plugins(InputPlugin).add_plugins(AssetPlugin {
        file_path: root.to_string_lossy().into_owned(),
        watch_for_changes_override: Some(watch),
        ..default()
    });
    frontline::game::logic_plugin(&mut app, ScenarioFolders::single(root), false, &StoreLocation::Memory);
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

/// Runs the app until the library has `files` entries and every one has loaded, then one frame more
/// (for the duplicate marks).
fn until_all_load(app: &mut App, files: usize) {
    update_until(app, "every file loads", |app| {
        let lib = app.world().resource::<ScenarioLibrary>();
        lib.entries.len() == files && lib.entries.iter().all(|e| e.loads >= 1)
    });
    app.update();
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

fn call(app: &App) -> &CallSession {
    &app.world().resource::<ActiveCall>().call
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
    assert_eq!(call(&app).phase(), CallPhase::Ringing);

    act(&mut app, CallAction::Answer);
    assert_eq!(call(&app).phase(), CallPhase::Talking);
    // The first choice press while the line is still revealing only finishes the line.
    act(&mut app, CallAction::Choose(OptionNumber(1)));
    assert!(!call(&app).revealing());
    assert_eq!(call(&app).conversation.state().turns.len(), 0);
    let choices = [1usize, 1];
    for &n in &choices {
        act(&mut app, CallAction::SkipReveal);
        act(&mut app, CallAction::Choose(OptionNumber(n)));
    }
    assert_eq!(call(&app).phase(), CallPhase::Ended);
    act(&mut app, CallAction::ShowDebrief);
    assert_eq!(screen(&app), Screen::Debrief);
    assert_eq!(count::<CallScreen>(&mut app), 0);
    assert!(app.world().get_resource::<ActiveCall>().is_none());

    // The same seed and option numbers through the core give the same report.
    let loaded = load_scenario(&root.join("small.ron")).expect("loads");
    let numbers: Vec<OptionNumber> = choices.iter().copied().map(OptionNumber).collect();
    let expected =
        replay(loaded.scenario.clone(), seed, Script::Numbers(&numbers)).expect("plays").report(&loaded.catalog);
    assert_eq!(app.world().resource::<Debrief>().report, expected);

    // "Replay same call" starts the identical call again.
    app.world_mut().write_message(StartCall { file: PathBuf::from("small.ron"), seed: Some(seed) });
    update_until(&mut app, "replay", |app| screen(app) == Screen::Call);
    assert_eq!(call(&app).seed(), seed);
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
    assert_eq!(call(&app).phase(), CallPhase::Talking);
    press(&mut app, KeyCode::Escape);
    assert!(call(&app).paused());
    press(&mut app, KeyCode::Escape);
    assert!(!call(&app).paused());
    for _ in 0..10 {
        if call(&app).phase() == CallPhase::Ended {
            break;
        }
        press(&mut app, KeyCode::Space); // finish the line
        press(&mut app, KeyCode::Enter); // nothing is highlighted yet: Enter alone chooses nothing
        press(&mut app, KeyCode::ArrowDown); // highlight the first option
        press(&mut app, KeyCode::ArrowDown); // and move to the second
        press(&mut app, KeyCode::Enter); // take the highlighted (second) option
    }
    let session = call(&app);
    assert_eq!(session.phase(), CallPhase::Ended);
    // Every decision took the option the arrow key highlighted: the second one shown.
    let turns = &session.conversation.state().turns;
    assert!(!turns.is_empty());
    for turn in turns {
        assert_eq!(turn.chosen, turn.offered[1], "{turn:?}");
    }
    // The ending types out too; Space shows it whole, and only Enter moves on to the debrief.
    press(&mut app, KeyCode::Space);
    assert!(!call(&app).revealing());
    press(&mut app, KeyCode::Space);
    assert_eq!(screen(&app), Screen::Call, "Space does not skip past the ending");
    press(&mut app, KeyCode::Enter);
    assert_eq!(screen(&app), Screen::Debrief);

    // The debrief from the keyboard: every scrolling key asks for its scroll, Tab walks the choice
    // rows, Enter opens and closes the focused one.
    app.update();
    let view = |app: &App| app.world().resource::<DebriefView>().clone();
    let rows = app.world().resource::<Debrief>().report.turns.len();
    assert_eq!(view(&app).rows, rows);
    // The call's length depends on the random seed (an early walkout ends it after one choice).
    assert!(rows >= 1, "at least one choice to review");
    for key in [KeyCode::PageDown, KeyCode::ArrowDown, KeyCode::Space, KeyCode::End, KeyCode::Home, KeyCode::PageUp] {
        press(&mut app, key);
    }
    use frontline::game::debrief_view::ScrollStep::*;
    assert_eq!(view(&app).pending, vec![Pages(1), Lines(1), Pages(1), End, Top, Pages(-1)]);
    let first_open = view(&app).is_open(0);
    press(&mut app, KeyCode::Tab);
    assert_eq!(view(&app).focused, Some(0));
    press(&mut app, KeyCode::Enter);
    assert_eq!(view(&app).is_open(0), !first_open, "Enter opens or closes the focused row");
    press(&mut app, KeyCode::Tab);
    assert_eq!(view(&app).focused, Some(1.min(rows - 1)), "Tab moves on, and stops at the last row");
    // Shift+Tab goes back.
    let window = app.world_mut().spawn_empty().id();
    app.world_mut().write_message(KeyboardInput {
        key_code: KeyCode::ShiftLeft,
        logical_key: Key::Shift,
        state: bevy::input::ButtonState::Pressed,
        text: None,
        repeat: false,
        window,
    });
    app.update();
    press(&mut app, KeyCode::Tab);
    assert_eq!(view(&app).focused, Some(0));
    assert_eq!(screen(&app), Screen::Debrief, "none of these keys leaves the debrief");

    // M opens the scenario's map with the call's path on it; Esc comes back to the debrief.
    press(&mut app, KeyCode::KeyM);
    app.update();
    assert_eq!(screen(&app), Screen::Map);
    let map = app.world().resource::<frontline::game::screens::map::MapView>();
    assert_eq!(map.choices_highlighted(), rows, "every choice of the call is on the highlighted path");
    press(&mut app, KeyCode::Escape);
    app.update();
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
    app.world().resource::<AssetServer>().reload("scenarios-0://small.ron");
    update_until(&mut app, "error", |app| library_error(app).is_some());
    let err = library_error(&app).expect("error");
    let d = err.errors().find(|d| d.code == "unknown-target").expect("unknown-target diagnostic");
    let lc = d.location.expect("location");
    let broken = good.replace("next: \"b\"", "next: \"bee\"");
    let at = broken.find("\"bee\"").expect("edited");
    let line = broken[..at].lines().count();
    let col = at - broken[..at].rfind('\n').map(|i| i + 1).unwrap_or(0) + 1;
    assert_eq!((lc.line, lc.col), (line, col));
    assert!(
        d.headline().contains(&format!("small.ron:{line}:{col}: error: the next node `bee` does not exist")),
        "{}",
        d.headline()
    );
    // The last good version is still there to play.
    let asset = app.world().resource::<Assets<ScenarioAsset>>().get(&handle).expect("last good version kept");
    assert_eq!(asset.0.scenario.nodes[0].choices[0].next, "b");

    std::fs::write(root.join("small.ron"), good.replace("Tell me more.", "Tell me everything.")).expect("write");
    app.world().resource::<AssetServer>().reload("scenarios-0://small.ron");
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
    let before = call(&app).loaded.scenario.clone();

    std::thread::sleep(Duration::from_millis(300)); // let the watcher arm
    let good = std::fs::read_to_string(root.join("small.ron")).expect("read");
    std::fs::write(root.join("small.ron"), good.replace("Hello?", "Hello, who is this?")).expect("write");
    update_until(&mut app, "hot reload", |app| entry_loads(app) >= 2);
    app.update();
    let active = app.world().resource::<ActiveCall>();
    assert!(active.stale, "the call knows its file changed");
    assert!(std::sync::Arc::ptr_eq(&before, &active.call.loaded.scenario), "the call keeps its version");
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
    let first = err.errors().next().expect("an error");
    assert!(first.headline().contains("zz_broken.ron:1:"), "{}", first.headline());
    assert_eq!(frontline::game::screens::error_overlay::current_errors(lib).len(), 1);
}

/// Every [`CallFinished`] the app sent.
#[derive(Resource, Default)]
struct Finished(Vec<CallFinished>);

fn collect_finished(mut messages: MessageReader<CallFinished>, mut finished: ResMut<Finished>) {
    finished.0.extend(messages.read().cloned());
}

#[test]
fn every_finished_call_is_announced_exactly_once() {
    let root = temp_scenarios("finished");
    let mut app = app(&root, false);
    app.init_resource::<Finished>().add_systems(Update, collect_finished);
    update_until(&mut app, "scenario load", |app| entry_loads(app) >= 1);
    for (round, seed) in [3u64, 4].into_iter().enumerate() {
        app.world_mut().write_message(StartCall { file: PathBuf::from("small.ron"), seed: Some(seed) });
        update_until(&mut app, "call", |app| {
            app.world().get_resource::<ActiveCall>().is_some_and(|a| a.call.seed() == seed)
        });
        act(&mut app, CallAction::Answer);
        while call(&app).phase() != CallPhase::Ended {
            act(&mut app, CallAction::SkipReveal);
            act(&mut app, CallAction::Choose(OptionNumber(1)));
        }
        // Nothing after the end announces it again: more frames, presses, the debrief.
        for _ in 0..5 {
            act(&mut app, CallAction::Choose(OptionNumber(1)));
        }
        act(&mut app, CallAction::ShowDebrief);
        assert_eq!(screen(&app), Screen::Debrief);
        let finished = &app.world().resource::<Finished>().0;
        assert_eq!(finished.len(), round + 1, "one CallFinished per finished call");
        let last = finished.last().expect("sent");
        assert_eq!(last.state.seed, seed);
        assert_eq!(last.report, app.world().resource::<Debrief>().report);
        assert!(last.report.ending.is_some());
    }
    // A call left before its end is not a finished call.
    app.world_mut().write_message(StartCall { file: PathBuf::from("small.ron"), seed: Some(9) });
    update_until(&mut app, "call", |app| screen(app) == Screen::Call);
    act(&mut app, CallAction::QuitToLibrary);
    assert_eq!(screen(&app), Screen::Library);
    assert_eq!(app.world().resource::<Finished>().0.len(), 2);
}

/// Plays the first line of the fixture in `lang` frame by frame and returns after how many
/// frames of 1/45 s the options appeared.
fn frames_until_options(lang: Lang, en: &str, zh: &str) -> usize {
    let root = temp_scenarios(&format!("typewriter-{}", lang.code()));
    let text = std::fs::read_to_string(root.join("small.ron")).expect("read");
    std::fs::write(
        root.join("small.ron"),
        text.replace("(en: \"Hello?\", zh: \"喂?\")", &format!("(en: \"{en}\", zh: \"{zh}\")")),
    )
    .expect("write");
    let mut app = app(&root, false);
    app.world_mut().resource_mut::<Settings>().lang = lang;
    update_until(&mut app, "scenario load", |app| entry_loads(app) >= 1);
    app.world_mut().write_message(StartCall { file: PathBuf::from("small.ron"), seed: Some(1) });
    update_until(&mut app, "call", |app| screen(app) == Screen::Call);
    app.insert_resource(TimeUpdateStrategy::ManualDuration(Duration::from_secs_f32(1.0 / REVEAL_CHARS_PER_SECOND)));
    act(&mut app, CallAction::Answer);
    let mut frames = 0;
    while call(&app).revealing() {
        app.update();
        frames += 1;
        assert!(frames < 1000, "the line never finished typing");
    }
    frames
}

#[test]
fn the_options_appear_when_the_line_in_the_learners_language_has_typed_out() {
    let long_en = "I have been waiting for forty minutes and nobody has called me back, not once.";
    let long_zh = "我已经等了四十分钟了，一直没有人给我回电话，一次都没有，这到底是怎么回事？";
    // Chinese: 3 characters, however long the English is.
    let zh_frames = frames_until_options(Lang::Zh, long_en, "喂？您好");
    assert!(zh_frames <= 4 + 2, "Chinese line of 4 characters took {zh_frames} frames");
    // English: 3 characters, however long the Chinese is.
    let en_frames = frames_until_options(Lang::En, "Hi.", long_zh);
    assert!(en_frames <= 3 + 2, "English line of 3 characters took {en_frames} frames");
    // And a long line in the learner's language does take its time.
    let long_frames = frames_until_options(Lang::En, long_en, "喂");
    assert!(long_frames >= long_en.chars().count() - 2, "{long_frames}");
}

#[test]
fn a_second_file_with_the_same_scenario_id_cannot_be_played() {
    let root = temp_scenarios("dup");
    std::fs::copy(root.join("small.ron"), root.join("small_copy.ron")).expect("copy");
    let mut app = app(&root, false);
    until_all_load(&mut app, 2);
    let lib = app.world().resource::<ScenarioLibrary>();
    let assets = app.world().resource::<Assets<ScenarioAsset>>();
    assert!(lib.playable(Path::new("small.ron"), assets).is_some());
    assert!(lib.playable(Path::new("small_copy.ron"), assets).is_none());
    let dup = lib.entries[1].duplicate.as_ref().expect("marked");
    let d = dup.errors().next().expect("error");
    assert_eq!(d.code, "duplicate-scenario-id");
    assert!(d.message.contains("small.ron"), "{}", d.message);
    assert_eq!(frontline::game::screens::error_overlay::current_errors(lib).len(), 1);
}

#[test]
fn a_trainers_copy_replaces_the_shipped_scenario_and_uses_the_shipped_catalog() {
    use frontline::core::scenario_folders::{FolderKind, ScenarioFolder};
    let shipped = temp_scenarios("layers-shipped");
    let own = shipped.with_file_name(format!("frontline-game-layers-own-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&own);
    std::fs::create_dir_all(&own).expect("own folder");
    // The trainer's copy: same id, another title, and no techniques.ron of its own.
    let text = std::fs::read_to_string(shipped.join("small.ron")).expect("read");
    let title = "title: (en: \"Small\", zh: \"小电话\")";
    assert!(text.contains(title), "the fixture's title changed");
    std::fs::write(own.join("my_small.ron"), text.replace(title, "title: (en: \"My small\", zh: \"我的小\")"))
        .expect("write copy");
    let folders = ScenarioFolders {
        layers: vec![
            ScenarioFolder { kind: FolderKind::Shipped, path: shipped.clone() },
            ScenarioFolder { kind: FolderKind::Own, path: own.clone() },
        ],
    };
    let mut app = App::new();
    register_sources(&mut app, &folders);
    app.add_plugins(MinimalPlugins).add_plugins(StatesPlugin).add_plugins(InputPlugin).add_plugins(AssetPlugin {
        file_path: shipped.to_string_lossy().into_owned(),
        watch_for_changes_override: Some(false),
        ..default()
    });
    frontline::game::logic_plugin(&mut app, folders, false, &StoreLocation::Memory);
    until_all_load(&mut app, 2);
    let lib = app.world().resource::<ScenarioLibrary>();
    let assets = app.world().resource::<Assets<ScenarioAsset>>();
    let (first, second) = (&lib.entries[0], &lib.entries[1]);
    assert_eq!((first.layer, second.layer), (0, 1));
    assert!(first.replaced_by.as_deref().is_some_and(|by| by.ends_with("my_small.ron")), "{:?}", first.replaced_by);
    assert!(second.replaces.as_deref().is_some_and(|s| s.ends_with("small.ron")), "{:?}", second.replaces);
    assert!(first.duplicate.is_none() && second.duplicate.is_none() && second.error.is_none());
    // The shipped file does not play; the copy does, under its own name and by the shipped one's.
    assert!(lib.playable(&first.path, assets).is_none());
    let copy = lib.playable(Path::new("my_small.ron"), assets).expect("the copy plays");
    assert_eq!(copy.scenario.title.learner(Lang::En), "My small");
    assert_eq!(lib.in_display_order(assets).len(), 1, "the replaced file is not listed");
}

#[test]
fn two_arrow_presses_in_one_frame_move_the_highlight_twice() {
    let root = temp_scenarios("arrows");
    let mut app = app(&root, false);
    update_until(&mut app, "scenario load", |app| entry_loads(app) >= 1);
    app.world_mut().write_message(StartCall { file: PathBuf::from("small.ron"), seed: Some(2) });
    update_until(&mut app, "call", |app| screen(app) == Screen::Call);
    act(&mut app, CallAction::Answer);
    act(&mut app, CallAction::SkipReveal);
    let window = app.world_mut().spawn_empty().id();
    for state in [bevy::input::ButtonState::Pressed, bevy::input::ButtonState::Released].repeat(2) {
        app.world_mut().write_message(KeyboardInput {
            key_code: KeyCode::ArrowDown,
            logical_key: Key::ArrowDown,
            state,
            text: None,
            repeat: false,
            window,
        });
    }
    app.update();
    app.update();
    assert_eq!(call(&app).highlighted(), Some(1), "both presses count: the second option is highlighted");
}

fn store(app: &App) -> std::sync::Arc<frontline::core::progress::Store> {
    app.world().resource::<Progress>().store.clone().expect("a store")
}

#[test]
fn a_finished_call_is_recorded_once_and_an_unfinished_one_resumes_where_it_was() {
    let root = temp_scenarios("progress");
    let mut app = app(&root, false);
    update_until(&mut app, "scenario load", |app| entry_loads(app) >= 1);
    app.world_mut().write_message(LearnerEdit::Add("Tess".into()));
    app.update();
    assert_eq!(app.world().resource::<Settings>().learner.as_deref(), Some("Tess"));
    app.world_mut().resource_mut::<NextState<Screen>>().set(Screen::Library);
    app.update();

    // A whole call: one attempt, with the time before each decision.
    app.world_mut().write_message(StartCall { file: PathBuf::from("small.ron"), seed: Some(8) });
    update_until(&mut app, "call", |app| screen(app) == Screen::Call);
    act(&mut app, CallAction::Answer);
    for _ in 0..2 {
        act(&mut app, CallAction::SkipReveal);
        act(&mut app, CallAction::Choose(OptionNumber(1)));
    }
    assert_eq!(call(&app).phase(), CallPhase::Ended);
    app.update();
    let history = store(&app).history("Tess").expect("history");
    assert_eq!(history.len(), 1, "one finished call, one attempt");
    let attempt = store(&app).attempt(&history[0].id).expect("read").expect("there");
    assert_eq!(attempt.turns.len(), call(&app).conversation.state().turns.len());
    assert_eq!(attempt.overall, call(&app).report().overall);

    // The library and the progress screen show it.
    act(&mut app, CallAction::ShowDebrief);
    app.world_mut().resource_mut::<NextState<Screen>>().set(Screen::Library);
    app.update();
    app.update();
    let results = app.world().resource::<frontline::game::progress::LearnerResults>().clone();
    assert_eq!(results.of("small").map(|r| r.attempts), Some(1));
    press(&mut app, KeyCode::KeyP);
    assert_eq!(screen(&app), Screen::Progress);
    let view = app.world().resource::<frontline::game::screens::progress::ProgressView>().clone();
    let report = view.report.expect("a progress report for Tess");
    assert_eq!(report.attempts.len(), 1);
    assert_eq!(report.attempts[0].overall, attempt.overall);
    assert!(!report.mastery.is_empty(), "mastery per technique from that call");
    press(&mut app, KeyCode::Escape);
    assert_eq!(screen(&app), Screen::Library);

    // Leave a call after one answer: the library offers to resume it, at the same node and meters.
    app.world_mut().write_message(StartCall { file: PathBuf::from("small.ron"), seed: Some(9) });
    update_until(&mut app, "call", |app| screen(app) == Screen::Call);
    act(&mut app, CallAction::Answer);
    act(&mut app, CallAction::SkipReveal);
    act(&mut app, CallAction::Choose(OptionNumber(1)));
    let left = call(&app).conversation.state().clone();
    assert_eq!(left.turns.len(), 1);
    act(&mut app, CallAction::QuitToLibrary);
    assert_eq!(screen(&app), Screen::Library);
    app.update();
    let offer = app.world().resource::<ResumeOffer>().0.clone().expect("a resume offer");
    assert_eq!((offer.turns, offer.changed), (1, false));
    app.world_mut().write_message(ResumeAction::Resume);
    update_until(&mut app, "resumed call", |app| screen(app) == Screen::Call);
    assert_eq!(call(&app).conversation.state(), &left, "the same node, meters and decisions");
    assert!(!call(&app).options().is_empty(), "the options of that node are on offer");
}

/// Takes the choice with this id through the call screen's message path.
fn take(app: &mut App, id: &str) {
    act(app, CallAction::SkipReveal);
    let number = call(app).conversation.number_of(&frontline::core::ids::ChoiceId::new(id)).expect("offered");
    act(app, CallAction::Choose(number));
}

#[test]
fn an_exam_in_the_window_runs_its_calls_under_its_rules_and_records_exam_attempts() {
    let root = temp_scenarios("exam");
    let small = std::fs::read_to_string(root.join("small.ron")).expect("read");
    let small = small.replacen("id: \"b.promise\",", "id: \"b.promise\",\n                    critical: true,", 1);
    std::fs::write(root.join("small.ron"), small).expect("write");
    std::fs::create_dir_all(root.join("exams")).expect("exams");
    std::fs::write(
        root.join("exams/cert.ron"),
        r#"ExamSet(
    id: "cert",
    title: (en: "Cert", zh: "认证"),
    instructions: (en: "One call.", zh: "一通电话。"),
    scenarios: [(id: "small")],
    language: Fixed(Zh),
    pass_each: (overall: 40),
    pass_set: (overall: 40),
    attempts_allowed: 1,
    show_feedback: true,
)"#,
    )
    .expect("exam");
    let mut app = app(&root, false);
    update_until(&mut app, "scenario load", |app| entry_loads(app) >= 1);
    app.world_mut().write_message(LearnerEdit::Add("Ivy".into()));
    app.update();
    app.world_mut().resource_mut::<NextState<Screen>>().set(Screen::Library);
    app.update();
    app.update();
    let catalog = app.world().resource::<frontline::game::exam::ExamCatalog>().clone();
    assert_eq!(catalog.sets.len(), 1);
    assert!(catalog.sets[0].1.is_some(), "{:?}", catalog.sets[0].2);

    app.world_mut().write_message(frontline::game::exam::StartExam(root.join("exams/cert.ron")));
    update_until(&mut app, "the exam's call", |app| screen(app) == Screen::Call);
    assert_eq!(call(&app).lang, Lang::Zh, "the set fixes the language");
    let rules = call(&app).rules();
    assert!(!rules.can_pause && !rules.can_restart && !rules.show_meters, "{rules:?}");
    assert!(call(&app).timers_on(false), "the set's patience timers, whatever the learner's setting");
    act(&mut app, CallAction::Answer);
    act(&mut app, CallAction::Pause);
    assert!(!call(&app).paused(), "no pause in this exam");
    take(&mut app, "a.listen");
    take(&mut app, "b.promise");
    assert_eq!(call(&app).phase(), CallPhase::Ended);
    act(&mut app, CallAction::SkipReveal);
    // "See your debrief" leads to the result, not to feedback.
    act(&mut app, CallAction::ShowDebrief);
    app.update();
    assert_eq!(screen(&app), Screen::ExamResult);
    let exam = app.world().resource::<frontline::game::exam::ActiveExam>().clone();
    let verdict = exam.verdict.expect("a verdict");
    assert!(!verdict.passed, "a critical choice fails the exam");
    assert!(
        verdict.scenarios[0]
            .reasons
            .contains(&frontline::core::exam::FailReason::CriticalChoice { choice_id: "b.promise".into() }),
        "{:?}",
        verdict.scenarios[0].reasons
    );
    let history = store(&app).history("Ivy").expect("history");
    assert_eq!(history.len(), 1, "{history:?}");
    assert_eq!(history[0].mode, frontline::core::progress::Mode::Exam);
    assert_eq!(store(&app).exam_sittings("Ivy", "cert").expect("count"), 1);

    // The only attempt is used: a second sitting is refused with a reason.
    press(&mut app, KeyCode::Escape);
    assert_eq!(screen(&app), Screen::Library);
    app.world_mut().write_message(frontline::game::exam::StartExam(root.join("exams/cert.ron")));
    app.update();
    app.update();
    assert_eq!(screen(&app), Screen::Library);
    let problem = app.world().resource::<frontline::game::exam::ExamProblem>().0.clone();
    assert!(problem.is_some_and(|p| p.contains("every attempt allowed has been used")));
}

#[test]
fn the_keyboard_reaches_every_card_beyond_the_ninth() {
    // Eleven scenarios (copies of the fixture with their own ids and titles).
    let root = temp_scenarios("many");
    let small = std::fs::read_to_string(root.join("small.ron")).expect("fixture");
    for k in 1..=10 {
        let copy = small.replacen("id: \"small\"", &format!("id: \"small_{k:02}\""), 1).replacen(
            "title: (en: \"Small\", zh: \"小电话\")",
            &format!("title: (en: \"Small {k:02}\", zh: \"小电话 {k:02}\")"),
            1,
        );
        std::fs::write(root.join(format!("small_{k:02}.ron")), copy).expect("write copy");
    }
    let mut app = app(&root, false);
    update_until(&mut app, "every scenario loads", |app| {
        app.world().resource::<ScenarioLibrary>().entries.iter().filter(|e| e.loads >= 1).count() >= 11
    });
    app.world_mut().resource_mut::<NextState<Screen>>().set(Screen::Library);
    app.update();
    let shown = {
        let world = app.world();
        frontline::game::library_view::shown_files(
            world.resource::<ScenarioLibrary>(),
            world.resource::<Assets<ScenarioAsset>>(),
            world.resource::<frontline::game::progress::LearnerResults>(),
            &world.resource::<frontline::game::library_view::LibraryView>().query,
            Lang::En,
        )
    };
    assert_eq!(shown.len(), 11, "{shown:?}");
    press(&mut app, KeyCode::End); // the last card
    assert_eq!(app.world().resource::<frontline::game::library_view::LibraryView>().focused, Some(10));
    press(&mut app, KeyCode::ArrowUp);
    press(&mut app, KeyCode::ArrowDown);
    press(&mut app, KeyCode::Enter);
    update_until(&mut app, "the eleventh card's call", |app| screen(app) == Screen::Call);
    let started = app.world().resource::<ActiveCall>().file.clone();
    assert_eq!(started, shown[10], "Enter plays the card the keyboard is on");
}
