//! Screenshot mode: drives the game to one screen through the same messages the UI sends,
//! captures the window to PNG, checks the image is not blank, and exits. Used by tests and docs.

use crate::core::call::{CallAction, CallPhase};
use crate::core::ids::OptionNumber;
use crate::core::text::Lang;
use crate::game::idle::{GlyphGlitches, KeepAwake, RepaintClock, RepaintRequest};
use crate::game::progress::LearnerEdit;
use crate::game::scenario_asset::{ScenarioAsset, ScenarioLibrary};
use crate::game::screen::Screen;
use crate::game::screens::call::CallLayout;
use crate::game::session::{ActiveCall, StartCall};
use crate::game::settings::Settings;
use bevy::prelude::*;
use bevy::render::view::screenshot::{Screenshot, ScreenshotCaptured, save_to_disk};
use std::path::PathBuf;

/// Frames to wait for scenarios to load before giving up.
const LOAD_TIMEOUT_FRAMES: u32 = 2000;
/// Frames after which a scenario folder with no files is taken to be empty (the scan runs at start).
const EMPTY_FOLDER_FRAMES: u32 = 30;

/// Frames to let egui lay out and upload fonts before the capture.
const SETTLE_FRAMES: u32 = 8;

/// What to capture.
#[derive(Resource, Clone, Debug)]
pub struct CaptureRequest {
    /// Output PNG.
    pub out: PathBuf,
    /// Which screen.
    pub screen: Screen,
    /// The scenario file for the call and debrief screens (relative to the scenario folder).
    pub scenario: Option<PathBuf>,
    /// Interface language.
    pub lang: Lang,
    /// Options to take on the call screen before the capture (the debrief plays to the end).
    pub choices: Vec<usize>,
    /// Seed of the call.
    pub seed: u64,
    /// Stay on the screen instead of capturing it (for idle measurements).
    pub hold: bool,
    /// With `hold` on the call screen: leave the phone ringing (for measuring a moving screen).
    pub ringing: bool,
    /// After `choices`, keep taking the option with the best technique weight (a model call).
    pub best: bool,
    /// The library's filters and search for a library capture.
    pub library: crate::core::library_filter::LibraryQuery,
}

/// Applies the requested library filters before the first frame.
fn library_filters(request: Res<CaptureRequest>, view: Option<ResMut<crate::game::library_view::LibraryView>>) {
    if let Some(mut view) = view {
        view.query = request.library.clone();
    }
}

#[derive(Resource, Default, Debug)]
struct CaptureProgress {
    frame: u32,
    stage: Stage,
    settle: u32,
    choices_made: usize,
    /// When the call screen went still (the line finished), and the frames drawn since.
    still_since: Option<std::time::Instant>,
    frames_while_still: u32,
    /// Glyph glitches counted when the call was answered.
    glitches_at_answer: Option<u32>,
}

#[derive(Default, Debug, PartialEq, Eq, Clone, Copy)]
enum Stage {
    #[default]
    Loading,
    Navigating,
    /// On the call screen: nothing is pressed and the app sleeps on its own schedule; then what
    /// the last frame drew must be whole (every option on screen, the last line in view).
    Still,
    Settling,
    Shot,
}

fn fail(exit: &mut MessageWriter<AppExit>, message: &str) {
    error!("screenshot failed: {message}");
    eprintln!("error: screenshot failed: {message}");
    exit.write(AppExit::from_code(3));
}

