//! What is stored of a finished call (an attempt): who, which scenario version, how it went, every
//! turn, hesitation and technique result. Built from the engine's state and the scoring report.

use crate::core::engine::{CallState, EndReason};
use crate::core::fingerprint::Fingerprint;
use crate::core::ids::ScenarioId;
use crate::core::scenario::Outcome;
use crate::core::score::Report;
use crate::core::technique::Family;
use crate::core::text::Lang;
use serde::{Deserialize, Serialize};

/// Practice (the default) or a certification exam.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    /// Free practice.
    Practice,
    /// An exam attempt.
    Exam,
}

impl Mode {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Practice => "practice",
            Mode::Exam => "exam",
        }
    }

    /// Parses the stored name.
    pub fn parse(text: &str) -> Option<Mode> {
        match text {
            "practice" => Some(Mode::Practice),
            "exam" => Some(Mode::Exam),
            _ => None,
        }
    }
}

/// The exam an attempt belongs to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExamRef {
    /// The exam set's id.
    pub set_id: String,
    /// The sitting (a UUID shared by the attempts of one pass through the set).
    pub sitting: String,
}

/// One decision of an attempt.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TurnRecord {
    /// The node where it was taken.
    pub node_id: String,
    /// The stable id of the choice taken.
    pub choice_id: String,
    /// The option's text as shown, in the attempt's language.
    pub said: String,
    /// Techniques it showed.
    pub shows: Vec<String>,
    /// Techniques (anti-patterns) it broke.
    pub breaks: Vec<String>,
    /// Mood, patience, valued, solved after it.
    pub meters_after: [i32; 4],
    /// How long the learner thought before choosing, when known.
    pub thinking_ms: Option<u32>,
}

/// A time the learner let the patience timer run out.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HesitationRecord {
    /// The node where it happened.
    pub node_id: String,
    /// Patience before and after.
    pub patience_before: i32,
    /// Patience after the drain.
    pub patience_after: i32,
    /// The customer left because of it.
    pub walked_out: bool,
}

/// One technique's result in an attempt.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TechniqueRecord {
    /// Catalog id.
    pub technique_id: String,
    /// Its family.
    pub family: Family,
    /// Points the attempt offered.
    pub opportunities: u32,
    /// Points earned.
    pub earned: u32,
    /// Points lost to anti-patterns scored in this family.
    pub penalty: u32,
    /// Times an anti-pattern was chosen.
    pub violations: u32,
    /// The technique's score 0–100, when it had opportunities.
    pub score: Option<u32>,
}

/// A finished call, as stored.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttemptRecord {
    /// A UUID (v4).
    pub id: String,
    /// The learner's display name.
    pub learner: String,
    /// The scenario.
    pub scenario_id: ScenarioId,
    /// The scenario version played.
    pub fingerprint: Fingerprint,
    /// The call's seed.
    pub seed: u64,
    /// The language it was played in.
    pub lang: Lang,
    /// Practice or exam.
    pub mode: Mode,
    /// The exam and sitting, for an exam attempt.
    #[serde(default)]
    pub exam: Option<ExamRef>,
    /// Start and end, milliseconds since 1970 (UTC).
    pub started_ms: i64,
    /// End of the call.
    pub ended_ms: i64,
    /// The ending reached (none when the call did not finish).
    pub ending_id: Option<String>,
    /// Place on the waterfall.
    pub outcome: Option<Outcome>,
    /// The customer left without a word.
    pub silent_exit: bool,
    /// Why it ended.
    pub end_reason: Option<EndReason>,
    /// Listening score.
    pub listening: Option<u32>,
    /// Service-recovery score.
    pub recovery: Option<u32>,
    /// Technique score.
    pub techniques_score: u32,
    /// Overall score.
    pub overall: u32,
    /// Every decision.
    pub turns: Vec<TurnRecord>,
    /// Every hesitation.
    pub hesitations: Vec<HesitationRecord>,
    /// Every technique's result.
    pub techniques: Vec<TechniqueRecord>,
}

/// The facts about a finished call that the engine's state and report do not hold.
#[derive(Clone, Debug)]
pub struct AttemptContext {
    /// The learner's display name.
    pub learner: String,
    /// The language it was played in.
    pub lang: Lang,
    /// Practice or exam.
    pub mode: Mode,
    /// The exam and sitting, for an exam attempt.
    pub exam: Option<ExamRef>,
    /// When the call started (ms since 1970, UTC).
    pub started_ms: i64,
    /// When it ended.
    pub ended_ms: i64,
    /// Thinking time before each decision, in order (may be shorter than the turns).
    pub thinking_ms: Vec<u32>,
}

impl AttemptRecord {
    /// The record of a finished call, with a new id.
    pub fn new(context: &AttemptContext, state: &CallState, report: &Report) -> AttemptRecord {
        let lang = context.lang;
        let turns = report
            .turns
            .iter()
            .enumerate()
            .map(|(i, t)| TurnRecord {
                node_id: t.node.to_string(),
                choice_id: t.choice_id.to_string(),
                said: t.said.learner(lang),
                shows: t.shows.clone(),
                breaks: t.breaks.clone(),
                meters_after: [
                    t.meters_after.mood,
                    t.meters_after.patience,
                    t.meters_after.valued,
                    t.meters_after.solved,
                ],
                thinking_ms: context.thinking_ms.get(i).copied(),
            })
            .collect();
        let hesitations = state
            .hesitations
            .iter()
            .map(|h| HesitationRecord {
                node_id: h.node.to_string(),
                patience_before: h.patience_before,
                patience_after: h.patience_after,
                walked_out: h.walked_out,
            })
            .collect();
        let techniques = report
            .techniques
            .iter()
            .map(|t| TechniqueRecord {
                technique_id: t.id.clone(),
                family: t.family,
                opportunities: t.opportunities,
                earned: t.earned,
                penalty: t.penalty,
                violations: t.violations,
                score: t.score,
            })
            .collect();
        AttemptRecord {
            id: uuid::Uuid::new_v4().to_string(),
            learner: context.learner.clone(),
            scenario_id: state.scenario_id.clone(),
            fingerprint: state.scenario_fingerprint,
            seed: state.seed,
            lang,
            mode: context.mode,
            exam: context.exam.clone(),
            started_ms: context.started_ms,
            ended_ms: context.ended_ms,
            ending_id: report.ending.as_ref().map(|e| e.id.to_string()),
            outcome: report.ending.as_ref().map(|e| e.outcome),
            silent_exit: report.ending.as_ref().is_some_and(|e| e.silent_exit),
            end_reason: report.ending.as_ref().map(|e| e.reason),
            listening: report.listening,
            recovery: report.recovery,
            techniques_score: report.techniques_score,
            overall: report.overall,
            turns,
            hesitations,
            techniques,
        }
    }
}

/// Milliseconds since 1970 (UTC), now.
pub fn now_ms() -> i64 {
    jiff::Timestamp::now().as_millisecond()
}
