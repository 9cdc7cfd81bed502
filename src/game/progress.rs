//! The game's side of learner progress: opens the core's store, records every finished call
//! ([`CallFinished`]), saves the call in progress after each decision, keeps the learner list
//! ([`Learners`]) and the library's results in step, and says once, visibly, when progress cannot
//! be saved and why.

use crate::core::call::CallSession;
use crate::core::loader::LoadedScenario;
use crate::core::progress::record::now_ms;
use crate::core::progress::{
    AttemptContext, AttemptRecord, CallInProgress, Mode, ProgressReport, ScenarioResult, Store, offers,
};
use crate::game::scenario_asset::{ScenarioAsset, ScenarioLibrary};
use crate::game::screen::Screen;
use crate::game::session::{ActiveCall, CallFinished, StartCall};
use crate::game::settings::Settings;
use bevy::prelude::*;
use std::path::PathBuf;
use std::sync::Arc;

/// Where the store lives for this run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StoreLocation {
    /// A database file.
    File(PathBuf),
    /// In memory, forgotten at exit (screenshots, tests that do not care).
    Memory,
    /// No store: progress is not saved (the reason is shown).
    None(String),
}

/// The progress store, when it can be used, and what the learner must be told about it.
#[derive(Resource, Clone, Debug, Default)]
pub struct Progress {
    /// The store.
    pub store: Option<Arc<Store>>,
    /// Why progress is not being saved (shown on the title and library screens).
    pub problem: Option<String>,
    /// Something the learner should know once (a damaged file was moved aside).
    pub notice: Option<String>,
    /// Bumped after every write, so screens know to read again.
    pub generation: u64,
}

impl Progress {
    /// Opens the store at `location`.
    pub fn open(location: &StoreLocation) -> Progress {
        let opened = match location {
            StoreLocation::File(path) => Store::open(path).map(|(s, n)| (s, n.map(|n| n.to_string()))),
            StoreLocation::Memory => Store::in_memory().map(|s| (s, None)),
            StoreLocation::None(why) => {
                return Progress { problem: Some(why.clone()), ..default() };
            }
        };
        match opened {
            Ok((store, notice)) => {
                if let Some(n) = &notice {
                    warn!("{n}");
                }
                Progress { store: Some(Arc::new(store)), notice, ..default() }
            }
            Err(e) => {
                warn!("progress is not being saved: {e}");
                Progress { problem: Some(e.to_string()), ..default() }
            }
        }
    }

    /// Reports a failed write once (it becomes the visible problem).
    fn failed(&mut self, e: impl std::fmt::Display) {
        let text = e.to_string();
        if self.problem.as_deref() != Some(text.as_str()) {
            warn!("progress is not being saved: {text}");
            self.problem = Some(text);
        }
    }
}

/// The learner profiles (from the store; from the settings file when there is no store).
#[derive(Resource, Clone, Debug, Default, PartialEq, Eq)]
pub struct Learners(pub Vec<String>);

/// A change to the learner profiles, from the title screen.
#[derive(Message, Clone, Debug, PartialEq, Eq)]
pub enum LearnerEdit {
    /// Make a learner (or pick the existing one of that name) and make them current.
    Add(String),
    /// Rename a learner.
    Rename {
        /// The current name.
        from: String,
        /// The new name.
        to: String,
    },
    /// Delete a learner and everything recorded for them (the screen asked to confirm).
    Delete(String),
}

/// Each scenario's results for the current learner (what the library cards show).
#[derive(Resource, Clone, Debug, Default)]
pub struct LearnerResults {
    /// Whose results these are.
    pub learner: Option<String>,
    /// The store's generation they were read at.
    pub generation: u64,
    /// Per scenario id.
    pub scenarios: Vec<ScenarioResult>,
    /// The scenario id recommended to practise next.
    pub recommended: Option<String>,
    /// How many scenarios were playable when this was worked out.
    playable: usize,
}

/// A call the current learner left unfinished, offered for resuming on the library screen.
#[derive(Resource, Clone, Debug, Default)]
pub struct ResumeOffer(pub Option<UnfinishedCall>);

/// What the resume offer knows of the unfinished call.
#[derive(Clone, Debug)]
pub struct UnfinishedCall {
    /// The scenario file (relative to the scenario folder).
    pub file: PathBuf,
    /// The scenario's title.
    pub title: crate::core::text::Localized,
    /// Answers given before leaving.
    pub turns: usize,
    /// The scenario changed since (or is gone): it cannot resume.
    pub changed: bool,
    /// The saved call.
    pub saved: CallInProgress,
}

/// What the learner chose about an unfinished call.
#[derive(Message, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ResumeAction {
    /// Go back into the call where it was.
    Resume,
    /// Start that scenario afresh.
    StartAgain,
    /// Forget the unfinished call.
    Discard,
}

