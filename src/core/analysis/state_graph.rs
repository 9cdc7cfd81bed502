//! The graph of every call state a scenario can reach: the ground every exact figure stands on.
//!
//! A state is what decides the rest of a call: the decision node, the meters that something reads
//! (a condition, or patience when there is a walkout), the visited nodes that a condition mentions,
//! and the temperament class. Routing nodes are folded into the edges, exactly as the engine follows
//! them. Line variants and option order never change what happens, so they are not part of a state.

use crate::core::condition::Condition;
use crate::core::engine::{EndReason, MAX_HOPS_PER_STEP, scale_loss};
use crate::core::meters::{METER_MAX, METER_MIN, Meter, Meters};
use crate::core::scenario::Scenario;
use crate::core::technique::{Catalog, Family};
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// Most states the analysis builds before it gives up (a few hundred MiB).
pub const MAX_STATES: usize = 8_000_000;

/// A small fast hasher for state keys (FxHash's mixing step).
#[derive(Default)]
pub(crate) struct FxHasher(u64);

impl Hasher for FxHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b));
        }
    }
    fn write_u8(&mut self, i: u8) {
        self.write_u64(u64::from(i));
    }
    fn write_u16(&mut self, i: u16) {
        self.write_u64(u64::from(i));
    }
    fn write_u32(&mut self, i: u32) {
        self.write_u64(u64::from(i));
    }
    fn write_u64(&mut self, i: u64) {
        self.0 = (self.0.rotate_left(5) ^ i).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    fn write_usize(&mut self, i: usize) {
        self.write_u64(i as u64);
    }
}

pub(crate) type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

/// A range of temperaments that behave identically in this scenario.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TemperamentClass {
    /// Lowest temperament (percent) in the class.
    pub low: u32,
    /// Highest temperament in the class.
    pub high: u32,
}

/// Where an edge (or the start) leads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    /// A decision state (index into [`StateGraph::states`]).
    State(u32),
    /// An ending (index into the scenario's `endings`), reached by a choice/route or by a walkout.
    Ending {
        /// Index into `Scenario::endings`.
        ending: u32,
        /// How it was reached.
        reason: EndReason,
    },
    /// The call is stuck at this node (index into `Scenario::nodes`): no option or route holds.
    Stuck(u32),
    /// Routes went round more than the engine allows, starting from this node.
    Runaway(u32),
}

/// What a step adds to the score's sums, per family.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Gain {
    /// Listening: earned minus penalty.
    pub listening_net: i32,
    /// Listening: opportunities.
    pub listening_opportunities: i32,
    /// Recovery: earned minus penalty.
    pub recovery_net: i32,
    /// Recovery: opportunities.
    pub recovery_opportunities: i32,
}

/// One choice taken in one state.
#[derive(Clone, Copy, Debug)]
pub struct Edge {
    /// Index of the choice in its node.
    pub choice: u32,
    /// Where it leads.
    pub target: Target,
    /// What it adds to the score's sums.
    pub gain: Gain,
    /// Nodes the engine enters on the way (drives option shuffles).
    pub hops: u32,
    /// The choice is marked critical (fails an exam).
    pub critical: bool,
}

/// A decision point in a particular situation.
#[derive(Clone, Debug)]
pub struct State {
    /// Index of the node in `Scenario::nodes`.
    pub node: u32,
    /// The tracked meters (untracked ones are 0).
    pub meters: Meters,
    /// Index into [`StateGraph::classes`].
    pub class: u16,
}

/// The whole graph.
#[derive(Clone, Debug)]
pub struct StateGraph {
    /// Temperament classes; every start state belongs to one.
    pub classes: Vec<TemperamentClass>,
    /// Where each class's call starts, and how many nodes it entered to get there.
    pub starts: Vec<(Target, u32)>,
    /// Every reachable decision state.
    pub states: Vec<State>,
    /// Edges of state `s` are `edges[first_edge[s]..first_edge[s + 1]]`, in file order of the choices.
    pub edges: Vec<Edge>,
    /// Offsets into `edges`.
    pub first_edge: Vec<u32>,
    /// Which meters the states track.
    pub tracked: [bool; 4],
    /// Whether the walkout was applied (false for the "what if patience never ran out" graph).
    pub walkout: bool,
}

impl StateGraph {
    /// The edges leaving state `s`.
    pub fn edges_of(&self, s: u32) -> &[Edge] {
        let i = s as usize;
        let from = self.first_edge.get(i).copied().unwrap_or(0) as usize;
        let to = self.first_edge.get(i + 1).copied().unwrap_or(0) as usize;
        self.edges.get(from..to).unwrap_or(&[])
    }

