//! Exact analysis of a scenario for trainers: what every ending takes, the best and worst scores
//! over every playable call, what a learner who does not listen would score, and the smells that
//! make an assessment measure something other than listening.
//!
//! Nothing enumerates paths: [`state_graph`] builds the graph of reachable call states once, and
//! every figure is one or a few passes over it (see [`ratio`] for the exact ratio search). The
//! analysis covers calls where the learner answers before the patience timer runs out (the terminal
//! player, exams without timers); letting the timer run out only lowers patience.

pub mod arbitrary;
pub mod coverage;
pub mod generate;
pub mod on_disk;
pub mod ratio;
pub mod smells;
pub mod state_graph;
pub mod strategy;

use crate::core::analysis::ratio::{Families, Order, Problem, RatioPath};
use crate::core::analysis::state_graph::{Edge, GraphError, StateGraph, Target};
use crate::core::analysis::strategy::{StrategyScore, by_length_score, sampled_score};
use crate::core::engine::{Conversation, EndReason};
use crate::core::exam::Thresholds;
use crate::core::ids::{ChoiceId, NodeId, ScenarioId};
use crate::core::random::{Purpose, draw_in};
use crate::core::scenario::{Outcome, Scenario};
use crate::core::score::{Report, overall_score, percent, score};
use crate::core::technique::{Catalog, Family};
use crate::core::text::Lang;
use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::Arc;

pub use smells::{Smell, SmellKind};

/// Pass marks an exam set asks of this scenario.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ExamRequirement {
    /// The exam set's id.
    pub exam: String,
    /// The marks a sitting of this scenario must reach.
    pub thresholds: Thresholds,
}

/// An inclusive range of scores.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct ScoreRange {
    /// The lowest score any playable call gets.
    pub min: u32,
    /// The highest.
    pub max: u32,
}

/// How an ending can be reached.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct EndingReach {
    /// The ending's id.
    pub id: NodeId,
    /// Its place on the waterfall.
    pub outcome: Outcome,
    /// Some playable call ends here.
    pub reachable: bool,
    /// The choices that lead straight here (after routes), in file order.
    pub reached_by: Vec<ChoiceId>,
    /// A walkout (patience at 0) ends calls here.
    pub by_walkout: bool,
}

/// The best call: the choices to replay it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct BestCall {
    /// The choices by stable id, in order (`frontline play --choice-ids`).
    pub choices: Vec<ChoiceId>,
    /// A seed whose temperament makes this call possible (`frontline play --seed`).
    pub seed: u64,
    /// Temperaments (percent) for which this exact call is possible.
    pub temperament: (u32, u32),
    /// Its overall score.
    pub overall: u32,
    /// Its listening score.
    pub listening: Option<u32>,
    /// Its recovery score.
    pub recovery: Option<u32>,
    /// Its ending.
    pub ending: Option<NodeId>,
}

/// How one technique is used in the scenario.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TechniqueUse {
    /// Its id.
    pub id: String,
    /// Its English name.
    pub name: String,
    /// The family it belongs to.
    pub family: Family,
    /// Choices that show it.
    pub choices_for: u32,
    /// Choices that break it (or commit the anti-pattern).
    pub choices_against: u32,
    /// On the best call: weight earned and opportunities (None when the best call has none).
    pub best_call: Option<(u32, u32)>,
}

/// Whether an exam's pass marks can be met.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ExamCheck {
    /// The exam set's id.
    pub exam: String,
    /// The marks asked.
    pub thresholds: Thresholds,
    /// The best overall score without any critical choice.
    pub best_overall: u32,
    /// Some call without a critical choice meets every mark.
    pub attainable: bool,
    /// When not attainable, why, in a sentence.
    pub reason: Option<String>,
}

/// How often length gives the answer away, in one language.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LengthCue {
    /// The language.
    pub lang: Lang,
    /// Decision nodes with two or more options.
    pub decision_nodes: u32,
    /// Of these, nodes where the best option is the longest (ties count).
    pub best_is_longest: u32,
    /// Of these, nodes where the best option is the shortest (ties count).
    pub best_is_shortest: u32,
}

