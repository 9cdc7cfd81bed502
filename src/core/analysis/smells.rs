//! Smells: what makes a scenario measure something other than listening, or read wrongly, each
//! placed at the node, choice or ending a trainer should fix.

use crate::core::analysis::state_graph::Target;
use crate::core::analysis::strategy::Strategy;
use crate::core::analysis::{Analysis, AnalysisError, Graph, LengthCue};
use crate::core::diagnostic::Diagnostic;
use crate::core::engine::{best_offered, scale_loss};
use crate::core::meters::{Meter, Meters};
use crate::core::scenario::{Choice, Node, Outcome, Scenario};
use crate::core::score::net_weight;
use crate::core::source_map::SourceMap;
use crate::core::technique::{Catalog, Family};
use crate::core::text::Lang;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashSet};

/// The best option may be the longest in at most this share of decision nodes (percent).
pub const LENGTH_BIAS_PERCENT: u32 = 40;
/// A strategy that does not listen may score at most this overall.
pub const STRATEGY_LIMIT: u32 = 35;

/// What kind of problem a smell is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SmellKind {
    /// The best option is the longest too often.
    LengthBias,
    /// A strategy that picks by length (without listening) scores too well.
    StrategyWins,
    /// A technique shown on an option that is not the best: the perfect call cannot earn it.
    UnearnableOpportunity,
    /// A choice better on every technique leads to a worse ending than a weaker one.
    BetterChoiceWorseEnding,
    /// Something designed is reachable only if patience never ran out.
    WalkoutUnreachable,
    /// Something no call reaches at all.
    Unreachable,
    /// Every option at a node is tagged the same.
    EquivalentOptions,
    /// A technique only ever shown, or only ever broken.
    OneSidedTechnique,
    /// An ending's outcome disagrees with the meters of calls that reach it.
    EndingContradictsMeters,
    /// A text too long for one screen.
    TextTooLong,
    /// A call can get stuck: no option or route holds.
    Stuck,
    /// A call can go round a loop forever.
    EndlessLoop,
    /// An exam's pass marks cannot be met.
    ExamUnattainable,
}

impl SmellKind {
    /// The code shown in brackets, as the checker's codes are.
    pub fn code(self) -> &'static str {
        match self {
            SmellKind::LengthBias => "length-bias",
            SmellKind::StrategyWins => "strategy-wins",
            SmellKind::UnearnableOpportunity => "unearnable-opportunity",
            SmellKind::BetterChoiceWorseEnding => "better-choice-worse-ending",
            SmellKind::WalkoutUnreachable => "walkout-unreachable",
            SmellKind::Unreachable => "unreachable",
            SmellKind::EquivalentOptions => "equivalent-options",
            SmellKind::OneSidedTechnique => "one-sided-technique",
            SmellKind::EndingContradictsMeters => "ending-contradicts-meters",
            SmellKind::TextTooLong => "text-too-long",
            SmellKind::Stuck => "stuck",
            SmellKind::EndlessLoop => "endless-loop",
            SmellKind::ExamUnattainable => "exam-unattainable",
        }
    }
}

/// One thing a trainer should fix.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Smell {
    /// What kind.
    pub kind: SmellKind,
    /// Where, as a path into the file (`nodes[3].choices[1]`).
    pub path: String,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub help: String,
}

impl Smell {
    fn new(kind: SmellKind, path: impl Into<String>, message: impl Into<String>, help: impl Into<String>) -> Smell {
        Smell { kind, path: path.into(), message: message.into(), help: help.into() }
    }

    /// The smell as a warning placed at `file:line:col` in the scenario's text.
    pub fn diagnostic(&self, file: &str, text: &str, map: &SourceMap) -> Diagnostic {
        let d = Diagnostic::warning(self.kind.code(), file, self.message.clone()).help(self.help.clone());
        match map.span(&self.path) {
            Some(span) => d.at(text, span),
            None => d,
        }
    }
}

fn choice_path(n: usize, c: usize) -> String {
    format!("nodes[{n}].choices[{c}]")
}

