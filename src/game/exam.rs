//! The exam in the game window: the exam sets of the scenario folder (`exams/`), starting a sitting
//! (the attempt limit from the store), its calls one after the other under the set's rules (its
//! language and timers, no restart, pause only if allowed, no feedback on the way), each finished
//! call graded and recorded as an exam attempt, the result file, and the result screen. The rules
//! and the grading are the core's (`core::exam`); this is the adapter.

use crate::core::call::CallRules;
use crate::core::exam::result::{ExamResultFile, SittingRecord, signing_key};
use crate::core::exam::{ExamSet, ExamVerdict, Sitting, may_sit};
use crate::core::library::load_exam_set;
use crate::core::progress::record::now_ms;
use crate::core::score::Report;
use crate::core::text::Lang;
use crate::game::progress::Progress;
use crate::game::scenario_asset::{ScenarioAsset, ScenarioLibrary};
use crate::game::screen::Screen;
use crate::game::session::{CallFinished, StartCall};
use crate::game::settings::Settings;
use bevy::prelude::*;
use std::path::PathBuf;

/// The exam sets found in the scenario folder's `exams/`, read when the library opens.
#[derive(Resource, Clone, Debug, Default)]
pub struct ExamCatalog {
    /// Each file: its path, the set when it has no errors, and its first error otherwise.
    pub sets: Vec<(PathBuf, Option<ExamSet>, Option<String>)>,
}

/// Starts a sitting of an exam set (its file).
#[derive(Message, Clone, Debug, PartialEq, Eq)]
pub struct StartExam(pub PathBuf);

/// The current call of the exam is over (its ending was seen, or the learner left it).
#[derive(Message, Clone, Copy, Debug, PartialEq, Eq)]
pub struct ExamNext {
    /// The learner left the exam: the scenarios not taken yet are not taken.
    pub abandon: bool,
}

/// A sitting in progress (or just finished, while its result is shown).
#[derive(Resource, Clone, Debug)]
pub struct ActiveExam {
    /// The sitting.
    pub sitting: Sitting,
    /// The scenario being taken.
    pub index: usize,
    /// Each finished call: its seed and choice ids (for the result file).
    pub calls: Vec<(u64, Vec<String>)>,
    /// Each finished call's debrief (shown after the result when the set allows).
    pub debriefs: Vec<Report>,
    /// When the sitting started.
    pub started_ms: i64,
    /// The verdict, once every call is over.
    pub verdict: Option<ExamVerdict>,
    /// Where the result file went, or why it did not.
    pub result_file: Option<String>,
    /// Seed of the current call.
    pub seed: u64,
}

impl ActiveExam {
    /// The rules of the exam's calls.
    pub fn rules(&self) -> CallRules {
        CallRules {
            can_pause: self.sitting.set.allow_pause,
            can_restart: false,
            show_meters: false,
            patience_timers: Some(self.sitting.set.patience_timers),
        }
    }

    /// The language of the exam's calls.
    pub fn lang(&self) -> Lang {
        self.sitting.lang
    }
}

/// Why an exam could not start (shown on the library).
#[derive(Resource, Clone, Debug, Default)]
pub struct ExamProblem(pub Option<String>);

fn read_catalog(library: Res<ScenarioLibrary>, mut catalog: ResMut<ExamCatalog>) {
    // The exam sets of every scenario folder: the shipped ones, then the trainer's.
    let mut files: Vec<PathBuf> = Vec::new();
    for folder in &library.folders.layers {
        let mut found: Vec<PathBuf> = std::fs::read_dir(folder.path.join("exams"))
            .map(|entries| {
                entries
                    .filter_map(Result::ok)
                    .map(|e| e.path())
                    .filter(|p| p.extension().is_some_and(|x| x == "ron"))
                    .collect()
            })
            .unwrap_or_default();
        found.sort();
        files.extend(found);
    }
    catalog.sets = files
        .into_iter()
        .map(|path| {
            let (set, report) = load_exam_set(&path);
            let error = report.diagnostics.iter().find(|d| d.is_error()).map(|d| d.headline());
            (path, set.map(|(s, _)| s), error)
        })
        .collect();
}

/// The library file of a scenario id.
fn file_of(library: &ScenarioLibrary, scenarios: &Assets<ScenarioAsset>, id: &str) -> Option<PathBuf> {
    library
        .entries
        .iter()
        .find(|e| library.playable(&e.path, scenarios).is_some_and(|l| l.scenario.id.as_str() == id))
        .map(|e| e.path.clone())
}

#[allow(clippy::too_many_arguments)] // a Bevy system: each parameter is a resource it reads or writes
fn start_exam(
    mut requests: MessageReader<StartExam>,
    settings: Res<Settings>,
    progress: Res<Progress>,
    library: Res<ScenarioLibrary>,
    scenarios: Res<Assets<ScenarioAsset>>,
    mut problem: ResMut<ExamProblem>,
    mut starts: MessageWriter<StartCall>,
    mut commands: Commands,
) {
    for StartExam(path) in requests.read() {
        let (set, report) = load_exam_set(path);
        let Some((set, loaded)) = set else {
            problem.0 = report.diagnostics.iter().find(|d| d.is_error()).map(|d| d.headline());
            continue;
        };
        let Some(learner) = settings.learner.clone() else {
            problem.0 = Some("choose a learner on the title screen first".into());
            continue;
        };
        if let Some(store) = &progress.store
            && let Err(e) = may_sit(store, &learner, &set)
        {
            problem.0 = Some(format!("{learner}: {e}"));
            continue;
        }
        let sitting = Sitting::new(set, loaded, &learner, settings.lang);
        let seed = sitting.seed(0, crate::core::random::fresh_seed());
        let Some(file) = sitting.scenarios.first().and_then(|l| file_of(&library, &scenarios, l.scenario.id.as_str()))
        else {
            problem.0 = Some("a scenario of this exam is not in the library".into());
            continue;
        };
        problem.0 = None;
        commands.insert_resource(ActiveExam {
            sitting,
            index: 0,
            calls: Vec::new(),
            debriefs: Vec::new(),
            started_ms: now_ms(),
            verdict: None,
            result_file: None,
            seed,
        });
        starts.write(StartCall { file, seed: Some(seed) });
    }
}