impl LearnerResults {
    /// The results for a scenario id.
    pub fn of(&self, scenario_id: &str) -> Option<&ScenarioResult> {
        self.scenarios.iter().find(|s| s.scenario_id == scenario_id)
    }
}

/// The learner list from the store; names kept in the settings file move into the store once.
fn load_learners(mut progress: ResMut<Progress>, mut settings: ResMut<Settings>, mut learners: ResMut<Learners>) {
    let Some(store) = progress.store.clone() else {
        learners.0 = settings.learners.clone();
        return;
    };
    let mut failed = None;
    for name in std::mem::take(&mut settings.learners) {
        if let Err(e) = store.add_learner(&name) {
            failed = Some(e);
        }
    }
    match store.learners() {
        Ok(list) => learners.0 = list.into_iter().map(|l| l.name).collect(),
        Err(e) => failed = Some(e),
    }
    if let Some(e) = failed {
        progress.failed(e);
    }
    if settings.learner.as_ref().is_some_and(|l| !learners.0.contains(l)) {
        settings.learner = None;
    }
}

fn edit_learners(
    mut edits: MessageReader<LearnerEdit>,
    mut progress: ResMut<Progress>,
    mut settings: ResMut<Settings>,
    mut learners: ResMut<Learners>,
) {
    for edit in edits.read() {
        let Some(store) = progress.store.clone() else {
            // Without a store the settings file keeps the names.
            match edit {
                LearnerEdit::Add(name) => {
                    settings.add_learner(name);
                }
                LearnerEdit::Rename { from, to } => {
                    if let Some(n) = settings.learners.iter_mut().find(|n| *n == from) {
                        *n = to.trim().to_string();
                    }
                }
                LearnerEdit::Delete(name) => settings.learners.retain(|n| n != name),
            }
            settings.learner = settings.learner.clone().filter(|l| settings.learners.contains(l));
            learners.0 = settings.learners.clone();
            continue;
        };
        let result = match edit {
            LearnerEdit::Add(name) => store.add_learner(name).map(|l| settings.learner = Some(l.name)),
            LearnerEdit::Rename { from, to } => store.rename_learner(from, to).map(|l| {
                if settings.learner.as_ref() == Some(from) {
                    settings.learner = Some(l.name);
                }
            }),
            LearnerEdit::Delete(name) => store.forget_learner(name).map(|_| {
                if settings.learner.as_ref() == Some(name) {
                    settings.learner = None;
                }
            }),
        };
        if let Err(e) = result {
            progress.failed(e);
        }
        if let Ok(list) = store.learners() {
            learners.0 = list.into_iter().map(|l| l.name).collect();
        }
        progress.generation += 1;
    }
}

/// Records every finished call for the current learner.
fn record_finished(
    mut finished: MessageReader<CallFinished>,
    settings: Res<Settings>,
    mut progress: ResMut<Progress>,
    exam: Option<Res<crate::game::exam::ActiveExam>>,
) {
    // An exam's calls are recorded as exam attempts (`game::exam`).
    if exam.is_some() {
        finished.clear();
        return;
    }
    for call in finished.read() {
        let (Some(store), Some(learner)) = (progress.store.clone(), settings.learner.clone()) else { continue };
        let context = AttemptContext {
            learner,
            lang: call.lang,
            mode: Mode::Practice,
            exam: None,
            started_ms: call.started_ms,
            ended_ms: now_ms(),
            thinking_ms: call.decision_ms.clone(),
        };
        match store.record_attempt(&AttemptRecord::new(&context, &call.state, &call.report)) {
            Ok(()) => progress.generation += 1,
            Err(e) => progress.failed(e),
        }
    }
}

/// Saves the call in progress after each decision, so a quit or a crash can resume it.
fn save_in_progress(
    active: Option<Res<ActiveCall>>,
    settings: Res<Settings>,
    mut progress: ResMut<Progress>,
    mut saved: Local<Option<(PathBuf, u64, usize)>>,
    exam: Option<Res<crate::game::exam::ActiveExam>>,
) {
    // An exam call cannot be resumed: it is not saved as a call in progress.
    if exam.is_some() {
        return;
    }
    let Some(active) = active else {
        *saved = None;
        return;
    };
    let (Some(store), Some(learner)) = (progress.store.clone(), settings.learner.clone()) else { return };
    let state = active.call.conversation.state();
    let key = (active.file.clone(), state.seed, state.turns.len());
    if saved.as_ref() == Some(&key) || state.turns.is_empty() || active.call.conversation.is_over() {
        return;
    }
    let call = CallInProgress {
        scenario_file: active.file.to_string_lossy().into_owned(),
        fingerprint: state.scenario_fingerprint,
        lang: active.call.lang,
        mode: Mode::Practice,
        started_ms: active.started_ms,
        state: state.clone(),
        thinking_ms: active.call.decision_ms().to_vec(),
    };
    match store.save_call_in_progress(&learner, &call) {
        Ok(()) => *saved = Some(key),
        Err(e) => progress.failed(e),
    }
}