    /// Number of decision states.
    pub fn len(&self) -> usize {
        self.states.len()
    }

    /// True when no decision state is reachable.
    pub fn is_empty(&self) -> bool {
        self.states.is_empty()
    }
}

/// Why the graph could not be built.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum GraphError {
    /// More than [`MAX_STATES`] states.
    TooManyStates {
        /// The limit.
        limit: usize,
    },
    /// Conditions mention more than [`MAX_VISITED_NODES`] distinct nodes.
    TooManyVisitedNodes {
        /// How many they mention.
        count: usize,
    },
}

/// What tells two states at the same node apart.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
struct Key {
    meters: [u8; 4],
    class: u16,
    visited: u128,
}

/// Most distinct nodes that `Visited`/`NotVisited` conditions may mention.
pub const MAX_VISITED_NODES: usize = 128;

fn meter_index(m: Meter) -> usize {
    match m {
        Meter::Mood => 0,
        Meter::Patience => 1,
        Meter::Valued => 2,
        Meter::Solved => 3,
    }
}

/// A condition with its node names and meters resolved to indices, so evaluating it is cheap.
#[derive(Clone, Debug)]
enum Test {
    AtLeast(usize, i32),
    AtMost(usize, i32),
    Visited(u32),
    NotVisited(u32),
    All(Vec<Test>),
    Any(Vec<Test>),
    Not(Box<Test>),
}

impl Test {
    fn holds(&self, meters: &[i32; 4], visited: u128) -> bool {
        match self {
            Test::AtLeast(m, v) => meters[*m] >= *v,
            Test::AtMost(m, v) => meters[*m] <= *v,
            Test::Visited(b) => visited & (1u128 << b) != 0,
            Test::NotVisited(b) => visited & (1u128 << b) == 0,
            Test::All(ts) => ts.iter().all(|t| t.holds(meters, visited)),
            Test::Any(ts) => ts.iter().any(|t| t.holds(meters, visited)),
            Test::Not(t) => !t.holds(meters, visited),
        }
    }
}

/// Which meters and nodes the scenario's conditions read.
struct Reads<'a> {
    meters: [bool; 4],
    node_bits: HashMap<&'a str, u32>,
}

impl<'a> Reads<'a> {
    fn note(&mut self, cond: &'a Condition) {
        match cond {
            Condition::AtLeast(m, _) | Condition::AtMost(m, _) => self.meters[meter_index(*m)] = true,
            Condition::Visited(id) | Condition::NotVisited(id) => {
                let next = self.node_bits.len() as u32;
                self.node_bits.entry(id.as_str()).or_insert(next);
            }
            Condition::All(cs) | Condition::Any(cs) => cs.iter().for_each(|c| self.note(c)),
            Condition::Not(c) => self.note(c),
        }
    }

    fn compile(&self, cond: &Condition) -> Test {
        match cond {
            Condition::AtLeast(m, v) => Test::AtLeast(meter_index(*m), *v),
            Condition::AtMost(m, v) => Test::AtMost(meter_index(*m), *v),
            Condition::Visited(id) => Test::Visited(self.node_bits.get(id.as_str()).copied().unwrap_or(0)),
            Condition::NotVisited(id) => Test::NotVisited(self.node_bits.get(id.as_str()).copied().unwrap_or(0)),
            Condition::All(cs) => Test::All(cs.iter().map(|c| self.compile(c)).collect()),
            Condition::Any(cs) => Test::Any(cs.iter().map(|c| self.compile(c)).collect()),
            Condition::Not(c) => Test::Not(Box::new(self.compile(c))),
        }
    }
}

fn reads_of(scenario: &Scenario, walkout: bool) -> Reads<'_> {
    let mut reads = Reads { meters: [false; 4], node_bits: HashMap::new() };
    for node in &scenario.nodes {
        for c in node.choices.iter().filter_map(|c| c.condition.as_ref()) {
            reads.note(c);
        }
        for c in node.routes.iter().filter_map(|r| r.when.as_ref()) {
            reads.note(c);
        }
    }
    if walkout && scenario.customer.walkout.is_some() {
        reads.meters[1] = true;
    }
    reads
}