#[allow(clippy::too_many_arguments)]
fn drive(
    request: Res<CaptureRequest>,
    mut progress: ResMut<CaptureProgress>,
    mut keep_awake: ResMut<KeepAwake>,
    library: Res<ScenarioLibrary>,
    scenarios: Res<Assets<ScenarioAsset>>,
    mut settings: ResMut<Settings>,
    screen: Res<State<Screen>>,
    mut next: ResMut<NextState<Screen>>,
    session: Option<Res<ActiveCall>>,
    mut starts: MessageWriter<StartCall>,
    mut actions: MessageWriter<CallAction>,
    mut exit: MessageWriter<AppExit>,
    mut commands: Commands,
    (layout, clock, glitches): (Res<CallLayout>, Res<RepaintClock>, Res<GlyphGlitches>),
    mut edits: MessageWriter<LearnerEdit>,
    (debrief, mut maps): (
        Option<Res<crate::game::session::Debrief>>,
        MessageWriter<crate::game::screens::map::OpenMap>,
    ),
) {
    if progress.stage == Stage::Shot && request.hold {
        return;
    }
    progress.frame += 1;
    if progress.stage == Stage::Shot {
        // Draw until the screenshot is saved and the app exits.
        keep_awake.0 = true;
        return;
    }
    if progress.stage == Stage::Still {
        still(&mut progress, session.as_deref(), &layout, &clock, *glitches, &mut keep_awake, &mut exit);
        return;
    }
    keep_awake.0 = true;
    match progress.stage {
        Stage::Loading => {
            // An empty folder stays empty: after a few frames the (empty) library is what there is.
            let all_done = (!library.entries.is_empty() || progress.frame > EMPTY_FOLDER_FRAMES)
                && library.entries.iter().all(|e| e.error.is_some() || scenarios.get(&e.handle).is_some());
            if all_done {
                settings.lang = request.lang;
                if settings.learner.is_none() {
                    edits.write(LearnerEdit::Add("Demo".into()));
                }
                progress.stage = Stage::Navigating;
            } else if progress.frame > LOAD_TIMEOUT_FRAMES {
                fail(&mut exit, "the scenarios did not load in time");
            }
        }
        Stage::Navigating => {
            let target = request.screen;
            match target {
                Screen::Title | Screen::ExamResult => progress.stage = Stage::Settling,
                Screen::Library | Screen::Progress => {
                    if *screen.get() == target {
                        progress.stage = Stage::Settling;
                    } else if progress.frame.is_multiple_of(10) {
                        // After the learner is in place (the first frames add "Demo").
                        next.set(target);
                    }
                }
                Screen::Call | Screen::Debrief | Screen::Map => {
                    let Some(file) = request.scenario.clone() else {
                        fail(&mut exit, "--screen call/debrief/map needs --scenario FILE");
                        return;
                    };
                    if let Some(entry) = library.entry(&file)
                        && scenarios.get(&entry.handle).is_none()
                    {
                        let why = entry.error.as_ref().map(|e| e.to_string()).unwrap_or_default();
                        fail(&mut exit, &format!("{} does not load: {why}", file.display()));
                        return;
                    }
                    if *screen.get() == target && target != Screen::Call {
                        progress.stage = Stage::Settling;
                        return;
                    }
                    // The map: from the debrief, with the call's path on it.
                    if target == Screen::Map && *screen.get() == Screen::Debrief {
                        if let Some(d) = &debrief
                            && progress.frame % 30 == 1
                        {
                            maps.write(crate::game::screens::debrief::open_map(d));
                        }
                        return;
                    }
                    match (&session, screen.get()) {
                        // Ask to start the call, and again every 30 frames until the screen changes.
                        (None, Screen::Title | Screen::Library) if progress.frame % 30 == 1 => {
                            if library.entry(&file).is_none() {
                                fail(&mut exit, &format!("{} is not in the scenario folders", file.display()));
                                return;
                            }
                            starts.write(StartCall { file: file.clone(), seed: Some(request.seed) });
                        }
                        (Some(active), Screen::Call) => match active.call.phase() {
                            CallPhase::Ringing if request.hold && request.ringing => {
                                info!("holding on the ringing phone: animating from now on");
                                progress.stage = Stage::Shot;
                            }
                            CallPhase::Ringing => {
                                actions.write(CallAction::Answer);
                                progress.glitches_at_answer.get_or_insert(glitches.frames);
                            }
                            CallPhase::Talking if active.call.revealing() => {
                                actions.write(CallAction::SkipReveal);
                            }
                            CallPhase::Talking => {
                                if progress.choices_made < request.choices.len() {
                                    let n = OptionNumber(request.choices[progress.choices_made]);
                                    let available = active.call.options().len();
                                    if n.position().is_none_or(|k| k >= available) {
                                        fail(&mut exit, &format!("option {n} is not on offer (1 to {available})"));
                                        return;
                                    }
                                    actions.write(CallAction::Choose(n));
                                    progress.choices_made += 1;
                                } else if target != Screen::Call {
                                    let best = if request.best { active.call.conversation.best_option() } else { None };
                                    actions.write(CallAction::Choose(best.unwrap_or(OptionNumber(1))));
                                } else {
                                    progress.stage = Stage::Still;
                                }
                            }
                            CallPhase::Ended if active.call.revealing() => {
                                actions.write(CallAction::SkipReveal);
                            }
                            CallPhase::Ended => {
                                if target != Screen::Call {
                                    actions.write(CallAction::ShowDebrief);
                                } else {
                                    progress.stage = Stage::Still;
                                }
                            }
                        },
                        _ => {}
                    }
                    if progress.frame > LOAD_TIMEOUT_FRAMES * 2 {
                        fail(&mut exit, "could not reach the requested screen");
                    }
                }
            }
        }
        Stage::Settling => {
            progress.settle += 1;
            if progress.settle >= SETTLE_FRAMES && request.hold {
                info!("holding on {:?}: idle from now on", request.screen);
                progress.stage = Stage::Shot;
                keep_awake.0 = false;
            } else if progress.settle >= SETTLE_FRAMES {
                progress.stage = Stage::Shot;
                let out = request.out.clone();
                commands.spawn(Screenshot::primary_window()).observe(save_to_disk(out.clone())).observe(
                    move |captured: On<ScreenshotCaptured>, mut exit: MessageWriter<AppExit>| {
                        let spread = pixel_spread(&captured.image);
                        if spread < 8 {
                            eprintln!("error: the captured image is blank (pixel spread {spread})");
                            exit.write(AppExit::from_code(4));
                        } else {
                            info!("captured {} (pixel spread {spread})", out.display());
                            exit.write(AppExit::Success);
                        }
                    },
                );
            }
        }
        Stage::Shot | Stage::Still => {}
    }
}