/// Reads the current learner's results, recommendation and unfinished call when the learner, the
/// store or the library changed.
fn refresh_results(
    settings: Res<Settings>,
    progress: Res<Progress>,
    library: Res<ScenarioLibrary>,
    scenarios: Res<Assets<ScenarioAsset>>,
    mut results: ResMut<LearnerResults>,
    mut offer: ResMut<ResumeOffer>,
) {
    let loaded: Vec<LoadedScenario> =
        library.entries.iter().filter_map(|e| library.playable(&e.path, &scenarios).cloned()).collect();
    if results.learner == settings.learner
        && results.generation == progress.generation
        && results.playable == loaded.len()
        && !progress.is_added()
    {
        return;
    }
    results.learner = settings.learner.clone();
    results.generation = progress.generation;
    results.playable = loaded.len();
    let (Some(store), Some(learner)) = (&progress.store, &settings.learner) else {
        results.scenarios = Vec::new();
        results.recommended = None;
        offer.0 = None;
        return;
    };
    results.scenarios = store.scenario_results(learner).unwrap_or_default();
    results.recommended = store
        .learner(learner)
        .ok()
        .flatten()
        .and_then(|_| ProgressReport::build(store, learner, &offers(&loaded)).ok())
        .or_else(|| {
            // A learner with nothing recorded yet: the rule for a first call.
            let none = crate::core::progress::recommend(&[], &[], &offers(&loaded));
            none.map(|r| ProgressReport {
                learner: learner.clone(),
                attempts: Vec::new(),
                scenarios: Vec::new(),
                mastery: Vec::new(),
                recommendation: Some(r),
            })
        })
        .and_then(|r| r.recommendation)
        .map(|r| r.scenario_id);
    offer.0 = store.call_in_progress(learner).ok().flatten().map(|saved| {
        let file = PathBuf::from(&saved.scenario_file);
        let current = library.playable(&file, &scenarios);
        UnfinishedCall {
            title: current.map(|l| l.scenario.title.clone()).unwrap_or_else(|| {
                crate::core::text::Localized::new(saved.scenario_file.clone(), saved.scenario_file.clone())
            }),
            turns: saved.state.turns.len(),
            changed: current.is_none_or(|l| l.fingerprint != saved.fingerprint),
            file,
            saved,
        }
    });
}

/// Entering the library reads results and the unfinished call again (a call may have been left).
fn reread_on_library(mut results: ResMut<LearnerResults>) {
    results.generation = u64::MAX;
}

/// Resumes, restarts or forgets the unfinished call.
#[allow(clippy::too_many_arguments)] // a Bevy system: each parameter is a resource it reads or writes
fn act_on_unfinished(
    mut actions: MessageReader<ResumeAction>,
    mut offer: ResMut<ResumeOffer>,
    settings: Res<Settings>,
    mut progress: ResMut<Progress>,
    library: Res<ScenarioLibrary>,
    scenarios: Res<Assets<ScenarioAsset>>,
    mut starts: MessageWriter<StartCall>,
    mut commands: Commands,
    mut next: ResMut<NextState<Screen>>,
) {
    for action in actions.read() {
        let Some(call) = offer.0.take() else { continue };
        let learner = settings.learner.clone().unwrap_or_default();
        match action {
            ResumeAction::Resume => {
                let Some(loaded) = library.playable(&call.file, &scenarios).cloned() else { continue };
                let saved = call.saved.clone();
                match CallSession::resume(loaded, saved.state, settings.lang, saved.thinking_ms) {
                    Ok(session) => {
                        commands.insert_resource(ActiveCall {
                            file: call.file.clone(),
                            call: session,
                            stale: false,
                            error: None,
                            started_ms: saved.started_ms,
                        });
                        next.set(Screen::Call);
                    }
                    Err(e) => warn!("cannot resume {}: {e}", call.file.display()),
                }
            }
            ResumeAction::StartAgain => {
                starts.write(StartCall { file: call.file.clone(), seed: None });
            }
            ResumeAction::Discard => {}
        }
        if *action != ResumeAction::Resume
            && let Some(store) = progress.store.clone()
            && let Err(e) = store.clear_call_in_progress(&learner)
        {
            progress.failed(e);
        }
    }
}

/// Learner progress in the game. `location`: where the store is.
pub fn plugin(app: &mut App, location: &StoreLocation) {
    app.insert_resource(Progress::open(location))
        .init_resource::<Learners>()
        .init_resource::<LearnerResults>()
        .init_resource::<ResumeOffer>()
        .add_message::<LearnerEdit>()
        .add_message::<ResumeAction>()
        .add_systems(PostStartup, load_learners)
        .add_systems(OnEnter(Screen::Library), reread_on_library)
        .add_systems(
            Update,
            (edit_learners, record_finished, save_in_progress, refresh_results, act_on_unfinished)
                .chain()
                .after(crate::game::session::SessionSet),
        );
}