fn choice_name(node: &Node, c: usize) -> String {
    Scenario::choice_id(node, c).to_string()
}

/// Width on screen: a CJK or full-width character counts as two.
pub fn display_width(text: &str) -> usize {
    text.chars().map(|c| if is_wide(c) { 2 } else { 1 }).sum()
}

fn is_wide(c: char) -> bool {
    matches!(c as u32, 0x1100..=0x115F | 0x2E80..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6)
}

/// Longest a text of each kind may be (display width) before it no longer fits one screen.
pub const MAX_WIDTH_LINE: usize = 500;
/// For an option.
pub const MAX_WIDTH_OPTION: usize = 280;
/// For feedback.
pub const MAX_WIDTH_FEEDBACK: usize = 560;
/// For an ending.
pub const MAX_WIDTH_ENDING: usize = 700;

/// How often the best option is the longest (and the shortest) in `lang`.
pub fn length_cue(scenario: &Scenario, lang: Lang) -> LengthCue {
    let mut cue = LengthCue { lang, decision_nodes: 0, best_is_longest: 0, best_is_shortest: 0 };
    for node in scenario.nodes.iter().filter(|n| n.choices.len() >= 2) {
        let all: Vec<usize> = (0..node.choices.len()).collect();
        let Some((_, best)) = best_offered(node, &all) else { continue };
        let lens: Vec<usize> = node.choices.iter().map(|c| c.text.learner(lang).chars().count()).collect();
        let best_len = lens[best];
        cue.decision_nodes += 1;
        if lens.iter().all(|&l| l <= best_len) {
            cue.best_is_longest += 1;
        }
        if lens.iter().all(|&l| l >= best_len) {
            cue.best_is_shortest += 1;
        }
    }
    cue
}

/// Every smell in a scenario, given its analysis so far.
pub fn find(
    scenario: &Scenario,
    catalog: &Catalog,
    g: &Graph,
    analysis: &Analysis,
) -> Result<Vec<Smell>, AnalysisError> {
    let mut out = Vec::new();
    length_smells(scenario, analysis, &mut out);
    unearnable(scenario, catalog, &mut out);
    better_choice_worse_ending(scenario, g, &mut out);
    reachability(scenario, catalog, g, &mut out)?;
    equivalent_options(scenario, &mut out);
    one_sided(scenario, catalog, &mut out);
    ending_meters(scenario, g, &mut out);
    too_long(scenario, &mut out);
    dead_ends(scenario, g, &mut out);
    for exam in analysis.exams.iter().filter(|e| !e.attainable) {
        out.push(Smell::new(
            SmellKind::ExamUnattainable,
            "id",
            format!(
                "exam `{}` cannot be passed on this scenario: {}",
                exam.exam,
                exam.reason.clone().unwrap_or_default()
            ),
            "lower the exam's pass marks, or make a full-marks path possible (see the best call)",
        ));
    }
    Ok(out)
}

fn length_smells(scenario: &Scenario, analysis: &Analysis, out: &mut Vec<Smell>) {
    for cue in &analysis.length {
        if cue.decision_nodes > 0 && cue.best_is_longest * 100 > LENGTH_BIAS_PERCENT * cue.decision_nodes {
            let nodes: Vec<String> = scenario
                .nodes
                .iter()
                .filter(|n| n.choices.len() >= 2)
                .filter(|n| {
                    let all: Vec<usize> = (0..n.choices.len()).collect();
                    best_offered(n, &all).is_some_and(|(_, b)| {
                        let len = |c: &Choice| c.text.learner(cue.lang).chars().count();
                        n.choices.iter().all(|c| len(c) <= len(&n.choices[b]))
                    })
                })
                .map(|n| format!("`{}`", n.id))
                .collect();
            out.push(Smell::new(
                SmellKind::LengthBias,
                "nodes",
                format!(
                    "in {}, the best option is also the longest in {} of {} decision nodes (more than {LENGTH_BIAS_PERCENT} %): {}",
                    cue.lang.code(),
                    cue.best_is_longest,
                    cue.decision_nodes,
                    nodes.join(", ")
                ),
                "write some good options short (\"Go on, I'm listening.\") and some wrong ones long, polite and plausible",
            ));
        }
    }
    for s in &analysis.strategies {
        if matches!(s.strategy, Strategy::Longest | Strategy::Shortest) && s.overall_high > STRATEGY_LIMIT {
            out.push(Smell::new(
                SmellKind::StrategyWins,
                "nodes",
                format!(
                    "choosing {} ({}) without reading scores {} overall (at most {STRATEGY_LIMIT} expected)",
                    s.strategy.label(),
                    s.lang.map(|l| l.code()).unwrap_or(""),
                    s.overall_high
                ),
                "vary which option is longest: the length of an option must not give the answer away",
            ));
        }
    }
}

