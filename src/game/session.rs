//! The Bevy adapter over the core's call ([`crate::core::call`]): starts calls, feeds them the
//! learner's actions and the clock, turns what happens into sounds and screens, and announces the
//! end of every call with [`CallFinished`]. No call rule lives here.

use crate::core::call::{CallAction, CallSession, Signal};
use crate::core::engine::{CallState, EngineError};
use crate::core::loader::LoadedScenario;
use crate::core::random::fresh_seed;
use crate::core::scenario::Channel;
use crate::core::score::Report;
use crate::game::audio::{Cue, PlayCue, sting_for};
use crate::game::idle::KeepAwake;
use crate::game::scenario_asset::{ScenarioAsset, ScenarioLibrary};
use crate::game::screen::Screen;
use crate::game::settings::Settings;
use bevy::prelude::*;
use std::fmt;
use std::path::PathBuf;

// The learner's actions travel as Bevy messages; the type itself is the core's.
impl Message for CallAction {}

/// Starts a call of a library entry.
#[derive(Message, Clone, Debug, PartialEq, Eq)]
pub struct StartCall {
    /// The scenario file, relative to the scenario folder.
    pub file: PathBuf,
    /// A seed to replay, or None for a new call.
    pub seed: Option<u64>,
}

/// A call reached its ending. Sent exactly once per finished call; everything that reacts to a
/// finished call (best scores, the progress store, reports) listens to this.
#[derive(Message, Clone, Debug)]
pub struct CallFinished {
    /// The scenario file (relative to the scenario folder).
    pub file: PathBuf,
    /// The scenario version the call ran on.
    pub loaded: LoadedScenario,
    /// The call's final state (every decision, the ending).
    pub state: CallState,
    /// The debrief of the finished call.
    pub report: Report,
    /// The language it was played in.
    pub lang: crate::core::text::Lang,
    /// When the call started (ms since 1970, UTC).
    pub started_ms: i64,
    /// Time taken before each decision.
    pub decision_ms: Vec<u32>,
}

/// The call in progress, as a Bevy resource: the core's call plus where it came from.
#[derive(Resource, Debug)]
pub struct ActiveCall {
    /// The scenario file (relative), for restarts.
    pub file: PathBuf,
    /// The call itself (the core's presentation of it).
    pub call: CallSession,
    /// The scenario file changed on disk during the call.
    pub stale: bool,
    /// The engine refused a step (a scenario the checker could not fully vet); shown on screen.
    pub error: Option<EngineError>,
    /// When the call started (ms since 1970, UTC; kept across a resume).
    pub started_ms: i64,
}

/// Why a call could not start.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StartCallError {
    /// The file is not in the library or has not loaded (it has errors).
    NotLoaded {
        /// The file asked for (relative to the scenario folder).
        file: PathBuf,
    },
    /// The engine could not start the call.
    Engine {
        /// The file asked for (relative to the scenario folder).
        file: PathBuf,
        /// Why the engine could not start it.
        error: EngineError,
    },
}

impl fmt::Display for StartCallError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StartCallError::NotLoaded { file } => write!(f, "{} is not loaded (see its error)", file.display()),
            StartCallError::Engine { file, error } => write!(f, "{} cannot start: {error}", file.display()),
        }
    }
}

impl std::error::Error for StartCallError {}

/// The finished call shown on the debrief screen.
#[derive(Resource, Debug, Clone)]
pub struct Debrief {
    /// Scenario file (relative), for "play again".
    pub file: PathBuf,
    /// The scenario version played.
    pub loaded: LoadedScenario,
    /// The debrief shown.
    pub report: Report,
    /// Counts debriefs opened in this run, so each one starts scrolled to the top.
    pub visit: u64,
}

/// A call could not start (shown on the library screen).
#[derive(Resource, Debug, Clone, Default)]
pub struct StartError(pub Option<StartCallError>);

/// The node's sound and voice-over (in the call's language), as cues.
fn node_cues(call: &CallSession, node: &str) -> Vec<Cue> {
    let Some(n) = call.loaded.scenario.node(node) else { return Vec::new() };
    let folder = crate::core::library::folder_of(&call.loaded.path);
    let mut cues = Vec::new();
    if let Some(sound) = &n.sound {
        cues.push(Cue::File(folder.join(sound)));
    }
    if let Some(voice) = n.voice.as_ref().map(|v| v.exact(call.lang)).filter(|v| !v.is_empty()) {
        cues.push(Cue::File(folder.join(voice)));
    }
    cues
}

/// What the learner hears for each thing that happened.
pub fn cues_for(call: &CallSession, signals: &[Signal]) -> Vec<Cue> {
    let mut cues = Vec::new();
    for signal in signals {
        match signal {
            Signal::Answered { node } => {
                cues.extend([Cue::StopRing, Cue::AmbienceOn]);
                cues.extend(node_cues(call, node.as_str()));
            }
            Signal::Line { node } => cues.extend(node_cues(call, node.as_str())),
            Signal::Said => cues.push(Cue::Click),
            Signal::MoodChanged { from, to } => cues.extend(sting_for(*from, *to)),
            Signal::Hesitated => cues.push(Cue::MoodDown),
            Signal::Finished => cues.push(Cue::AmbienceOff),
            Signal::Left => cues.extend([Cue::StopRing, Cue::AmbienceOff]),
            Signal::RestartRequested { .. } => cues.push(Cue::AmbienceOff),
            Signal::DebriefRequested => {}
        }
    }
    cues
}