/// Grades and records each finished call of the exam.
fn record_exam_call(
    mut finished: MessageReader<CallFinished>,
    exam: Option<ResMut<ActiveExam>>,
    mut progress: ResMut<Progress>,
) {
    let Some(mut exam) = exam else {
        finished.clear();
        return;
    };
    for call in finished.read() {
        let index = exam.index;
        let ids = call.state.turns.iter().map(|t| t.choice_id.to_string()).collect();
        let seed = call.state.seed;
        let (_, attempt) = exam.sitting.finish(
            index,
            &call.state,
            &call.report,
            (call.started_ms, now_ms()),
            call.decision_ms.clone(),
        );
        exam.calls.push((seed, ids));
        exam.debriefs.push(call.report.clone());
        if let Some(store) = progress.store.clone() {
            match store.record_attempt(&attempt) {
                Ok(()) => progress.generation += 1,
                Err(e) => warn!("this exam attempt is not being saved: {e}"),
            }
        }
    }
}

/// Moves the exam on: the next call, or the result when every call is over (or the learner left).
#[allow(clippy::too_many_arguments)] // a Bevy system: each parameter is a resource it reads or writes
fn next_call(
    mut steps: MessageReader<ExamNext>,
    exam: Option<ResMut<ActiveExam>>,
    library: Res<ScenarioLibrary>,
    scenarios: Res<Assets<ScenarioAsset>>,
    progress: Res<Progress>,
    mut starts: MessageWriter<StartCall>,
    mut next: ResMut<NextState<Screen>>,
) {
    let Some(mut exam) = exam else {
        steps.clear();
        return;
    };
    for step in steps.read() {
        exam.index += 1;
        let more = exam.index < exam.sitting.scenarios.len();
        if more && !step.abandon {
            let seed = exam.sitting.seed(exam.index, crate::core::random::fresh_seed());
            let id = exam.sitting.scenarios[exam.index].scenario.id.to_string();
            if let Some(file) = file_of(&library, &scenarios, &id) {
                exam.seed = seed;
                starts.write(StartCall { file, seed: Some(seed) });
                continue;
            }
        }
        let verdict = exam.sitting.verdict();
        exam.result_file = Some(write_result(&exam, &verdict, &progress));
        exam.verdict = Some(verdict);
        next.set(Screen::ExamResult);
    }
}

/// Writes the sitting's result file (signed when `FRONTLINE_SIGNING_KEY` names a key); returns
/// where it went, or why not.
fn write_result(exam: &ActiveExam, verdict: &ExamVerdict, progress: &Progress) -> String {
    let lang =
        serde_json::to_value(exam.sitting.lang).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default();
    let record = SittingRecord {
        set: &exam.sitting.set,
        learner: &exam.sitting.learner,
        sitting: &exam.sitting.id,
        lang: &lang,
        times: (exam.started_ms, now_ms()),
        calls: exam.sitting.scenarios.iter().zip(&exam.calls).map(|(l, (seed, ids))| (l, *seed, ids.clone())).collect(),
        verdict,
    };
    let mut file = ExamResultFile::of(&record);
    if let Some(key) = std::env::var_os("FRONTLINE_SIGNING_KEY")
        .and_then(|p| std::fs::read_to_string(p).ok())
        .as_deref()
        .and_then(signing_key)
    {
        file.sign(&key);
    }
    let Some(folder) = progress.store.as_ref().and_then(|s| s.folder().map(|p| p.join("results"))) else {
        return "no result file: progress is not being saved".into();
    };
    let path = folder.join(format!("{}-{}.json", exam.sitting.set.id, &exam.sitting.id[..8]));
    let written = std::fs::create_dir_all(&folder)
        .and_then(|()| serde_json::to_string_pretty(&file).map_err(std::io::Error::other))
        .and_then(|text| std::fs::write(&path, text + "\n"));
    match written {
        Ok(()) => crate::core::library::display_path(&path),
        Err(e) => format!("the result file could not be written: {e}"),
    }
}

fn end_exam(mut commands: Commands) {
    commands.remove_resource::<ActiveExam>();
}

/// The exam in the game.
pub fn plugin(app: &mut App) {
    app.init_resource::<ExamCatalog>()
        .init_resource::<ExamProblem>()
        .add_message::<StartExam>()
        .add_message::<ExamNext>()
        .add_systems(OnEnter(Screen::Library), (read_catalog, end_exam))
        .add_systems(OnEnter(Screen::Title), end_exam)
        // A debrief is opened from the result page: the sitting is over.
        .add_systems(OnEnter(Screen::Debrief), end_exam)
        .add_systems(Update, start_exam.before(crate::game::session::SessionSet))
        .add_systems(Update, (record_exam_call, next_call).chain().after(crate::game::session::SessionSet));
}