/// Signed weight per technique: shown minus broken.
fn signed(choice: &Choice) -> BTreeMap<&str, i64> {
    let mut out: BTreeMap<&str, i64> = BTreeMap::new();
    for t in &choice.techniques {
        let w = i64::from(t.weight());
        *out.entry(t.id()).or_default() += if t.is_shown() { w } else { -w };
    }
    out
}

fn unearnable(scenario: &Scenario, catalog: &Catalog, out: &mut Vec<Smell>) {
    for (n, node) in scenario.nodes.iter().enumerate() {
        if node.choices.len() < 2 {
            continue;
        }
        let all: Vec<usize> = (0..node.choices.len()).collect();
        let Some((_, best)) = best_offered(node, &all) else { continue };
        let best_choice = &node.choices[best];
        let shown_by_best = |id: &str| {
            best_choice
                .techniques
                .iter()
                .filter(|t| t.is_shown() && t.id() == id)
                .map(|t| t.weight())
                .max()
                .unwrap_or(0)
        };
        for (c, choice) in node.choices.iter().enumerate().filter(|(c, _)| *c != best) {
            for tag in choice.techniques.iter().filter(|t| t.is_shown()) {
                let Some(tech) = catalog.get(tag.id()) else { continue };
                if tech.family == Family::AntiPattern || tag.weight() <= shown_by_best(tag.id()) {
                    continue;
                }
                out.push(Smell::new(
                    SmellKind::UnearnableOpportunity,
                    choice_path(n, c),
                    format!(
                        "`{}` ({}) is shown on `{}`, but the best option at this node, `{}`, does not show it{}: a perfect call cannot earn it",
                        tag.id(),
                        tech.name.en,
                        choice_name(node, c),
                        choice_name(node, best),
                        if shown_by_best(tag.id()) > 0 { " with this weight" } else { "" },
                    ),
                    "tag the technique only on the best option, or make this option the best (highest net weight)",
                ));
            }
        }
        for tag in best_choice.techniques.iter().filter(|t| !t.is_shown()) {
            out.push(Smell::new(
                SmellKind::UnearnableOpportunity,
                choice_path(n, best),
                format!(
                    "the best option at this node, `{}`, breaks `{}`: no call can be perfect here",
                    choice_name(node, best),
                    tag.id()
                ),
                "add an option that does the right thing without breaking anything, or drop the tag",
            ));
        }
    }
}

/// The best outcome points reachable from each state (−1 when none).
fn best_points(scenario: &Scenario, g: &Graph) -> Vec<i64> {
    let mut best = vec![-1i64; g.graph.len()];
    for &s in g.order.topological.iter().rev() {
        let from = g.graph.first_edge[s as usize] as usize;
        let mut value = -1;
        for (k, edge) in g.graph.edges_of(s).iter().enumerate() {
            if g.order.back_edge[from + k] {
                continue;
            }
            value = value.max(target_points(scenario, &best, edge.target));
        }
        best[s as usize] = value;
    }
    best
}

fn target_points(scenario: &Scenario, best: &[i64], t: Target) -> i64 {
    match t {
        Target::State(s) => best[s as usize],
        Target::Ending { ending, .. } => {
            scenario.endings.get(ending as usize).map(|e| i64::from(e.outcome.points())).unwrap_or(-1)
        }
        _ => -1,
    }
}