#[allow(clippy::too_many_arguments)] // a Bevy system: each parameter is a resource it reads
fn start_calls(
    mut requests: MessageReader<StartCall>,
    library: Res<ScenarioLibrary>,
    scenarios: Res<Assets<ScenarioAsset>>,
    mut commands: Commands,
    mut next: ResMut<NextState<Screen>>,
    mut cues: MessageWriter<PlayCue>,
    mut start_error: ResMut<StartError>,
    settings: Res<Settings>,
    exam: Option<Res<crate::game::exam::ActiveExam>>,
) {
    for request in requests.read() {
        let Some(loaded) = library.playable(&request.file, &scenarios) else {
            start_error.0 = Some(StartCallError::NotLoaded { file: request.file.clone() });
            continue;
        };
        // In an exam, the set's language and rules.
        let lang = exam.as_ref().map_or(settings.lang, |e| e.lang());
        match CallSession::start(loaded.clone(), request.seed.unwrap_or_else(fresh_seed), lang) {
            Ok(mut call) => {
                if let Some(exam) = &exam {
                    call.set_rules(exam.rules());
                }
                start_error.0 = None;
                if call.loaded.scenario.channel == Channel::Phone {
                    cues.write(PlayCue(Cue::Ring));
                }
                commands.insert_resource(ActiveCall {
                    file: request.file.clone(),
                    call,
                    stale: false,
                    error: None,
                    started_ms: crate::core::progress::record::now_ms(),
                });
                next.set(Screen::Call);
            }
            Err(error) => start_error.0 = Some(StartCallError::Engine { file: request.file.clone(), error }),
        }
    }
}

/// Everything a call's signals lead to besides sound: other screens, restarts, [`CallFinished`].
#[derive(bevy::ecs::system::SystemParam)]
pub struct CallReactions<'w, 's> {
    commands: Commands<'w, 's>,
    next: ResMut<'w, NextState<Screen>>,
    cues: MessageWriter<'w, PlayCue>,
    starts: MessageWriter<'w, StartCall>,
    finished: MessageWriter<'w, CallFinished>,
    visits: Local<'s, u64>,
    exam: Option<Res<'w, crate::game::exam::ActiveExam>>,
    exam_next: MessageWriter<'w, crate::game::exam::ExamNext>,
}

impl CallReactions<'_, '_> {
    fn react(&mut self, active: &ActiveCall, signals: &[Signal]) {
        self.cues.write_batch(cues_for(&active.call, signals).into_iter().map(PlayCue));
        for signal in signals {
            match signal {
                Signal::Finished => {
                    self.finished.write(CallFinished {
                        file: active.file.clone(),
                        loaded: active.call.loaded.clone(),
                        state: active.call.conversation.state().clone(),
                        report: active.call.report(),
                        lang: active.call.lang,
                        started_ms: active.started_ms,
                        decision_ms: active.call.decision_ms().to_vec(),
                    });
                }
                // In an exam there is no feedback on the way: the next call comes instead.
                Signal::DebriefRequested if self.exam.is_some() => {
                    self.exam_next.write(crate::game::exam::ExamNext { abandon: false });
                }
                Signal::Left if self.exam.is_some() => {
                    self.exam_next.write(crate::game::exam::ExamNext { abandon: true });
                }
                Signal::DebriefRequested => {
                    *self.visits += 1;
                    self.commands.insert_resource(Debrief {
                        file: active.file.clone(),
                        loaded: active.call.loaded.clone(),
                        report: active.call.report(),
                        visit: *self.visits,
                    });
                    self.next.set(Screen::Debrief);
                }
                Signal::Left => self.next.set(Screen::Library),
                Signal::RestartRequested { seed } => {
                    self.starts.write(StartCall { file: active.file.clone(), seed: *seed });
                }
                _ => {}
            }
        }
    }
}

fn apply_actions(
    mut actions: MessageReader<CallAction>,
    active: Option<ResMut<ActiveCall>>,
    mut reactions: CallReactions,
) {
    let Some(mut active) = active else {
        actions.clear();
        return;
    };
    for action in actions.read() {
        match active.call.apply(action) {
            Ok(signals) => reactions.react(&active, &signals),
            Err(e) => active.error = Some(e),
        }
    }
}

