//! Exact best and worst score ratios over every path of the state graph (Dinkelbach's method).
//!
//! A family score is `net ÷ opportunities` summed over the call, so the best call is not the sum of
//! the best steps. For a ratio `λ = p/q`, the longest path under the step weight `net·q − p·opp`
//! is positive exactly when some call beats `λ`; that call's own ratio is the next `λ`. The values
//! rise strictly and there are finitely many calls, so the loop ends — at the exact optimum, found
//! with integer arithmetic only. Each round is one pass over the graph in topological order.
//! Calls with no opportunity at all have no score; a flag on each state ("an opportunity has come
//! up") keeps them apart, so every path the search compares has a ratio.

use crate::core::analysis::state_graph::{Edge, StateGraph, Target};

/// Which families' sums make up the ratio.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Families {
    /// The listening score.
    Listening,
    /// The service-recovery score.
    Recovery,
    /// Both together (the technique part of the overall score).
    Both,
}

impl Families {
    /// (net, opportunities) of one step.
    pub fn of(self, edge: &Edge) -> (i64, i64) {
        let g = edge.gain;
        match self {
            Families::Listening => (i64::from(g.listening_net), i64::from(g.listening_opportunities)),
            Families::Recovery => (i64::from(g.recovery_net), i64::from(g.recovery_opportunities)),
            Families::Both => (
                i64::from(g.listening_net) + i64::from(g.recovery_net),
                i64::from(g.listening_opportunities) + i64::from(g.recovery_opportunities),
            ),
        }
    }
}

/// A topological order of the states, and the edges that close a cycle (left out of every pass).
#[derive(Clone, Debug)]
pub struct Order {
    /// States, every state before the states its edges lead to.
    pub topological: Vec<u32>,
    /// Per edge: true when it leads back into a cycle.
    pub back_edge: Vec<bool>,
}

impl Order {
    /// True when the graph has a cycle (some call can go round forever).
    pub fn has_cycle(&self) -> bool {
        self.back_edge.iter().any(|&b| b)
    }
}

/// Computes the order with an iterative depth-first search.
pub fn order(graph: &StateGraph) -> Order {
    let n = graph.len();
    let mut colour = vec![0u8; n]; // 0 new, 1 on the stack, 2 done
    let mut back_edge = vec![false; graph.edges.len()];
    let mut post = Vec::with_capacity(n);
    let mut stack: Vec<(u32, usize)> = Vec::new();
    for root in 0..n as u32 {
        if colour[root as usize] != 0 {
            continue;
        }
        colour[root as usize] = 1;
        stack.push((root, graph.first_edge[root as usize] as usize));
        while let Some(&mut (s, ref mut next)) = stack.last_mut() {
            let end = graph.first_edge[s as usize + 1] as usize;
            if *next < end {
                let e = *next;
                *next += 1;
                if let Target::State(t) = graph.edges[e].target {
                    match colour[t as usize] {
                        0 => {
                            colour[t as usize] = 1;
                            stack.push((t, graph.first_edge[t as usize] as usize));
                        }
                        1 => back_edge[e] = true,
                        _ => {}
                    }
                }
            } else {
                colour[s as usize] = 2;
                post.push(s);
                stack.pop();
            }
        }
    }
    post.reverse();
    Order { topological: post, back_edge }
}

/// Renumbers the states in topological order, so that every pass walks memory in sequence.
pub fn renumber(graph: StateGraph, order: Order) -> crate::core::analysis::Graph {
    let n = graph.len();
    let mut new_index = vec![0u32; n];
    for (i, &s) in order.topological.iter().enumerate() {
        new_index[s as usize] = i as u32;
    }
    let remap = |t: Target| match t {
        Target::State(s) => Target::State(new_index[s as usize]),
        other => other,
    };
    let mut states = Vec::with_capacity(n);
    let mut edges = Vec::with_capacity(graph.edges.len());
    let mut first_edge = Vec::with_capacity(n + 1);
    let mut back_edge = Vec::with_capacity(graph.edges.len());
    for &s in &order.topological {
        states.push(graph.states[s as usize].clone());
        first_edge.push(edges.len() as u32);
        let from = graph.first_edge[s as usize] as usize;
        for (k, edge) in graph.edges_of(s).iter().enumerate() {
            edges.push(Edge { target: remap(edge.target), ..*edge });
            back_edge.push(order.back_edge[from + k]);
        }
    }
    first_edge.push(edges.len() as u32);
    let starts = graph.starts.iter().map(|&(t, hops)| (remap(t), hops)).collect();
    let graph = StateGraph { states, edges, first_edge, starts, ..graph };
    crate::core::analysis::Graph { graph, order: Order { topological: (0..n as u32).collect(), back_edge } }
}