fn better_choice_worse_ending(scenario: &Scenario, g: &Graph, out: &mut Vec<Smell>) {
    // Which choice beats which on every technique, per node (computed once, not per state).
    let dominates: Vec<Vec<(u32, u32)>> = scenario
        .nodes
        .iter()
        .map(|node| {
            let signs: Vec<BTreeMap<&str, i64>> = node.choices.iter().map(signed).collect();
            let mut pairs = Vec::new();
            for (a, ca) in node.choices.iter().enumerate() {
                for (b, cb) in node.choices.iter().enumerate() {
                    if a == b || net_weight(ca) <= net_weight(cb) {
                        continue;
                    }
                    let (sa, sb) = (&signs[a], &signs[b]);
                    if sa.keys().chain(sb.keys()).all(|id| sa.get(id).unwrap_or(&0) >= sb.get(id).unwrap_or(&0)) {
                        pairs.push((a as u32, b as u32));
                    }
                }
            }
            pairs
        })
        .collect();
    let best = best_points(scenario, g);
    let mut seen: HashSet<(u32, u32, u32)> = HashSet::new();
    for (s, state) in g.graph.states.iter().enumerate() {
        let pairs = &dominates[state.node as usize];
        if pairs.is_empty() {
            continue;
        }
        let edges = g.graph.edges_of(s as u32);
        let node = &scenario.nodes[state.node as usize];
        for &(a, b) in pairs {
            let (Some(ea), Some(eb)) = (edges.iter().find(|e| e.choice == a), edges.iter().find(|e| e.choice == b))
            else {
                continue;
            };
            let (pa, pb) = (target_points(scenario, &best, ea.target), target_points(scenario, &best, eb.target));
            if pa < pb && seen.insert((state.node, a, b)) {
                let name = |p: i64| {
                    Outcome::WATERFALL
                        .iter()
                        .find(|o| i64::from(o.points()) == p)
                        .map(|o| o.label(Lang::En).to_string())
                        .unwrap_or_else(|| "no ending".into())
                };
                out.push(Smell::new(
                    SmellKind::BetterChoiceWorseEnding,
                    choice_path(state.node as usize, a as usize),
                    format!(
                        "`{}` is better on every technique than `{}`, but its best ending is {} where `{}` can still reach {}",
                        choice_name(node, a as usize),
                        choice_name(node, b as usize),
                        name(pa),
                        choice_name(node, b as usize),
                        name(pb)
                    ),
                    "a better answer should never close a better ending: check its effects and where it leads",
                ));
            }
        }
    }
}

/// Decision nodes, offered choices and endings some call reaches.
struct Reached {
    nodes: HashSet<u32>,
    choices: HashSet<(u32, u32)>,
    endings: HashSet<u32>,
}

fn reached(g: &Graph) -> Reached {
    let mut r = Reached { nodes: HashSet::new(), choices: HashSet::new(), endings: HashSet::new() };
    for (s, state) in g.graph.states.iter().enumerate() {
        r.nodes.insert(state.node);
        for e in g.graph.edges_of(s as u32) {
            r.choices.insert((state.node, e.choice));
        }
    }
    for t in g.terminals() {
        if let Target::Ending { ending, .. } = t {
            r.endings.insert(ending);
        }
    }
    r
}