/// Advances the call by the time that passed since the last frame, on the wall clock. Bevy's
/// virtual clock counts a one-second sleep as a quarter of a second (its longest step), and its real
/// clock is stamped when the previous frame finished rendering; either would put the countdown out
/// of step with the moment its frame is drawn. A test that steps time by hand
/// (`TimeUpdateStrategy::ManualDuration`) gets its own steps.
#[allow(clippy::too_many_arguments)] // a Bevy system: each parameter is a resource it reads
fn tick_session(
    time: Res<Time<Real>>,
    strategy: Option<Res<bevy::time::TimeUpdateStrategy>>,
    mut last_tick: Local<Option<std::time::Instant>>,
    settings: Res<Settings>,
    active: Option<ResMut<ActiveCall>>,
    mut keep_awake: ResMut<KeepAwake>,
    mut reactions: CallReactions,
) {
    let now = std::time::Instant::now();
    let wall = last_tick.replace(now).map_or(0.0, |t| (now - t).as_secs_f32());
    let automatic = strategy.is_none_or(|s| matches!(*s, bevy::time::TimeUpdateStrategy::Automatic));
    let elapsed = if automatic { wall } else { time.delta_secs() };
    let Some(mut active) = active else { return };
    let timers = active.call.timers_on(settings.patience_timers);
    match active.call.tick(elapsed, timers) {
        Ok(signals) => reactions.react(&active, &signals),
        Err(e) => active.error = Some(e),
    }
    // Keep frames coming while something animates: the typewriter and the ringing phone.
    // A running patience timer needs one frame a second; the call screen asks egui for those.
    let ringing = active.call.phase() == crate::core::call::CallPhase::Ringing
        && active.call.loaded.scenario.channel == Channel::Phone;
    if active.call.revealing() || ringing {
        keep_awake.0 = true;
    }
}

fn mark_stale(
    mut events: MessageReader<AssetEvent<ScenarioAsset>>,
    library: Res<ScenarioLibrary>,
    active: Option<ResMut<ActiveCall>>,
) {
    let Some(mut active) = active else {
        events.clear();
        return;
    };
    for event in events.read() {
        if let AssetEvent::Modified { id } = event
            && library.entry(&active.file).is_some_and(|e| e.handle.id() == *id)
        {
            active.stale = true;
        }
    }
}

fn end_session(mut commands: Commands) {
    commands.remove_resource::<ActiveCall>();
}

/// The systems that change the call; input systems run before them.
#[derive(SystemSet, Debug, Clone, PartialEq, Eq, Hash)]
pub struct SessionSet;

/// Call logic: starting calls, applying actions, time.
pub fn plugin(app: &mut App) {
    app.add_message::<CallAction>()
        .add_message::<StartCall>()
        .add_message::<CallFinished>()
        .init_resource::<StartError>()
        .init_resource::<KeepAwake>()
        .add_systems(Update, (start_calls, apply_actions, tick_session, mark_stale).chain().in_set(SessionSet))
        .add_systems(OnEnter(Screen::Library), end_session)
        .add_systems(OnEnter(Screen::Title), end_session)
        .add_systems(OnEnter(Screen::Debrief), end_session);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::call::CallPhase;
    use crate::core::ids::OptionNumber;
    use crate::core::library::load_scenario;
    use crate::core::text::{Lang, Localized};
    use std::sync::Arc;

    fn session(lang: Lang) -> CallSession {
        let mut loaded = load_scenario(std::path::Path::new("tests/fixtures/small.ron")).expect("fixture");
        let mut scenario = (*loaded.scenario).clone();
        scenario.nodes[0].voice = Some(Localized::new("voice/a.en.ogg", "voice/a.zh.ogg"));
        loaded.scenario = Arc::new(scenario);
        CallSession::start(loaded, 5, lang).expect("start")
    }

    fn choose_index(s: &mut CallSession, choice: usize) -> Vec<Cue> {
        let n = s.conversation.offered().iter().position(|&c| c == choice).expect("offered");
        s.apply(&CallAction::SkipReveal).expect("skip");
        let signals = s.apply(&CallAction::Choose(OptionNumber::from_position(n))).expect("choose");
        cues_for(s, &signals)
    }

    #[test]
    fn answering_stops_the_ring_and_plays_the_voice_in_the_call_language() {
        let mut s = session(Lang::Zh);
        assert_eq!(s.phase(), CallPhase::Ringing);
        let signals = s.apply(&CallAction::Answer).expect("answer");
        let cues = cues_for(&s, &signals);
        assert_eq!(cues[..2], [Cue::StopRing, Cue::AmbienceOn]);
        match &cues[2] {
            Cue::File(p) => assert!(p.ends_with("tests/fixtures/voice/a.zh.ogg"), "{}", p.display()),
            other => panic!("expected the voice file, got {other:?}"),
        }
    }

    #[test]
    fn mood_changes_are_heard() {
        let mut s = session(Lang::En);
        s.apply(&CallAction::Answer).expect("answer");
        let cues = choose_index(&mut s, 1); // "Calm down": mood -20
        assert!(cues.contains(&Cue::MoodDown), "{cues:?}");
        assert!(cues.contains(&Cue::Click));
    }

    #[test]
    fn the_end_of_a_call_is_heard_and_signalled_once() {
        let mut s = session(Lang::En);
        s.apply(&CallAction::Answer).expect("answer");
        choose_index(&mut s, 0);
        let cues = choose_index(&mut s, 0);
        assert!(cues.contains(&Cue::AmbienceOff), "{cues:?}");
        assert_eq!(s.phase(), CallPhase::Ended);
    }
}
