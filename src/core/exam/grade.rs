//! Passing or failing an exam: each scenario against `pass_each` (and any critical choice taken),
//! the whole set against `pass_set` (the mean of each family over its scenarios), with the reasons.

use crate::core::engine::CallState;
use crate::core::exam::set::{ExamSet, Thresholds};
use crate::core::scenario::Scenario;
use crate::core::score::Report;
use serde::Serialize;

/// Why a scenario or the set was failed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, serde::Deserialize)]
pub enum FailReason {
    /// A score below its pass mark.
    BelowThreshold {
        /// "overall", "listening" or "recovery".
        family: String,
        /// The score reached (none: the call offered nothing of that family).
        score: Option<u32>,
        /// The pass mark.
        needed: u32,
    },
    /// A critical choice was taken.
    CriticalChoice {
        /// Its stable id.
        choice_id: String,
    },
    /// The call did not reach an ending.
    NotFinished,
}

/// One scenario's verdict.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ScenarioVerdict {
    /// The scenario.
    pub scenario_id: String,
    /// Passed.
    pub passed: bool,
    /// Overall, listening and recovery scores.
    pub overall: u32,
    /// Listening score.
    pub listening: Option<u32>,
    /// Recovery score.
    pub recovery: Option<u32>,
    /// Why it failed (empty when passed).
    pub reasons: Vec<FailReason>,
}

/// The whole exam's verdict.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ExamVerdict {
    /// Passed: every scenario passed and the set's averages reach `pass_set`.
    pub passed: bool,
    /// Mean overall score over the scenarios.
    pub overall: u32,
    /// Mean listening score over the scenarios that had one.
    pub listening: Option<u32>,
    /// Mean recovery score over the scenarios that had one.
    pub recovery: Option<u32>,
    /// Why the set failed on its averages (empty otherwise).
    pub reasons: Vec<FailReason>,
    /// Each scenario's verdict, in the set's order.
    pub scenarios: Vec<ScenarioVerdict>,
}

fn below(t: &Thresholds, overall: u32, listening: Option<u32>, recovery: Option<u32>) -> Vec<FailReason> {
    let mut out = Vec::new();
    if overall < t.overall {
        out.push(FailReason::BelowThreshold { family: "overall".into(), score: Some(overall), needed: t.overall });
    }
    for (family, needed, score) in [("listening", t.listening, listening), ("recovery", t.recovery, recovery)] {
        if let Some(needed) = needed
            && score.is_none_or(|s| s < needed)
        {
            out.push(FailReason::BelowThreshold { family: family.into(), score, needed });
        }
    }
    out
}

/// Grades one scenario of the exam.
pub fn grade_scenario(set: &ExamSet, scenario: &Scenario, state: &CallState, report: &Report) -> ScenarioVerdict {
    let mut reasons = Vec::new();
    if report.ending.is_none() {
        reasons.push(FailReason::NotFinished);
    }
    for turn in &state.turns {
        let critical =
            scenario.node(turn.node.as_str()).and_then(|n| n.choices.get(turn.chosen)).is_some_and(|c| c.critical);
        if critical {
            reasons.push(FailReason::CriticalChoice { choice_id: turn.choice_id.to_string() });
        }
    }
    reasons.extend(below(&set.pass_each, report.overall, report.listening, report.recovery));
    ScenarioVerdict {
        scenario_id: scenario.id.to_string(),
        passed: reasons.is_empty(),
        overall: report.overall,
        listening: report.listening,
        recovery: report.recovery,
        reasons,
    }
}

/// Grades a scenario from what was recorded of it (its choice ids and scores) — for reports and
/// exports, where no engine state is at hand.
pub fn grade_recorded(
    set: &ExamSet,
    scenario: Option<&Scenario>,
    scenario_id: &str,
    choices: &[String],
    scores: (u32, Option<u32>, Option<u32>),
    finished: bool,
) -> ScenarioVerdict {
    let (overall, listening, recovery) = scores;
    let mut reasons = Vec::new();
    if !finished {
        reasons.push(FailReason::NotFinished);
    }
    if let Some(scenario) = scenario {
        for id in choices {
            let critical = scenario
                .find_choice(&crate::core::ids::ChoiceId::new(id.as_str()))
                .is_some_and(|(node, i)| node.choices[i].critical);
            if critical {
                reasons.push(FailReason::CriticalChoice { choice_id: id.clone() });
            }
        }
    }
    reasons.extend(below(&set.pass_each, overall, listening, recovery));
    ScenarioVerdict {
        scenario_id: scenario_id.to_string(),
        passed: reasons.is_empty(),
        overall,
        listening,
        recovery,
        reasons,
    }
}

fn mean(values: impl Iterator<Item = u32>) -> Option<u32> {
    let values: Vec<u32> = values.collect();
    (!values.is_empty()).then(|| {
        let sum: u64 = values.iter().map(|&v| u64::from(v)).sum();
        ((sum as f64) / values.len() as f64).round() as u32
    })
}

/// Grades the whole set from its scenarios' verdicts.
pub fn grade_set(set: &ExamSet, scenarios: Vec<ScenarioVerdict>) -> ExamVerdict {
    let overall = mean(scenarios.iter().map(|s| s.overall)).unwrap_or(0);
    let listening = mean(scenarios.iter().filter_map(|s| s.listening));
    let recovery = mean(scenarios.iter().filter_map(|s| s.recovery));
    let reasons = below(&set.pass_set, overall, listening, recovery);
    let complete = scenarios.len() == set.scenarios.len();
    let passed = complete && reasons.is_empty() && scenarios.iter().all(|s| s.passed);
    ExamVerdict { passed, overall, listening, recovery, reasons, scenarios }
}
