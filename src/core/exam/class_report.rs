//! The class report of an exam set: one row per learner (their latest sitting), the class's average
//! per technique, where the class goes wrong (per decision, how many chose each option, the most
//! chosen wrong one first), the pass rate, and item analysis as Moodle's quiz statistics do it —
//! per decision the facility (share choosing the best option) and the discrimination (correlation
//! between choosing it and the learner's overall score), negative discrimination flagged with the
//! node's `file:line`.

use crate::core::exam::grade::{FailReason, ScenarioVerdict, grade_recorded, grade_set};
use crate::core::exam::set::ExamSet;
use crate::core::loader::LoadedScenario;
use crate::core::progress::record::AttemptRecord;
use crate::core::score::net_weight;
use crate::core::source_map::{SourceMap, index};
use serde::Serialize;
use std::collections::BTreeMap;

/// One learner's sitting, whatever it was read from (the store or result files).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SittingLine {
    /// The learner.
    pub learner: String,
    /// The sitting's id.
    pub sitting: String,
    /// When it ended (ms since 1970, UTC).
    pub ended_ms: i64,
    /// Sittings the learner used so far.
    pub attempts: u32,
    /// Each scenario's verdict, in the set's order.
    pub scenarios: Vec<ScenarioVerdict>,
    /// Each scenario's choices by id.
    pub choices: Vec<Vec<String>>,
    /// Technique scores over the sitting (technique id → score).
    pub techniques: BTreeMap<String, u32>,
}

/// One row of the report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LearnerRow {
    /// The learner.
    pub learner: String,
    /// Passed the set.
    pub passed: bool,
    /// Mean overall over the set.
    pub overall: u32,
    /// Mean listening.
    pub listening: Option<u32>,
    /// Mean recovery.
    pub recovery: Option<u32>,
    /// Per technique.
    pub techniques: BTreeMap<String, u32>,
    /// Why the learner did not pass (scenario id → reasons; "set" for the set's averages).
    pub reasons: Vec<(String, FailReason)>,
    /// Sittings used.
    pub attempts: u32,
    /// The latest sitting's end (ms since 1970, UTC).
    pub ended_ms: i64,
}

/// One option at one decision.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct OptionCount {
    /// The choice.
    pub choice_id: String,
    /// How many learners took it.
    pub chosen: u32,
    /// It is the best option at its node.
    pub best: bool,
}

/// One decision (a node of a scenario) across the class.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DecisionStats {
    /// The scenario.
    pub scenario_id: String,
    /// The node.
    pub node_id: String,
    /// Where the node is written (`file:line`).
    pub location: String,
    /// Learners who reached it.
    pub reached: u32,
    /// Each option, the most chosen wrong one first, then the others by count.
    pub options: Vec<OptionCount>,
    /// Share of those who reached it who took a best option (0–1).
    pub facility: f64,
    /// Correlation between taking a best option and the overall score (none when undefined).
    pub discrimination: Option<f64>,
    /// Strong learners get it wrong more often than weak ones: review the node.
    pub flagged: bool,
}

/// The class report.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ClassReport {
    /// The exam set's id.
    pub exam_set: String,
    /// One row per learner, by name.
    pub learners: Vec<LearnerRow>,
    /// Share of learners who passed (0–1).
    pub pass_rate: f64,
    /// The class's mean score per technique.
    pub technique_averages: BTreeMap<String, u32>,
    /// Every decision, those the class gets wrong most first.
    pub decisions: Vec<DecisionStats>,
}