/// The temperament classes of a scenario: temperaments that scale every mood loss it contains to
/// the same value behave identically, so one representative per class is exact. When no condition
/// reads mood, temperament changes nothing the graph tracks and one class covers the whole range.
pub fn temperament_classes(scenario: &Scenario, mood_tracked: bool) -> Vec<TemperamentClass> {
    let t = scenario.customer.temperament;
    let (min, max) = (t.min, t.max.max(t.min));
    if !mood_tracked {
        return vec![TemperamentClass { low: min, high: max }];
    }
    let mut losses: Vec<i32> =
        scenario.nodes.iter().flat_map(|n| n.choices.iter()).map(|c| c.effects.mood).filter(|&d| d < 0).collect();
    losses.sort_unstable();
    losses.dedup();
    let mut classes: Vec<TemperamentClass> = Vec::new();
    let mut previous: Option<Vec<i32>> = None;
    for temperament in min..=max {
        let signature: Vec<i32> = losses.iter().map(|&d| scale_loss(d, temperament)).collect();
        match (&previous, classes.last_mut()) {
            (Some(p), Some(last)) if *p == signature => last.high = temperament,
            _ => classes.push(TemperamentClass { low: temperament, high: temperament }),
        }
        previous = Some(signature);
    }
    classes
}

/// Where a choice or route points, resolved.
#[derive(Clone, Copy, Debug)]
enum Next {
    Node(u32),
    Ending(u32),
    Unknown,
}

/// One choice, resolved for the search.
struct ChoiceInfo {
    test: Option<Test>,
    effects: [i32; 4],
    next: Next,
    critical: bool,
    /// (technique index, weight) of every non-anti-pattern technique it shows (highest weight per technique).
    shows: Vec<(usize, u32)>,
    /// Penalty per family (listening, recovery) from what it breaks.
    penalty: (i32, i32),
}

/// One node, resolved.
struct NodeInfo {
    bit: Option<u32>,
    choices: Vec<ChoiceInfo>,
    routes: Vec<(Option<Test>, Next)>,
}

/// Builds the state graph. `walkout: false` builds the graph of a customer whose patience never
/// runs out (to find what the walkout makes unreachable).
pub fn build(scenario: &Scenario, catalog: &Catalog, walkout: bool) -> Result<StateGraph, GraphError> {
    Builder::new(scenario, catalog, walkout)?.run()
}

struct Builder<'a> {
    scenario: &'a Scenario,
    walkout: Option<u32>,
    tracked: [bool; 4],
    nodes: Vec<NodeInfo>,
    /// Per technique index: true when it scores in listening.
    listening: Vec<bool>,
    classes: Vec<TemperamentClass>,
    /// Per node, its states by key (small maps stay in cache as the graph grows).
    keys: Vec<FxMap<Key, u32>>,
    states: Vec<State>,
    state_visited: Vec<u128>,
    edges: Vec<Edge>,
    first_edge: Vec<u32>,
    /// The gains of a node's offered choices, by (node, offered mask).
    gains: FxMap<(u32, u64), Vec<Gain>>,
}

