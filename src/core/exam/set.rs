//! An exam set: a certification session a trainer writes in RON (`scenarios/exams/*.ron`) — which
//! scenarios (optionally pinned to a fingerprint), how seeds and the language are chosen, the pass
//! thresholds, attempts allowed, whether feedback is shown, and patience timers for everyone.

use crate::core::fingerprint::Fingerprint;
use crate::core::ids::ScenarioId;
use crate::core::text::{Lang, Localized};
use serde::{Deserialize, Serialize};

/// An exam set.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExamSet {
    /// Stable id (letters, digits, `_`, `-`); results and attempts refer to it.
    pub id: String,
    /// Title in both languages.
    pub title: Localized,
    /// What the learner is told before starting.
    pub instructions: Localized,
    /// The scenarios, in the order they are taken.
    pub scenarios: Vec<ExamScenario>,
    /// Where each call's seed comes from.
    #[serde(default)]
    pub seeds: SeedPolicy,
    /// The language of the exam.
    #[serde(default)]
    pub language: LanguagePolicy,
    /// What each scenario must reach to pass.
    pub pass_each: Thresholds,
    /// What the whole set must reach (averages over its scenarios) to pass.
    pub pass_set: Thresholds,
    /// How many times a learner may sit the exam.
    #[serde(default = "one")]
    pub attempts_allowed: u32,
    /// Show the debrief (feedback on every choice) after the exam.
    #[serde(default)]
    pub show_feedback: bool,
    /// Patience timers, the same for everyone (not a learner setting).
    #[serde(default = "yes")]
    pub patience_timers: bool,
    /// The learner may pause a call.
    #[serde(default)]
    pub allow_pause: bool,
}

fn one() -> u32 {
    1
}

fn yes() -> bool {
    true
}

/// One scenario of an exam set.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExamScenario {
    /// The scenario's id (in the scenario folder the exam set's folder sits in).
    pub id: ScenarioId,
    /// The exact version required (`frontline check` prints it): a changed scenario is then an
    /// error, so a class never takes a silently edited exam.
    #[serde(default)]
    pub fingerprint: Option<String>,
}

/// Where a call's seed comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum SeedPolicy {
    /// The same seed for everyone (every learner gets the same option order and line variants).
    Fixed(u64),
    /// A seed derived from the learner's name and the set (the same learner always gets the same).
    #[default]
    PerLearner,
    /// A new seed each time.
    Random,
}

/// The language of an exam.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum LanguagePolicy {
    /// Everyone takes it in this language.
    Fixed(Lang),
    /// The learner chooses.
    #[default]
    LearnerChoice,
}

/// Pass thresholds (0–100); a family left out is not required.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Thresholds {
    /// Overall score.
    pub overall: u32,
    /// Listening score.
    #[serde(default)]
    pub listening: Option<u32>,
    /// Service-recovery score.
    #[serde(default)]
    pub recovery: Option<u32>,
}

impl ExamSet {
    /// The pinned fingerprint of a scenario, when the set pins one and it is well formed.
    pub fn pinned(&self, scenario: &str) -> Option<Fingerprint> {
        self.scenarios
            .iter()
            .find(|s| s.id.as_str() == scenario)
            .and_then(|s| s.fingerprint.as_deref())
            .and_then(Fingerprint::from_hex)
    }

    /// The seed of a scenario's call for a learner, by the set's policy (`random` is used for
    /// [`SeedPolicy::Random`]).
    pub fn seed_for(&self, learner: &str, scenario: &str, random: u64) -> u64 {
        match self.seeds {
            SeedPolicy::Fixed(seed) => seed,
            SeedPolicy::Random => random,
            SeedPolicy::PerLearner => {
                use sha2::{Digest, Sha256};
                let digest = Sha256::digest(format!("{}\u{0}{}\u{0}{}", self.id, learner.trim(), scenario));
                let mut bytes = [0u8; 8];
                bytes.copy_from_slice(&digest[..8]);
                u64::from_le_bytes(bytes)
            }
        }
    }

    /// The language of the exam for a learner who prefers `preferred`.
    pub fn lang_for(&self, preferred: Lang) -> Lang {
        match self.language {
            LanguagePolicy::Fixed(lang) => lang,
            LanguagePolicy::LearnerChoice => preferred,
        }
    }
}