/// A call found by a search: its sums, its temperament class and its steps.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RatioPath {
    /// Sum of net weights.
    pub net: i64,
    /// Sum of opportunities.
    pub opportunities: i64,
    /// Index of the temperament class it starts in.
    pub class: usize,
    /// The edges taken, in order (indices into `StateGraph::edges`).
    pub edges: Vec<u32>,
}

const NONE: i64 = i64::MIN / 4;

/// The search's view of one problem.
pub struct Problem<'a> {
    /// The graph.
    pub graph: &'a StateGraph,
    /// Its order.
    pub order: &'a Order,
    /// The families whose sums make the ratio.
    pub families: Families,
    /// Which finished calls count (e.g. only those ending on a given outcome).
    pub accept: &'a dyn Fn(Target) -> bool,
    /// Which steps may be taken (e.g. no critical choice).
    pub allow: &'a dyn Fn(&Edge) -> bool,
    /// The states before the first opportunity, computed once.
    pub before_first: std::cell::OnceCell<Vec<bool>>,
}

struct Pass {
    value: Vec<i64>,
    best: Vec<u32>,
}

impl Problem<'_> {
    fn terminal(&self, target: Target, flag: usize, pass: &Pass) -> i64 {
        match target {
            Target::State(t) => pass.value[t as usize * 2 + flag],
            other if flag == 1 && (self.accept)(other) => 0,
            _ => NONE,
        }
    }

    /// The states a call can reach before its first opportunity (only they need the flag-0 value).
    fn before_first_opportunity(&self) -> Vec<bool> {
        let mut zero = vec![false; self.graph.len()];
        for (start, _) in &self.graph.starts {
            if let Target::State(t) = start {
                zero[*t as usize] = true;
            }
        }
        for &s in &self.order.topological {
            if !zero[s as usize] {
                continue;
            }
            let from = self.graph.first_edge[s as usize] as usize;
            for (k, edge) in self.graph.edges_of(s).iter().enumerate() {
                if let Target::State(t) = edge.target
                    && !self.order.back_edge[from + k]
                    && (self.allow)(edge)
                    && self.families.of(edge).1 == 0
                {
                    zero[t as usize] = true;
                }
            }
        }
        zero
    }

    /// One longest-path pass under `weight(net, opportunities)`.
    fn pass(&self, weight: &dyn Fn(i64, i64) -> i64) -> Pass {
        let n = self.graph.len();
        let zero = self.before_first.get_or_init(|| self.before_first_opportunity());
        let mut pass = Pass { value: vec![NONE; n * 2], best: vec![u32::MAX; n * 2] };
        for &s in self.order.topological.iter().rev() {
            let from = self.graph.first_edge[s as usize] as usize;
            let to = self.graph.first_edge[s as usize + 1] as usize;
            for flag in usize::from(!zero[s as usize])..2 {
                let mut best = NONE;
                let mut best_edge = u32::MAX;
                for e in from..to {
                    let edge = &self.graph.edges[e];
                    if self.order.back_edge[e] || !(self.allow)(edge) {
                        continue;
                    }
                    let (net, opp) = self.families.of(edge);
                    let next_flag = if opp > 0 { 1 } else { flag };
                    let rest = self.terminal(edge.target, next_flag, &pass);
                    if rest == NONE {
                        continue;
                    }
                    let v = rest.saturating_add(weight(net, opp));
                    if v > best {
                        best = v;
                        best_edge = e as u32;
                    }
                }
                pass.value[s as usize * 2 + flag] = best;
                pass.best[s as usize * 2 + flag] = best_edge;
            }
        }
        pass
    }

    /// The best start (class) and the path it leads to, with its sums and its value.
    fn extract(&self, pass: &Pass) -> Option<(RatioPath, i64)> {
        let mut best: Option<(usize, i64)> = None;
        for (class, (start, _)) in self.graph.starts.iter().enumerate() {
            let v = self.terminal(*start, 0, pass);
            if v != NONE && best.is_none_or(|(_, b)| v > b) {
                best = Some((class, v));
            }
        }
        let (class, value) = best?;
        let mut path = RatioPath { net: 0, opportunities: 0, class, edges: Vec::new() };
        let mut at = self.graph.starts[class].0;
        let mut flag = 0usize;
        while let Target::State(s) = at {
            let e = pass.best[s as usize * 2 + flag];
            let edge = self.graph.edges.get(e as usize)?;
            let (net, opp) = self.families.of(edge);
            path.net += net;
            path.opportunities += opp;
            if opp > 0 {
                flag = 1;
            }
            path.edges.push(e);
            at = edge.target;
        }
        Some((path, value))
    }

    /// The call with the highest (`maximize`) or lowest ratio among accepted calls that had an
    /// opportunity, or `None` when there is none.
    pub fn extreme(&self, maximize: bool) -> Option<RatioPath> {
        let sign: i64 = if maximize { 1 } else { -1 };
        // Start from the call with the most (or fewest) net points: usually close to the optimum.
        let (start, _) = self.extract(&self.pass(&|net, _| sign * net))?;
        Some(self.improve(start, maximize))
    }

    /// A call whose ratio is at least `p/q` (`maximize`) or below `p/q` (otherwise), if any: one
    /// pass. A good start for [`Problem::improve`].
    pub fn beating(&self, p: i64, q: i64, maximize: bool) -> Option<RatioPath> {
        let (path, value) = if maximize {
            self.extract(&self.pass(&|net, opp| net.saturating_mul(q).saturating_sub(p.saturating_mul(opp))))?
        } else {
            self.extract(&self.pass(&|net, opp| p.saturating_mul(opp).saturating_sub(net.saturating_mul(q))))?
        };
        let ok = if maximize { value >= 0 } else { value > 0 };
        (ok && path.opportunities > 0).then_some(path)
    }

    /// Dinkelbach's iteration from `current` to the best (or worst) ratio.
    pub fn improve(&self, mut current: RatioPath, maximize: bool) -> RatioPath {
        let sign: i64 = if maximize { 1 } else { -1 };
        // Dinkelbach's iteration; the cap is far above what it needs (it converges superlinearly).
        for _ in 0..10_000 {
            let g = gcd(current.net.unsigned_abs(), current.opportunities.unsigned_abs()).max(1) as i64;
            let (p, q) = (sign * current.net / g, current.opportunities / g);
            let pass = self.pass(&|net, opp| (sign * net).saturating_mul(q).saturating_sub(p.saturating_mul(opp)));
            let Some((candidate, value)) = self.extract(&pass) else { break };
            if value <= 0 || candidate.opportunities <= 0 {
                break;
            }
            current = candidate;
        }
        current
    }

    /// Whether some accepted call has no opportunity at all (its family score is empty / 0).
    pub fn has_call_without_opportunity(&self) -> bool {
        // Longest path over steps without opportunity, accepting at flag 0: reuse the pass with a
        // weight that forbids opportunities.
        let n = self.graph.len();
        let mut reach = vec![false; n];
        for &s in self.order.topological.iter().rev() {
            let ok = self.graph.edges_of(s).iter().enumerate().any(|(k, edge)| {
                let e = self.graph.first_edge[s as usize] as usize + k;
                if self.order.back_edge[e] || !(self.allow)(edge) || self.families.of(edge).1 > 0 {
                    return false;
                }
                match edge.target {
                    Target::State(t) => reach[t as usize],
                    other => (self.accept)(other),
                }
            });
            reach[s as usize] = ok;
        }
        self.graph.starts.iter().any(|(start, _)| match start {
            Target::State(t) => reach[*t as usize],
            other => (self.accept)(*other),
        })
    }
}

fn gcd(mut a: u64, mut b: u64) -> u64 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}