/// A sitting line from the store's exam attempts of one sitting (in the set's order).
pub fn line_from_attempts(
    learner: &str,
    attempts_used: u32,
    records: &[AttemptRecord],
    set: &ExamSet,
) -> Option<SittingLine> {
    let first = records.first()?;
    let sitting = first.exam.as_ref()?.sitting.clone();
    let mut scenarios = Vec::new();
    let mut choices = Vec::new();
    let mut sums: BTreeMap<String, (u64, u64)> = BTreeMap::new();
    for entry in &set.scenarios {
        let Some(a) = records.iter().find(|a| a.scenario_id == entry.id) else { continue };
        let mut reasons = Vec::new();
        if a.ending_id.is_none() {
            reasons.push(FailReason::NotFinished);
        }
        scenarios.push(ScenarioVerdict {
            scenario_id: a.scenario_id.to_string(),
            passed: false,
            overall: a.overall,
            listening: a.listening,
            recovery: a.recovery,
            reasons,
        });
        choices.push(a.turns.iter().map(|t| t.choice_id.clone()).collect());
        for t in &a.techniques {
            if let Some(score) = t.score {
                let e = sums.entry(t.technique_id.clone()).or_default();
                e.0 += u64::from(score);
                e.1 += 1;
            }
        }
    }
    let techniques = sums.into_iter().map(|(k, (s, n))| (k, ((s as f64) / (n as f64)).round() as u32)).collect();
    Some(SittingLine {
        learner: learner.to_string(),
        sitting,
        ended_ms: records.iter().map(|a| a.ended_ms).max().unwrap_or(0),
        attempts: attempts_used,
        scenarios,
        choices,
        techniques,
    })
}

/// A sitting line from a result file.
pub fn line_from_result(file: &crate::core::exam::result::ExamResultFile) -> SittingLine {
    SittingLine {
        learner: file.learner.clone(),
        sitting: file.sitting.clone(),
        ended_ms: file.ended_ms,
        attempts: 1,
        scenarios: file
            .scenarios
            .iter()
            .map(|s| ScenarioVerdict {
                scenario_id: s.scenario_id.clone(),
                passed: s.passed,
                overall: s.overall,
                listening: s.listening,
                recovery: s.recovery,
                reasons: s.reasons.iter().filter(|r| **r == FailReason::NotFinished).cloned().collect(),
            })
            .collect(),
        choices: file.scenarios.iter().map(|s| s.choices.clone()).collect(),
        techniques: BTreeMap::new(),
    }
}

/// Keeps each learner's latest sitting, counting their sittings.
pub fn latest_per_learner(lines: Vec<SittingLine>) -> Vec<SittingLine> {
    let mut by: BTreeMap<String, SittingLine> = BTreeMap::new();
    let mut counts: BTreeMap<String, u32> = BTreeMap::new();
    for line in lines {
        *counts.entry(line.learner.clone()).or_default() += 1;
        match by.get(&line.learner) {
            Some(kept) if kept.ended_ms >= line.ended_ms => {}
            _ => {
                by.insert(line.learner.clone(), line);
            }
        }
    }
    by.into_values()
        .map(|mut l| {
            l.attempts = l.attempts.max(counts.get(&l.learner).copied().unwrap_or(1));
            l
        })
        .collect()
}

/// The best choices of a node: the highest net technique weight among its choices.
fn best_choices(node: &crate::core::scenario::Node) -> Vec<String> {
    let best = node.choices.iter().map(net_weight).max().unwrap_or(0);
    (0..node.choices.len())
        .filter(|&i| net_weight(&node.choices[i]) == best)
        .map(|i| crate::core::scenario::Scenario::choice_id(node, i).to_string())
        .collect()
}

fn pearson(xs: &[f64], ys: &[f64]) -> Option<f64> {
    let n = xs.len() as f64;
    if xs.len() < 3 {
        return None;
    }
    let (mx, my) = (xs.iter().sum::<f64>() / n, ys.iter().sum::<f64>() / n);
    let cov: f64 = xs.iter().zip(ys).map(|(x, y)| (x - mx) * (y - my)).sum();
    let vx: f64 = xs.iter().map(|x| (x - mx).powi(2)).sum();
    let vy: f64 = ys.iter().map(|y| (y - my).powi(2)).sum();
    (vx > 0.0 && vy > 0.0).then(|| cov / (vx.sqrt() * vy.sqrt()))
}