/// Everything `frontline analyze` says about one scenario.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Analysis {
    /// The scenario's id.
    pub scenario: ScenarioId,
    /// Reachable decision states (the size of the search).
    pub states: usize,
    /// Temperament ranges that behave differently.
    pub temperament_classes: Vec<(u32, u32)>,
    /// False when a loop lets a call go round forever: the figures then cover calls that do not
    /// repeat a state.
    pub exact: bool,
    /// Most choices in one call (over calls that do not repeat a state when not `exact`): every
    /// call of an exact analysis ends within this many choices.
    pub longest_call: u32,
    /// Every ending.
    pub endings: Vec<EndingReach>,
    /// Overall score over every finished call.
    pub overall: ScoreRange,
    /// Listening score over calls that offer listening.
    pub listening: Option<ScoreRange>,
    /// Recovery score over calls that offer recovery.
    pub recovery: Option<ScoreRange>,
    /// The best call.
    pub best_call: Option<BestCall>,
    /// What learners who do not listen would score.
    pub strategies: Vec<StrategyScore>,
    /// Per technique.
    pub techniques: Vec<TechniqueUse>,
    /// Per exam that uses the scenario.
    pub exams: Vec<ExamCheck>,
    /// Length cues per language.
    pub length: Vec<LengthCue>,
    /// What a trainer should fix.
    pub smells: Vec<Smell>,
}

/// Why a scenario could not be analysed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AnalysisError {
    /// The state graph grew past its limit.
    TooLarge {
        /// The limit on states.
        limit: usize,
    },
    /// `Visited`/`NotVisited` conditions mention too many distinct nodes.
    TooManyVisitedNodes {
        /// How many they mention.
        count: usize,
    },
}

impl std::fmt::Display for AnalysisError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            AnalysisError::TooLarge { limit } => write!(
                f,
                "the scenario has more than {limit} distinct call states (meters read by conditions multiply them); \
                 simplify the conditions or split the scenario"
            ),
            AnalysisError::TooManyVisitedNodes { count } => write!(
                f,
                "conditions mention {count} different nodes in Visited/NotVisited (at most {} can be analysed)",
                state_graph::MAX_VISITED_NODES
            ),
        }
    }
}

impl std::error::Error for AnalysisError {}

impl From<GraphError> for AnalysisError {
    fn from(e: GraphError) -> Self {
        match e {
            GraphError::TooManyStates { limit } => AnalysisError::TooLarge { limit },
            GraphError::TooManyVisitedNodes { count } => AnalysisError::TooManyVisitedNodes { count },
        }
    }
}

/// The state graph with its order: what the searches run on.
pub struct Graph {
    /// The states and edges.
    pub graph: StateGraph,
    /// Their order.
    pub order: Order,
}

impl Graph {
    /// Builds it (`walkout: false` for a customer whose patience never runs out).
    pub fn build(scenario: &Scenario, catalog: &Catalog, walkout: bool) -> Result<Graph, AnalysisError> {
        let graph = state_graph::build(scenario, catalog, walkout)?;
        let order = ratio::order(&graph);
        Ok(ratio::renumber(graph, order))
    }

    /// Most choices in one call that repeats no state: a longest path over the states, which are
    /// numbered in topological order (edges that close a loop left out).
    pub fn longest_call(&self) -> u32 {
        let n = self.graph.len();
        let mut longest = vec![0u32; n];
        for s in (0..n).rev() {
            let first = self.graph.first_edge[s] as usize;
            longest[s] = self
                .graph
                .edges_of(s as u32)
                .iter()
                .enumerate()
                .filter(|(k, _)| !self.order.back_edge[first + k])
                .map(|(_, e)| match e.target {
                    Target::State(t) => 1 + longest[t as usize],
                    _ => 1,
                })
                .max()
                .unwrap_or(0);
        }
        self.graph
            .starts
            .iter()
            .map(|(t, _)| match t {
                Target::State(s) => longest[*s as usize],
                _ => 0,
            })
            .max()
            .unwrap_or(0)
    }

    /// Every terminal some edge or start leads to.
    pub fn terminals(&self) -> Vec<Target> {
        let mut out: Vec<Target> = self.graph.starts.iter().map(|(t, _)| *t).collect();
        out.extend(self.graph.edges.iter().map(|e| e.target));
        out.retain(|t| !matches!(t, Target::State(_)));
        out.sort_by_key(target_key);
        out.dedup();
        out
    }