fn reachability(scenario: &Scenario, catalog: &Catalog, g: &Graph, out: &mut Vec<Smell>) -> Result<(), AnalysisError> {
    let with = reached(g);
    let everything_reached = scenario.nodes.iter().enumerate().all(|(n, node)| {
        node.choices.is_empty()
            || (with.nodes.contains(&(n as u32))
                && (0..node.choices.len()).all(|c| with.choices.contains(&(n as u32, c as u32))))
    }) && (0..scenario.endings.len()).all(|k| with.endings.contains(&(k as u32)));
    if everything_reached {
        return Ok(());
    }
    // Only when something is out of reach: is it the walkout that cuts it off?
    let without = if scenario.customer.walkout.is_some() {
        reached(&Graph::build(scenario, catalog, false)?)
    } else {
        reached(g)
    };
    let walkout_id = scenario.customer.walkout.as_deref();
    for (n, node) in scenario.nodes.iter().enumerate() {
        let n32 = n as u32;
        if !node.choices.is_empty() && !with.nodes.contains(&n32) {
            let (kind, message) = if without.nodes.contains(&n32) {
                (
                    SmellKind::WalkoutUnreachable,
                    format!(
                        "node `{}` is never reached: patience runs out first on every call that would get here",
                        node.id
                    ),
                )
            } else {
                (SmellKind::Unreachable, format!("node `{}` is never reached by any call", node.id))
            };
            out.push(Smell::new(
                kind,
                format!("nodes[{n}]"),
                message,
                "check the patience costs and the conditions on the way here",
            ));
            continue;
        }
        if !with.nodes.contains(&n32) {
            continue;
        }
        for c in 0..node.choices.len() {
            let key = (n32, c as u32);
            if with.choices.contains(&key) {
                continue;
            }
            let (kind, why) = if without.choices.contains(&key) {
                (SmellKind::WalkoutUnreachable, "its condition holds only on calls where patience has already run out")
            } else {
                (SmellKind::Unreachable, "its condition never holds when a call is here")
            };
            out.push(Smell::new(
                kind,
                choice_path(n, c),
                format!("choice `{}` is never offered: {why}", choice_name(node, c)),
                "change the condition or the meters that lead here",
            ));
        }
    }
    for (k, ending) in scenario.endings.iter().enumerate() {
        let k32 = k as u32;
        if with.endings.contains(&k32) {
            continue;
        }
        let (kind, message) = if without.endings.contains(&k32) {
            (
                SmellKind::WalkoutUnreachable,
                format!(
                    "ending `{}` is never reached: patience runs out first on every call that would get here",
                    ending.id
                ),
            )
        } else if walkout_id == Some(ending.id.as_str()) {
            (
                SmellKind::Unreachable,
                format!("the walkout ending `{}` is never reached: no call runs out of patience", ending.id),
            )
        } else {
            (SmellKind::Unreachable, format!("ending `{}` is never reached by any call", ending.id))
        };
        out.push(Smell::new(
            kind,
            format!("endings[{k}]"),
            message,
            "check the patience costs and the conditions on the way here",
        ));
    }
    Ok(())
}

fn equivalent_options(scenario: &Scenario, out: &mut Vec<Smell>) {
    for (n, node) in scenario.nodes.iter().enumerate().filter(|(_, n)| n.choices.len() >= 2) {
        let tags = |c: &Choice| {
            let mut t: Vec<(String, bool, u32)> =
                c.techniques.iter().map(|t| (t.id().to_string(), t.is_shown(), t.weight())).collect();
            t.sort();
            t
        };
        let first = tags(&node.choices[0]);
        if node.choices.iter().all(|c| tags(c) == first) {
            out.push(Smell::new(
                SmellKind::EquivalentOptions,
                format!("nodes[{n}]"),
                format!("every option at node `{}` is tagged the same: the choice here teaches nothing", node.id),
                "tag what makes one option better than another, or make the node a route",
            ));
        }
    }
}

fn one_sided(scenario: &Scenario, catalog: &Catalog, out: &mut Vec<Smell>) {
    let mut uses: BTreeMap<&str, (u32, u32, String)> = BTreeMap::new();
    for (n, node) in scenario.nodes.iter().enumerate() {
        for (c, choice) in node.choices.iter().enumerate() {
            for tag in &choice.techniques {
                let e = uses.entry(tag.id()).or_insert_with(|| (0, 0, choice_path(n, c)));
                if tag.is_shown() {
                    e.0 += 1;
                } else {
                    e.1 += 1;
                }
            }
        }
    }
    let mut ids: Vec<&&str> = uses.keys().collect();
    ids.sort_by_key(|id| crate::core::technique::id_order(id));
    for id in ids {
        let (shown, broken, path) = &uses[*id];
        let Some(tech) = catalog.get(id) else { continue };
        if tech.family == Family::AntiPattern {
            continue;
        }
        let message = if *broken == 0 {
            format!(
                "`{id}` ({}) is only ever shown, never broken: no wrong option tempts the learner away from it",
                tech.name.en
            )
        } else if *shown == 0 {
            format!(
                "`{id}` ({}) is only ever broken, never shown: the learner can lose it but never earn it",
                tech.name.en
            )
        } else {
            continue;
        };
        out.push(Smell::new(
            SmellKind::OneSidedTechnique,
            path.clone(),
            message,
            "add a plausible wrong option that breaks it (or a right one that shows it)",
        ));
    }
}

