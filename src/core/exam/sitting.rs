//! One sitting of an exam set: the scenarios in order, each call's seed by the set's policy, every
//! finished call graded and turned into an exam attempt record, and the verdict of the whole set.

use crate::core::engine::CallState;
use crate::core::exam::grade::{ExamVerdict, ScenarioVerdict, grade_scenario, grade_set};
use crate::core::exam::set::ExamSet;
use crate::core::loader::LoadedScenario;
use crate::core::progress::record::{AttemptContext, AttemptRecord, ExamRef, Mode};
use crate::core::progress::{Store, StoreError};
use crate::core::score::Report;
use crate::core::text::Lang;
use std::fmt;

/// Why a learner may not sit the exam now.
#[derive(Debug)]
pub enum SittingRefused {
    /// Every attempt allowed has been used.
    NoAttemptsLeft {
        /// Sittings already started.
        used: u32,
        /// Sittings allowed.
        allowed: u32,
    },
    /// The store could not be read.
    Store(StoreError),
}

impl fmt::Display for SittingRefused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SittingRefused::NoAttemptsLeft { used, allowed } => {
                write!(f, "every attempt allowed has been used ({used} of {allowed})")
            }
            SittingRefused::Store(e) => write!(f, "{e}"),
        }
    }
}

/// Whether `learner` may start a sitting of `set` (its attempt limit, counted from the store).
pub fn may_sit(store: &Store, learner: &str, set: &ExamSet) -> Result<u32, SittingRefused> {
    let used = store.exam_sittings(learner, &set.id).map_err(SittingRefused::Store)?;
    if used >= set.attempts_allowed {
        return Err(SittingRefused::NoAttemptsLeft { used, allowed: set.attempts_allowed });
    }
    Ok(set.attempts_allowed - used)
}

/// A sitting in progress.
#[derive(Clone, Debug)]
pub struct Sitting {
    /// The exam set.
    pub set: ExamSet,
    /// Its scenarios, in order.
    pub scenarios: Vec<LoadedScenario>,
    /// Who sits it.
    pub learner: String,
    /// The language it is taken in.
    pub lang: Lang,
    /// This sitting's id (a UUID shared by its attempts).
    pub id: String,
    verdicts: Vec<ScenarioVerdict>,
}

impl Sitting {
    /// Starts a sitting (the language by the set's policy, from the learner's preference).
    pub fn new(set: ExamSet, scenarios: Vec<LoadedScenario>, learner: &str, preferred: Lang) -> Sitting {
        let lang = set.lang_for(preferred);
        Sitting {
            set,
            scenarios,
            learner: learner.trim().to_string(),
            lang,
            id: uuid::Uuid::new_v4().to_string(),
            verdicts: Vec::new(),
        }
    }

    /// The seed of scenario `index` (`random` is used when the set draws seeds at random).
    pub fn seed(&self, index: usize, random: u64) -> u64 {
        let id = self.scenarios.get(index).map(|l| l.scenario.id.to_string()).unwrap_or_default();
        self.set.seed_for(&self.learner, &id, random)
    }

    /// Grades a finished (or abandoned) call of scenario `index`; returns its verdict and the
    /// attempt to record.
    pub fn finish(
        &mut self,
        index: usize,
        state: &CallState,
        report: &Report,
        times: (i64, i64),
        thinking_ms: Vec<u32>,
    ) -> (ScenarioVerdict, AttemptRecord) {
        let scenario = &self.scenarios[index.min(self.scenarios.len().saturating_sub(1))].scenario;
        let verdict = grade_scenario(&self.set, scenario, state, report);
        let context = AttemptContext {
            learner: self.learner.clone(),
            lang: self.lang,
            mode: Mode::Exam,
            exam: Some(ExamRef { set_id: self.set.id.clone(), sitting: self.id.clone() }),
            started_ms: times.0,
            ended_ms: times.1,
            thinking_ms,
        };
        self.verdicts.push(verdict.clone());
        (verdict, AttemptRecord::new(&context, state, report))
    }

    /// The verdict of the sitting so far (a sitting with scenarios left is not passed).
    pub fn verdict(&self) -> ExamVerdict {
        grade_set(&self.set, self.verdicts.clone())
    }
}