    fn problem<'a>(
        &'a self,
        families: Families,
        accept: &'a dyn Fn(Target) -> bool,
        allow: &'a dyn Fn(&Edge) -> bool,
    ) -> Problem<'a> {
        Problem { graph: &self.graph, order: &self.order, families, accept, allow, before_first: Default::default() }
    }

    /// True when a path takes a critical choice.
    pub fn path_has_critical(&self, path: &RatioPath) -> bool {
        path.edges.iter().any(|&e| self.graph.edges.get(e as usize).is_some_and(|edge| edge.critical))
    }

    /// The stable ids of the choices along a path.
    pub fn choice_ids(&self, scenario: &Scenario, path: &RatioPath) -> Vec<ChoiceId> {
        let mut out = Vec::new();
        let mut at = self.graph.starts.get(path.class).map(|s| s.0);
        for &e in &path.edges {
            let (Some(Target::State(s)), Some(edge)) = (at, self.graph.edges.get(e as usize)) else { break };
            let node = &scenario.nodes[self.graph.states[s as usize].node as usize];
            out.push(Scenario::choice_id(node, edge.choice as usize));
            at = Some(edge.target);
        }
        out
    }
}

fn target_key(t: &Target) -> (u8, u32, u8) {
    match *t {
        Target::State(s) => (0, s, 0),
        Target::Ending { ending, reason } => (1, ending, u8::from(reason == EndReason::Walkout)),
        Target::Stuck(n) => (2, n, 0),
        Target::Runaway(n) => (3, n, 0),
    }
}

fn outcome_of(scenario: &Scenario, t: Target) -> Option<Outcome> {
    match t {
        Target::Ending { ending, .. } => scenario.endings.get(ending as usize).map(|e| e.outcome),
        _ => None,
    }
}

fn any_ending(t: Target) -> bool {
    matches!(t, Target::Ending { .. })
}

fn everything(_: &Edge) -> bool {
    true
}

fn not_critical(e: &Edge) -> bool {
    !e.critical
}

/// The best (or worst) overall score over finished calls, with the call that gets it.
///
/// Per outcome on the waterfall, the best (worst) technique ratio of calls ending there; an outcome
/// is searched only when one pass shows that it can beat the best (worst) found so far.
fn overall_extreme(
    scenario: &Scenario,
    g: &Graph,
    maximize: bool,
    allow: &dyn Fn(&Edge) -> bool,
) -> Option<(u32, Option<RatioPath>)> {
    let terminals = g.terminals();
    let mut outcomes: Vec<Outcome> = terminals.iter().filter_map(|t| outcome_of(scenario, *t)).collect();
    outcomes.sort();
    outcomes.dedup();
    if !maximize {
        outcomes.reverse();
    }
    let mut best: Option<(u32, Option<RatioPath>)> = None;
    for outcome in outcomes {
        let points = outcome.points();
        let accept = move |t: Target| outcome_of(scenario, t) == Some(outcome);
        let problem = g.problem(Families::Both, &accept, allow);
        let found: Option<(u32, Option<RatioPath>)> = if maximize {
            // The lowest technique score that would beat the best so far.
            let needed = match &best {
                None => Some(0),
                Some((b, _)) => (0..=100).find(|&t| overall_score(t, points) > *b),
            };
            match needed {
                None => None,
                Some(0) => match problem.extreme(true) {
                    Some(p) => Some((percent(p.net, p.opportunities).unwrap_or(0), Some(p))),
                    None => problem.has_call_without_opportunity().then_some((0, None)),
                },
                // percent(n, d) ≥ t exactly when n/d ≥ (2t − 1)/200.
                Some(t) => problem
                    .beating(2 * i64::from(t) - 1, 200, true)
                    .map(|start| problem.improve(start, true))
                    .map(|p| (percent(p.net, p.opportunities).unwrap_or(0), Some(p))),
            }
        } else {
            // The highest technique score that would undercut the best so far.
            let allowed = match &best {
                None => Some(100),
                Some((b, _)) => (0..=100).rev().find(|&t| overall_score(t, points) < *b),
            };
            match allowed {
                None => None,
                Some(_) if problem.has_call_without_opportunity() => Some((0, None)),
                // percent(n, d) ≤ t exactly when n/d < (2t + 1)/200.
                Some(t) => problem
                    .beating(2 * i64::from(t) + 1, 200, false)
                    .map(|start| problem.improve(start, false))
                    .map(|p| (percent(p.net, p.opportunities).unwrap_or(0), Some(p))),
            }
        };
        if let Some((techniques, path)) = found {
            let value = overall_score(techniques, points);
            if best.as_ref().is_none_or(|(b, _)| (maximize && value > *b) || (!maximize && value < *b)) {
                best = Some((value, path));
            }
        }
    }
    best
}

fn family_range(g: &Graph, families: Families) -> Option<ScoreRange> {
    let problem = g.problem(families, &any_ending, &everything);
    let max = problem.extreme(true)?;
    let min = problem.extreme(false)?;
    Some(ScoreRange {
        min: percent(min.net, min.opportunities).unwrap_or(0),
        max: percent(max.net, max.opportunities).unwrap_or(0),
    })
}