/// Lowest and highest value of each meter on arrival at each ending, over every call.
fn meters_at_endings(scenario: &Scenario, g: &Graph) -> BTreeMap<u32, (Meters, Meters)> {
    let n = g.graph.len();
    let mut low: Vec<Option<Meters>> = vec![None; n];
    let mut high: Vec<Option<Meters>> = vec![None; n];
    let mut at_end: BTreeMap<u32, (Meters, Meters)> = BTreeMap::new();
    let start = scenario.starting_meters();
    let merge = |slot: &mut Option<Meters>, m: Meters, lower: bool| {
        *slot = Some(match slot {
            None => m,
            Some(old) => {
                let mut out = *old;
                for meter in Meter::ALL {
                    let v = if lower { old.get(meter).min(m.get(meter)) } else { old.get(meter).max(m.get(meter)) };
                    out.set(meter, v);
                }
                out
            }
        });
    };
    let mut arrive =
        |target: Target, lo: Meters, hi: Meters, low: &mut Vec<Option<Meters>>, high: &mut Vec<Option<Meters>>| {
            match target {
                Target::State(t) => {
                    merge(&mut low[t as usize], lo, true);
                    merge(&mut high[t as usize], hi, false);
                }
                Target::Ending { ending, .. } => {
                    let mut l = at_end.get(&ending).map(|e| e.0);
                    let mut h = at_end.get(&ending).map(|e| e.1);
                    merge(&mut l, lo, true);
                    merge(&mut h, hi, false);
                    if let (Some(l), Some(h)) = (l, h) {
                        at_end.insert(ending, (l, h));
                    }
                }
                _ => {}
            }
        };
    for (start_target, _) in &g.graph.starts {
        arrive(*start_target, start, start, &mut low, &mut high);
    }
    for &s in &g.order.topological {
        let (Some(lo), Some(hi)) = (low[s as usize], high[s as usize]) else { continue };
        let state = &g.graph.states[s as usize];
        let class = g.graph.classes[state.class as usize];
        let node = &scenario.nodes[state.node as usize];
        let from = g.graph.first_edge[s as usize] as usize;
        for (k, edge) in g.graph.edges_of(s).iter().enumerate() {
            if g.order.back_edge[from + k] {
                continue;
            }
            let Some(choice) = node.choices.get(edge.choice as usize) else { continue };
            let (mut l, mut h) = (lo, hi);
            for m in Meter::ALL {
                let d = choice.effects.get(m);
                // Clamped addition is monotone, so the lowest value comes from the lowest value
                // and the touchiest temperament, the highest from the highest and the calmest.
                let (dl, dh) =
                    if m == Meter::Mood { (scale_loss(d, class.high), scale_loss(d, class.low)) } else { (d, d) };
                l.set(m, l.get(m).saturating_add(dl));
                h.set(m, h.get(m).saturating_add(dh));
            }
            arrive(edge.target, l, h, &mut low, &mut high);
        }
    }
    at_end
}