/// How long the call screen stays untouched before its last drawn frame is checked.
const STILL_FOR: std::time::Duration = std::time::Duration::from_millis(1500);

/// The call screen with nothing pressed: the game draws only what it asks for itself (the
/// typewriter, egui's own repaints). After [`STILL_FOR`], the frame on screen must be whole.
fn still(
    progress: &mut CaptureProgress,
    session: Option<&ActiveCall>,
    layout: &CallLayout,
    clock: &RepaintClock,
    glitches: GlyphGlitches,
    keep_awake: &mut KeepAwake,
    exit: &mut MessageWriter<AppExit>,
) {
    if session.is_some_and(|s| s.call.revealing()) {
        return;
    }
    let now = std::time::Instant::now();
    let since = *progress.still_since.get_or_insert(now);
    progress.frames_while_still += 1;
    if now < since + STILL_FOR {
        // Nothing else would wake the sleeping app: ask for a frame when the wait is over (again
        // on every frame: the idle schedule forgets a request once a frame has served it).
        if let Ok(mut next) = clock.0.lock() {
            let at = since + STILL_FOR;
            if next.is_none_or(|r| r.at <= now || r.at > at) {
                *next = Some(RepaintRequest { at, immediate: false });
            }
        }
        return;
    }
    // This frame has not drawn yet: `layout` is what the screen has shown while the app slept.
    let mut problems = layout.problems();
    // Every glyph of the call was in the atlas before it was answered: no frame showed text whose
    // glyphs were still missing.
    let added = progress.glitches_at_answer.map_or(0, |at| glitches.frames.saturating_sub(at));
    if added > 0 {
        problems.push(format!("{added} frame(s) during the call drew new text while its glyphs were still loading"));
    }
    info!("still for {:?}: {} frames drawn meanwhile", now - since, progress.frames_while_still);
    if !problems.is_empty() {
        fail(exit, &format!("with nothing pressed, the call screen stayed incomplete: {}", problems.join("; ")));
        return;
    }
    progress.stage = Stage::Settling;
    keep_awake.0 = true;
}

/// The difference between the darkest and brightest pixel (0 for a blank image).
pub fn pixel_spread(image: &Image) -> u8 {
    let Some(data) = &image.data else { return 0 };
    let mut lo = u8::MAX;
    let mut hi = u8::MIN;
    for px in data.chunks_exact(4) {
        let luma = ((u32::from(px[0]) * 3 + u32::from(px[1]) * 6 + u32::from(px[2])) / 10) as u8;
        lo = lo.min(luma);
        hi = hi.max(luma);
    }
    hi.saturating_sub(lo)
}

/// The virtual screen's pointer rests mid-window: no tooltips in captures.
fn no_tooltips(mut contexts: bevy_egui::EguiContexts) -> Result {
    contexts.ctx_mut()?.global_style_mut(|s| s.interaction.tooltip_delay = f32::MAX);
    Ok(())
}

/// Screenshot mode.
pub fn plugin(app: &mut App, request: CaptureRequest) {
    app.insert_resource(request)
        .init_resource::<CaptureProgress>()
        .add_systems(Startup, no_tooltips.after(crate::game::style::setup_fonts))
        .add_systems(Startup, library_filters)
        .add_systems(Update, drive);
}