impl<'a> Builder<'a> {
    fn new(scenario: &'a Scenario, catalog: &'a Catalog, walkout: bool) -> Result<Builder<'a>, GraphError> {
        let reads = reads_of(scenario, walkout);
        if reads.node_bits.len() > MAX_VISITED_NODES {
            return Err(GraphError::TooManyVisitedNodes { count: reads.node_bits.len() });
        }
        let node_index: HashMap<&str, u32> =
            scenario.nodes.iter().enumerate().map(|(i, n)| (n.id.as_str(), i as u32)).collect();
        let ending_index: HashMap<&str, u32> =
            scenario.endings.iter().enumerate().map(|(i, e)| (e.id.as_str(), i as u32)).collect();
        let resolve = |id: &str| match (node_index.get(id), ending_index.get(id)) {
            (_, Some(&e)) => Next::Ending(e),
            (Some(&n), None) => Next::Node(n),
            (None, None) => Next::Unknown,
        };
        let tech_index: HashMap<&str, usize> =
            catalog.techniques.iter().enumerate().map(|(i, t)| (t.id.as_str(), i)).collect();
        let nodes = scenario
            .nodes
            .iter()
            .map(|node| NodeInfo {
                bit: reads.node_bits.get(node.id.as_str()).copied(),
                choices: node
                    .choices
                    .iter()
                    .map(|choice| {
                        let mut shows: Vec<(usize, u32)> = Vec::new();
                        let mut penalty = (0i32, 0i32);
                        for tag in &choice.techniques {
                            let Some(&t) = tech_index.get(tag.id()) else { continue };
                            let tech = &catalog.techniques[t];
                            if tag.is_shown() {
                                if tech.family == Family::AntiPattern {
                                    continue;
                                }
                                match shows.iter_mut().find(|(i, _)| *i == t) {
                                    Some(entry) => entry.1 = entry.1.max(tag.weight()),
                                    None => shows.push((t, tag.weight())),
                                }
                            } else {
                                let w = i32::try_from(tag.weight()).unwrap_or(i32::MAX);
                                match tech.scored_family() {
                                    Family::Listening => penalty.0 = penalty.0.saturating_add(w),
                                    _ => penalty.1 = penalty.1.saturating_add(w),
                                }
                            }
                        }
                        ChoiceInfo {
                            test: choice.condition.as_ref().map(|c| reads.compile(c)),
                            effects: [
                                choice.effects.mood,
                                choice.effects.patience,
                                choice.effects.valued,
                                choice.effects.solved,
                            ],
                            next: resolve(choice.next.as_str()),
                            critical: choice.critical,
                            shows,
                            penalty,
                        }
                    })
                    .collect(),
                routes: node
                    .routes
                    .iter()
                    .map(|r| (r.when.as_ref().map(|c| reads.compile(c)), resolve(r.next.as_str())))
                    .collect(),
            })
            .collect();
        let walkout = if walkout {
            scenario.customer.walkout.as_ref().and_then(|w| ending_index.get(w.as_str()).copied())
        } else {
            None
        };
        Ok(Builder {
            scenario,
            walkout,
            tracked: reads.meters,
            nodes,
            listening: catalog.techniques.iter().map(|t| t.scored_family() == Family::Listening).collect(),
            classes: temperament_classes(scenario, reads.meters[0]),
            keys: (0..scenario.nodes.len()).map(|_| FxMap::default()).collect(),
            states: Vec::new(),
            state_visited: Vec::new(),
            edges: Vec::new(),
            first_edge: Vec::new(),
            gains: FxMap::default(),
        })
    }

    fn run(mut self) -> Result<StateGraph, GraphError> {
        let start = self.scenario.starting_meters();
        let mut meters = [0i32; 4];
        for m in Meter::ALL {
            if self.tracked[meter_index(m)] {
                meters[meter_index(m)] = start.get(m);
            }
        }
        let first = match self.scenario.node(&self.scenario.start) {
            Some(_) => self
                .scenario
                .nodes
                .iter()
                .position(|n| n.id == self.scenario.start)
                .map_or(Next::Unknown, |i| Next::Node(i as u32)),
            None => self
                .scenario
                .endings
                .iter()
                .position(|e| e.id == self.scenario.start)
                .map_or(Next::Unknown, |i| Next::Ending(i as u32)),
        };
        let mut starts = Vec::new();
        for class in 0..self.classes.len() {
            let start = self.enter(first, meters, class as u16, 0)?;
            starts.push(start);
        }
        // States are numbered in discovery order; expand them in that order (a queue).
        let mut next = 0usize;
        while next < self.states.len() {
            self.expand(next as u32)?;
            next += 1;
        }
        self.first_edge.push(self.edges.len() as u32);
        Ok(StateGraph {
            classes: self.classes,
            starts,
            states: self.states,
            edges: self.edges,
            first_edge: self.first_edge,
            tracked: self.tracked,
            walkout: self.walkout.is_some(),
        })
    }

    fn offered_mask(&self, node: u32, meters: &[i32; 4], visited: u128) -> u64 {
        let mut mask = 0u64;
        for (i, c) in self.nodes[node as usize].choices.iter().enumerate().take(64) {
            if c.test.as_ref().is_none_or(|t| t.holds(meters, visited)) {
                mask |= 1 << i;
            }
        }
        mask
    }

    /// Follows routes from `target` like the engine's `enter`: the decision state, ending or dead
    /// end it comes to, and the number of nodes entered.
    fn enter(
        &mut self,
        target: Next,
        meters: [i32; 4],
        class: u16,
        visited: u128,
    ) -> Result<(Target, u32), GraphError> {
        let mut target = target;
        let mut visited = visited;
        let mut hops = 0u32;
        let mut first_node = None;
        for _ in 0..MAX_HOPS_PER_STEP {
            let node_index = match target {
                Next::Ending(ending) => return Ok((Target::Ending { ending, reason: EndReason::Reached }, hops)),
                Next::Unknown => return Ok((Target::Stuck(first_node.unwrap_or(0)), hops)),
                Next::Node(n) => n,
            };
            first_node.get_or_insert(node_index);
            let node = &self.nodes[node_index as usize];
            hops += 1;
            if let Some(bit) = node.bit {
                visited |= 1u128 << bit;
            }
            if node.choices.is_empty() {
                match node.routes.iter().find(|(when, _)| when.as_ref().is_none_or(|t| t.holds(&meters, visited))) {
                    Some((_, next)) => {
                        target = *next;
                        continue;
                    }
                    None => return Ok((Target::Stuck(node_index), hops)),
                }
            }
            if self.offered_mask(node_index, &meters, visited) == 0 {
                return Ok((Target::Stuck(node_index), hops));
            }
            let key = Key { meters: meters.map(|v| v.clamp(0, 255) as u8), class, visited };
            if let Some(&s) = self.keys[node_index as usize].get(&key) {
                return Ok((Target::State(s), hops));
            }
            if self.states.len() >= MAX_STATES {
                return Err(GraphError::TooManyStates { limit: MAX_STATES });
            }
            let s = self.states.len() as u32;
            self.keys[node_index as usize].insert(key, s);
            let m = Meters { mood: meters[0], patience: meters[1], valued: meters[2], solved: meters[3] };
            self.states.push(State { node: node_index, meters: m, class });
            self.state_visited.push(visited);
            return Ok((Target::State(s), hops));
        }
        Ok((Target::Runaway(first_node.unwrap_or(0)), hops))
    }

    /// The gains of each offered choice (in file order): opportunities are, per technique some
    /// offered choice shows, the highest weight it is shown with — as the scorer counts them.
    fn gains(&mut self, node: u32, mask: u64) -> Vec<Gain> {
        if let Some(g) = self.gains.get(&(node, mask)) {
            return g.clone();
        }
        let info = &self.nodes[node as usize];
        let offered =
            || info.choices.iter().enumerate().filter(|(i, _)| *i >= 64 || mask & (1 << i) != 0).map(|(_, c)| c);
        let mut best: Vec<(usize, u32)> = Vec::new();
        for choice in offered() {
            for &(t, w) in &choice.shows {
                match best.iter_mut().find(|(i, _)| *i == t) {
                    Some(entry) => entry.1 = entry.1.max(w),
                    None => best.push((t, w)),
                }
            }
        }
        let as_i32 = |w: u32| i32::try_from(w).unwrap_or(i32::MAX);
        let (mut lo, mut ro) = (0i32, 0i32);
        for &(t, w) in &best {
            if self.listening[t] {
                lo = lo.saturating_add(as_i32(w));
            } else {
                ro = ro.saturating_add(as_i32(w));
            }
        }
        let gains: Vec<Gain> = offered()
            .map(|choice| {
                let mut g =
                    Gain { listening_net: 0, listening_opportunities: lo, recovery_net: 0, recovery_opportunities: ro };
                for &(t, w) in &choice.shows {
                    let cap = best.iter().find(|(i, _)| *i == t).map_or(0, |b| b.1);
                    let earned = as_i32(w.min(cap));
                    if self.listening[t] {
                        g.listening_net = g.listening_net.saturating_add(earned);
                    } else {
                        g.recovery_net = g.recovery_net.saturating_add(earned);
                    }
                }
                g.listening_net = g.listening_net.saturating_sub(choice.penalty.0);
                g.recovery_net = g.recovery_net.saturating_sub(choice.penalty.1);
                g
            })
            .collect();
        self.gains.insert((node, mask), gains.clone());
        gains
    }

    fn expand(&mut self, s: u32) -> Result<(), GraphError> {
        self.first_edge.push(self.edges.len() as u32);
        let state = self.states[s as usize].clone();
        let visited = self.state_visited[s as usize];
        let meters = [state.meters.mood, state.meters.patience, state.meters.valued, state.meters.solved];
        let mask = self.offered_mask(state.node, &meters, visited);
        let gains = self.gains(state.node, mask);
        let class = self.classes[state.class as usize];
        let count = self.nodes[state.node as usize].choices.len();
        let mut k = 0usize;
        for i in 0..count {
            if i < 64 && mask & (1 << i) == 0 {
                continue;
            }
            let (effects, next, critical) = {
                let c = &self.nodes[state.node as usize].choices[i];
                (c.effects, c.next, c.critical)
            };
            let mut after = meters;
            for (m, value) in after.iter_mut().enumerate() {
                if !self.tracked[m] {
                    continue;
                }
                let delta = if m == 0 { scale_loss(effects[m], class.low) } else { effects[m] };
                *value = value.saturating_add(delta).clamp(METER_MIN, METER_MAX);
            }
            let (target, hops) = match self.walkout {
                Some(ending) if self.tracked[1] && after[1] <= 0 => {
                    (Target::Ending { ending, reason: EndReason::Walkout }, 0)
                }
                _ => self.enter(next, after, state.class, visited)?,
            };
            let gain = gains.get(k).copied().unwrap_or_default();
            k += 1;
            self.edges.push(Edge { choice: i as u32, target, gain, hops, critical });
        }
        Ok(())
    }
}