fn ending_meters(scenario: &Scenario, g: &Graph, out: &mut Vec<Smell>) {
    for (k, (lo, hi)) in meters_at_endings(scenario, g) {
        let Some(ending) = scenario.endings.get(k as usize) else { continue };
        let path = format!("endings[{k}]");
        let positive = matches!(ending.outcome, Outcome::Loyal | Outcome::VerySatisfied);
        let negative = matches!(ending.outcome, Outcome::Angry | Outcome::Escalated);
        if positive && lo.mood < 40 {
            out.push(Smell::new(
                SmellKind::EndingContradictsMeters,
                path.clone(),
                format!(
                    "ending `{}` ({}) is reached with mood as low as {}",
                    ending.id,
                    ending.outcome.label(Lang::En),
                    lo.mood
                ),
                "route furious customers elsewhere (a condition on mood), or lower the outcome",
            ));
        }
        if positive && lo.solved < 40 {
            out.push(Smell::new(
                SmellKind::EndingContradictsMeters,
                path.clone(),
                format!(
                    "ending `{}` ({}) is reached with the problem solved only {} %",
                    ending.id,
                    ending.outcome.label(Lang::En),
                    lo.solved
                ),
                "a customer whose problem is not solved is not loyal: add a condition on solved, or lower the outcome",
            ));
        }
        if negative && hi.mood > 60 {
            out.push(Smell::new(
                SmellKind::EndingContradictsMeters,
                path,
                format!(
                    "ending `{}` ({}) is reached with mood as high as {}",
                    ending.id,
                    ending.outcome.label(Lang::En),
                    hi.mood
                ),
                "a customer in a good mood does not end angry: check the conditions that lead here",
            ));
        }
    }
}

fn too_long(scenario: &Scenario, out: &mut Vec<Smell>) {
    let mut check = |path: String, text: &crate::core::text::Localized, max: usize, what: &str| {
        for &lang in &scenario.languages {
            let w = display_width(&text.learner(lang));
            if w > max {
                out.push(Smell::new(
                    SmellKind::TextTooLong,
                    path.clone(),
                    format!("this {what} ({}) is {w} columns wide; at most {max} fit one screen", lang.code()),
                    "split it, or cut what the learner does not need",
                ));
            }
        }
    };
    for (n, node) in scenario.nodes.iter().enumerate() {
        for (v, line) in node.lines.iter().enumerate() {
            check(format!("nodes[{n}].lines[{v}]"), line, MAX_WIDTH_LINE, "line");
        }
        for (c, choice) in node.choices.iter().enumerate() {
            check(format!("{}.text", choice_path(n, c)), &choice.text, MAX_WIDTH_OPTION, "option");
            check(format!("{}.feedback", choice_path(n, c)), &choice.feedback, MAX_WIDTH_FEEDBACK, "feedback");
        }
    }
    for (k, ending) in scenario.endings.iter().enumerate() {
        check(format!("endings[{k}].text"), &ending.text, MAX_WIDTH_ENDING, "ending");
    }
}

fn dead_ends(scenario: &Scenario, g: &Graph, out: &mut Vec<Smell>) {
    for t in g.terminals() {
        let (n, message) = match t {
            Target::Stuck(n) => (n, "a call can get stuck here: no option or route holds"),
            Target::Runaway(n) => (n, "routes from here go round without stopping"),
            _ => continue,
        };
        let id = scenario.nodes.get(n as usize).map(|n| n.id.to_string()).unwrap_or_default();
        out.push(Smell::new(
            SmellKind::Stuck,
            format!("nodes[{n}]"),
            format!("node `{id}`: {message}"),
            "add an option or a route without a condition",
        ));
    }
    let mut looped: BTreeSet<u32> = BTreeSet::new();
    for (s, state) in g.graph.states.iter().enumerate() {
        let from = g.graph.first_edge[s] as usize;
        if (0..g.graph.edges_of(s as u32).len()).any(|k| g.order.back_edge[from + k]) {
            looped.insert(state.node);
        }
    }
    for n in looped {
        let id = scenario.nodes.get(n as usize).map(|n| n.id.to_string()).unwrap_or_default();
        out.push(Smell::new(
            SmellKind::EndlessLoop,
            format!("nodes[{n}]"),
            format!("a call can go round from node `{id}` back to the same situation forever; the figures cover calls that do not repeat"),
            "make the loop change something (a meter or a Visited condition) so it cannot repeat forever",
        ));
    }
}
