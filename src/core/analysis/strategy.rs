//! What a learner who does not listen would score: always the longest option, always the shortest,
//! always the first on screen, or any option at random.

use crate::core::analysis::state_graph::{Edge, StateGraph, Target};
use crate::core::random::{Purpose, draw_in, shuffle};
use crate::core::scenario::Scenario;
use crate::core::score::{overall_score, percent};
use crate::core::text::Lang;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::Serialize;

/// Seeded calls the sampled strategies play (seeds 1 to this).
pub const SAMPLED_CALLS: u64 = 1000;

/// A way of choosing without listening.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Strategy {
    /// Always the option with the most characters (the first in the file on a tie).
    Longest,
    /// Always the option with the fewest characters.
    Shortest,
    /// Always the first option on screen (options are shuffled per call).
    FirstOnScreen,
    /// Any offered option, uniformly at random.
    UniformRandom,
}

impl Strategy {
    /// The name a trainer reads.
    pub fn label(self) -> &'static str {
        match self {
            Strategy::Longest => "always the longest option",
            Strategy::Shortest => "always the shortest option",
            Strategy::FirstOnScreen => "always the first option on screen",
            Strategy::UniformRandom => "an option at random",
        }
    }
}

/// How a strategy scores.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StrategyScore {
    /// The strategy.
    pub strategy: Strategy,
    /// The language whose lengths it compares (length strategies only).
    pub lang: Option<Lang>,
    /// Lowest overall score it gets (over temperaments, or over the sample).
    pub overall_low: u32,
    /// Highest overall score it gets.
    pub overall_high: u32,
    /// Mean overall score (over temperament classes weighted by their width, or over the sample).
    pub overall_mean: f64,
    /// How it was computed, in a sentence.
    pub method: String,
    /// Calls that did not finish (stuck, or going round forever).
    pub unfinished: u32,
}

/// The result of one walk.
struct Walk {
    overall: u32,
    finished: bool,
}

fn walk(
    scenario: &Scenario,
    graph: &StateGraph,
    class: usize,
    pick: &mut dyn FnMut(u32, u32, &[Edge]) -> usize,
) -> Walk {
    let (mut at, mut step) = graph.starts[class];
    let (mut net, mut opp) = (0i64, 0i64);
    let mut guard = graph.len() + 1;
    while let Target::State(s) = at {
        if guard == 0 {
            return Walk { overall: 0, finished: false };
        }
        guard -= 1;
        let edges = graph.edges_of(s);
        let Some(edge) = edges.get(pick(s, step, edges)) else { return Walk { overall: 0, finished: false } };
        net += i64::from(edge.gain.listening_net) + i64::from(edge.gain.recovery_net);
        opp += i64::from(edge.gain.listening_opportunities) + i64::from(edge.gain.recovery_opportunities);
        step = step.saturating_add(edge.hops);
        at = edge.target;
    }
    let techniques = percent(net, opp).unwrap_or(0);
    match at {
        Target::Ending { ending, .. } => {
            let points = scenario.endings.get(ending as usize).map(|e| e.outcome.points()).unwrap_or(0);
            Walk { overall: overall_score(techniques, points), finished: true }
        }
        _ => Walk { overall: overall_score(techniques, 0), finished: false },
    }
}

fn by_length(scenario: &Scenario, graph: &StateGraph, s: u32, edges: &[Edge], lang: Lang, longest: bool) -> usize {
    let node = &scenario.nodes[graph.states[s as usize].node as usize];
    let mut best: Option<(usize, usize)> = None;
    for (k, edge) in edges.iter().enumerate() {
        let len = node.choices.get(edge.choice as usize).map(|c| c.text.learner(lang).chars().count()).unwrap_or(0);
        let better = match best {
            None => true,
            Some((_, b)) => (longest && len > b) || (!longest && len < b),
        };
        if better {
            best = Some((k, len));
        }
    }
    best.map(|(k, _)| k).unwrap_or(0)
}

/// The length strategies in `lang`, exactly: one walk per temperament class.
pub fn by_length_score(scenario: &Scenario, graph: &StateGraph, lang: Lang, longest: bool) -> StrategyScore {
    let mut scores = Vec::new();
    let mut unfinished = 0;
    for class in 0..graph.classes.len() {
        let w = walk(scenario, graph, class, &mut |s, _, edges| by_length(scenario, graph, s, edges, lang, longest));
        if !w.finished {
            unfinished += 1;
        }
        let c = graph.classes[class];
        scores.push((w.overall, u64::from(c.high - c.low + 1)));
    }
    let total: u64 = scores.iter().map(|(_, w)| w).sum::<u64>().max(1);
    let mean = scores.iter().map(|(s, w)| f64::from(*s) * *w as f64).sum::<f64>() / total as f64;
    StrategyScore {
        strategy: if longest { Strategy::Longest } else { Strategy::Shortest },
        lang: Some(lang),
        overall_low: scores.iter().map(|s| s.0).min().unwrap_or(0),
        overall_high: scores.iter().map(|s| s.0).max().unwrap_or(0),
        overall_mean: (mean * 10.0).round() / 10.0,
        method: "exact: one call per temperament class".into(),
        unfinished,
    }
}

fn class_of(scenario: &Scenario, graph: &StateGraph, seed: u64) -> usize {
    let t = scenario.customer.temperament;
    let drawn = draw_in(seed, 0, Purpose::Temperament, t.min, t.max.max(t.min));
    graph.classes.iter().position(|c| (c.low..=c.high).contains(&drawn)).unwrap_or(0)
}

/// The sampled strategies: the same seeded calls a learner would get (seeds 1 to [`SAMPLED_CALLS`]).
pub fn sampled_score(scenario: &Scenario, graph: &StateGraph, strategy: Strategy) -> StrategyScore {
    let mut scores = Vec::new();
    let mut unfinished = 0;
    for seed in 1..=SAMPLED_CALLS {
        let class = class_of(scenario, graph, seed);
        let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x5eed_f00d);
        let w = walk(scenario, graph, class, &mut |_, step, edges| match strategy {
            Strategy::FirstOnScreen => {
                // The engine shuffles the offered choices (file order) with the seed and the step.
                let mut order: Vec<usize> = (0..edges.len()).collect();
                shuffle(seed, step, Purpose::OptionOrder, &mut order);
                order.first().copied().unwrap_or(0)
            }
            _ => rng.random_range(0..edges.len().max(1)),
        });
        if !w.finished {
            unfinished += 1;
        }
        scores.push(w.overall);
    }
    let mean = scores.iter().map(|&s| f64::from(s)).sum::<f64>() / scores.len().max(1) as f64;
    StrategyScore {
        strategy,
        lang: None,
        overall_low: scores.iter().copied().min().unwrap_or(0),
        overall_high: scores.iter().copied().max().unwrap_or(0),
        overall_mean: (mean * 10.0).round() / 10.0,
        method: format!("mean of {SAMPLED_CALLS} seeded calls (seeds 1–{SAMPLED_CALLS})"),
        unfinished,
    }
}