/// A seed whose drawn temperament lies in `low..=high`.
fn seed_for(scenario: &Scenario, low: u32, high: u32) -> u64 {
    let t = scenario.customer.temperament;
    (0..1_000_000u64)
        .find(|&seed| (low..=high).contains(&draw_in(seed, 0, Purpose::Temperament, t.min, t.max.max(t.min))))
        .unwrap_or(0)
}

/// Plays a call by choice ids in the engine and scores it (the debrief a learner would get).
pub fn replay(scenario: &Scenario, catalog: &Catalog, seed: u64, choices: &[ChoiceId]) -> Option<Report> {
    let (mut conv, _) = Conversation::start(Arc::new(scenario.clone()), seed).ok()?;
    for id in choices {
        conv.select_choice(id).ok()?;
    }
    Some(score(scenario, catalog, conv.state()))
}

/// Analyses one scenario. `exams` are the pass marks of exam sets that use it.
pub fn analyze(scenario: &Scenario, catalog: &Catalog, exams: &[ExamRequirement]) -> Result<Analysis, AnalysisError> {
    let timing = std::env::var_os("FRONTLINE_ANALYSIS_TIMING").is_some();
    let clock = std::time::Instant::now();
    let lap = |what: &str| {
        if timing {
            eprintln!("{:>8.3} s  {what}", clock.elapsed().as_secs_f64());
        }
    };
    let g = Graph::build(scenario, catalog, true)?;
    lap("graph");
    let terminals = g.terminals();

    let best = overall_extreme(scenario, &g, true, &everything);
    let worst = overall_extreme(scenario, &g, false, &everything);
    let overall =
        ScoreRange { min: worst.as_ref().map(|w| w.0).unwrap_or(0), max: best.as_ref().map(|b| b.0).unwrap_or(0) };

    let mut best_report: Option<Report> = None;
    let best_call = best.as_ref().and_then(|(_, path)| path.as_ref()).and_then(|path| {
        let class = g.graph.classes.get(path.class)?;
        let choices = g.choice_ids(scenario, path);
        let seed = seed_for(scenario, class.low, class.high);
        let report = replay(scenario, catalog, seed, &choices)?;
        let call = BestCall {
            choices,
            seed,
            temperament: (class.low, class.high),
            overall: report.overall,
            listening: report.listening,
            recovery: report.recovery,
            ending: report.ending.as_ref().map(|e| e.id.clone()),
        };
        best_report = Some(report);
        Some(call)
    });
    lap("replay");

    // (ending, node, choice) for every choice that leads straight to an ending, in file order.
    let mut direct: Vec<(u32, u32, u32)> = Vec::new();
    for (s, state) in g.graph.states.iter().enumerate() {
        for edge in g.graph.edges_of(s as u32) {
            if let Target::Ending { ending, reason: EndReason::Reached } = edge.target {
                direct.push((ending, state.node, edge.choice));
            }
        }
    }
    direct.sort_unstable();
    direct.dedup();
    let endings = scenario
        .endings
        .iter()
        .enumerate()
        .map(|(k, ending)| {
            let k = k as u32;
            let here = |t: &Target| matches!(t, Target::Ending { ending, .. } if *ending == k);
            let reachable = terminals.iter().any(here);
            let reached_by: Vec<ChoiceId> = direct
                .iter()
                .filter(|(e, _, _)| *e == k)
                .map(|&(_, n, c)| Scenario::choice_id(&scenario.nodes[n as usize], c as usize))
                .collect();
            let by_walkout = terminals
                .iter()
                .any(|t| matches!(t, Target::Ending { ending, reason: EndReason::Walkout } if *ending == k));
            EndingReach { id: ending.id.clone(), outcome: ending.outcome, reachable, reached_by, by_walkout }
        })
        .collect();

    lap("endings");
    let mut strategies = Vec::new();
    for &lang in &scenario.languages {
        strategies.push(by_length_score(scenario, &g.graph, lang, true));
        strategies.push(by_length_score(scenario, &g.graph, lang, false));
    }
    strategies.push(sampled_score(scenario, &g.graph, strategy::Strategy::FirstOnScreen));
    strategies.push(sampled_score(scenario, &g.graph, strategy::Strategy::UniformRandom));

    lap("strategies");
    let techniques = technique_uses(scenario, catalog, best_report.as_ref());
    let best_free = best.as_ref().filter(|(_, p)| p.as_ref().is_some_and(|p| !g.path_has_critical(p)));
    let exam_checks = exams.iter().map(|req| exam_check(scenario, &g, req, best_free)).collect();
    let length = scenario.languages.iter().map(|&lang| smells::length_cue(scenario, lang)).collect();

    let mut analysis = Analysis {
        scenario: scenario.id.clone(),
        states: g.graph.len(),
        temperament_classes: g.graph.classes.iter().map(|c| (c.low, c.high)).collect(),
        exact: !g.order.has_cycle(),
        longest_call: g.longest_call(),
        endings,
        overall,
        listening: family_range(&g, Families::Listening),
        recovery: family_range(&g, Families::Recovery),
        best_call,
        strategies,
        techniques,
        exams: exam_checks,
        length,
        smells: Vec::new(),
    };
    lap("families and exams");
    analysis.smells = smells::find(scenario, catalog, &g, &analysis)?;
    lap("smells");
    Ok(analysis)
}