/// Builds the report: the sittings are regraded against the set (critical choices included).
pub fn build(set: &ExamSet, scenarios: &[LoadedScenario], sittings: &[SittingLine]) -> ClassReport {
    let mut learners = Vec::new();
    let mut graded: Vec<(SittingLine, u32)> = Vec::new();
    for line in sittings {
        let mut verdicts = Vec::new();
        for (v, choices) in line.scenarios.iter().zip(&line.choices) {
            let scenario = scenarios.iter().find(|l| l.scenario.id.as_str() == v.scenario_id).map(|l| &*l.scenario);
            let finished = !v.reasons.contains(&FailReason::NotFinished);
            verdicts.push(grade_recorded(
                set,
                scenario,
                &v.scenario_id,
                choices,
                (v.overall, v.listening, v.recovery),
                finished,
            ));
        }
        let verdict = grade_set(set, verdicts);
        let mut reasons: Vec<(String, FailReason)> = verdict
            .scenarios
            .iter()
            .flat_map(|s| s.reasons.iter().map(|r| (s.scenario_id.clone(), r.clone())))
            .collect();
        reasons.extend(verdict.reasons.iter().map(|r| ("set".to_string(), r.clone())));
        learners.push(LearnerRow {
            learner: line.learner.clone(),
            passed: verdict.passed,
            overall: verdict.overall,
            listening: verdict.listening,
            recovery: verdict.recovery,
            techniques: line.techniques.clone(),
            reasons,
            attempts: line.attempts,
            ended_ms: line.ended_ms,
        });
        graded.push((line.clone(), verdict.overall));
    }
    learners.sort_by_key(|l| l.learner.to_lowercase());
    let pass_rate = if learners.is_empty() {
        0.0
    } else {
        learners.iter().filter(|l| l.passed).count() as f64 / learners.len() as f64
    };
    let mut technique_sums: BTreeMap<String, (u64, u64)> = BTreeMap::new();
    for l in &learners {
        for (t, s) in &l.techniques {
            let e = technique_sums.entry(t.clone()).or_default();
            e.0 += u64::from(*s);
            e.1 += 1;
        }
    }
    let technique_averages =
        technique_sums.into_iter().map(|(k, (s, n))| (k, ((s as f64) / (n as f64)).round() as u32)).collect();

    let mut decisions = Vec::new();
    for (k, entry) in set.scenarios.iter().enumerate() {
        let Some(loaded) = scenarios.iter().find(|l| l.scenario.id == entry.id) else { continue };
        let map = SourceMap::build(&loaded.text);
        let file = crate::core::library::display_path(&loaded.path);
        for (n, node) in loaded.scenario.nodes.iter().enumerate() {
            if node.choices.is_empty() {
                continue;
            }
            let best = best_choices(node);
            let ids: Vec<String> = (0..node.choices.len())
                .map(|i| crate::core::scenario::Scenario::choice_id(node, i).to_string())
                .collect();
            let mut counts: BTreeMap<&str, u32> = ids.iter().map(|i| (i.as_str(), 0)).collect();
            let (mut xs, mut ys) = (Vec::new(), Vec::new());
            for (line, overall) in &graded {
                let Some(chosen) = line.choices.get(k).and_then(|c| c.iter().find(|id| ids.contains(id))) else {
                    continue;
                };
                *counts.entry(chosen.as_str()).or_default() += 1;
                xs.push(if best.contains(chosen) { 1.0 } else { 0.0 });
                ys.push(f64::from(*overall));
            }
            if xs.is_empty() {
                continue;
            }
            let reached = xs.len() as u32;
            let facility = xs.iter().sum::<f64>() / xs.len() as f64;
            let discrimination = pearson(&xs, &ys);
            let mut options: Vec<OptionCount> = counts
                .into_iter()
                .map(|(id, chosen)| OptionCount {
                    choice_id: id.to_string(),
                    chosen,
                    best: best.iter().any(|b| b == id),
                })
                .collect();
            options
                .sort_by(|a, b| a.best.cmp(&b.best).then(b.chosen.cmp(&a.chosen)).then(a.choice_id.cmp(&b.choice_id)));
            let line = map
                .span(&index("nodes", n))
                .map(|s| crate::core::diagnostic::line_col(&loaded.text, s.start).line)
                .unwrap_or(0);
            decisions.push(DecisionStats {
                scenario_id: loaded.scenario.id.to_string(),
                node_id: node.id.to_string(),
                location: format!("{file}:{line}"),
                reached,
                options,
                facility,
                discrimination,
                flagged: discrimination.is_some_and(|d| d < 0.0),
            });
        }
    }
    decisions.sort_by(|a, b| a.facility.total_cmp(&b.facility).then_with(|| a.location.cmp(&b.location)));
    ClassReport { exam_set: set.id.clone(), learners, pass_rate, technique_averages, decisions }
}