fn technique_uses(scenario: &Scenario, catalog: &Catalog, best: Option<&Report>) -> Vec<TechniqueUse> {
    let mut counts: BTreeMap<&str, (u32, u32)> = BTreeMap::new();
    for tag in scenario.nodes.iter().flat_map(|n| n.choices.iter()).flat_map(|c| c.techniques.iter()) {
        let entry = counts.entry(tag.id()).or_default();
        if tag.is_shown() {
            entry.0 += 1;
        } else {
            entry.1 += 1;
        }
    }
    let mut out: Vec<TechniqueUse> = counts
        .into_iter()
        .filter_map(|(id, (choices_for, choices_against))| {
            let tech = catalog.get(id)?;
            let best_call = best
                .and_then(|r| r.techniques.iter().find(|t| t.id == id))
                .filter(|t| t.opportunities > 0)
                .map(|t| (t.earned, t.opportunities));
            Some(TechniqueUse {
                id: id.to_string(),
                name: tech.name.en.clone(),
                family: tech.family,
                choices_for,
                choices_against,
                best_call,
            })
        })
        .collect();
    out.sort_by_key(|t| crate::core::technique::id_order(&t.id));
    out
}

/// `best_free`: the best overall call when it has no critical choice (then it is also the best
/// call without one, and needs no new search).
fn exam_check(
    scenario: &Scenario,
    g: &Graph,
    req: &ExamRequirement,
    best_free: Option<&(u32, Option<RatioPath>)>,
) -> ExamCheck {
    let th = req.thresholds;
    let best = match best_free {
        Some(b) => Some(b.clone()),
        None => overall_extreme(scenario, g, true, &not_critical),
    };
    let best_overall = best.as_ref().map(|b| b.0).unwrap_or(0);
    let family_max = |families: Families| {
        g.problem(families, &any_ending, &not_critical)
            .extreme(true)
            .map(|p| percent(p.net, p.opportunities).unwrap_or(0))
    };
    let mut reasons = Vec::new();
    if best_overall < th.overall {
        reasons.push(format!(
            "the best call without a critical choice scores {best_overall} overall (pass mark {})",
            th.overall
        ));
    }
    for (mark, families, name) in
        [(th.listening, Families::Listening, "listening"), (th.recovery, Families::Recovery, "recovery")]
    {
        if let Some(mark) = mark {
            let max = family_max(families).unwrap_or(0);
            if max < mark {
                reasons.push(format!("no call scores more than {max} in {name} (pass mark {mark})"));
            }
        }
    }
    // Every mark alone can be met; check that one call meets them together: the best overall call.
    if reasons.is_empty()
        && let Some((_, Some(path))) = &best
    {
        let (mut ln, mut lo, mut rn, mut ro) = (0i64, 0i64, 0i64, 0i64);
        for &e in &path.edges {
            if let Some(edge) = g.graph.edges.get(e as usize) {
                ln += i64::from(edge.gain.listening_net);
                lo += i64::from(edge.gain.listening_opportunities);
                rn += i64::from(edge.gain.recovery_net);
                ro += i64::from(edge.gain.recovery_opportunities);
            }
        }
        let l = percent(ln, lo);
        let r = percent(rn, ro);
        let fails = th.listening.is_some_and(|m| l.is_some_and(|l| l < m))
            || th.recovery.is_some_and(|m| r.is_some_and(|r| r < m));
        if fails {
            reasons.push(
                "each mark can be met alone, but the best overall call misses a family mark; check that one call can meet all"
                    .into(),
            );
        }
    }
    ExamCheck {
        exam: req.exam.clone(),
        thresholds: th,
        best_overall,
        attainable: reasons.is_empty(),
        reason: (!reasons.is_empty()).then(|| reasons.join("; ")),
    }
}
