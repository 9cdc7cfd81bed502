//! Valid scenarios drawn from arbitrary bytes, for the fuzz targets and the property tests: every
//! byte string gives a scenario the checker accepts (no errors), small enough to analyse in
//! milliseconds, yet with what makes calls differ — conditions on meters and visits, routing
//! nodes, loops back through earlier nodes, patience timers, a walkout, critical and neutral
//! choices, weighted tags. The same bytes always give the same scenario, and a shorter prefix a
//! smaller one, so a fuzzer's or proptest's shrinking leads to a small counterexample.

use crate::core::condition::Condition;
use crate::core::ids::{ChoiceId, NodeId, ScenarioId};
use crate::core::look::{Distress, Look};
use crate::core::meters::{Effects, Meter, Meters};
use crate::core::scenario::{
    Channel, Choice, Customer, Difficulty, Ending, Node, Outcome, PatienceTimer, Route, Scenario, SourceCase,
    TechniqueTag, Temperament,
};
use crate::core::text::{Lang, Localized};
use std::collections::BTreeMap;

/// Most decision and routing nodes in a drawn scenario.
pub const MAX_NODES: usize = 8;

const LISTENING: [&str; 6] = ["L1", "L2", "L3", "L4", "L5", "L6"];
const RECOVERY: [&str; 6] = ["R1", "R2", "R3", "R4", "R8", "R9"];
const ANTI: [&str; 5] = ["X1", "X2", "X3", "X6", "X8"];

/// Reads the bytes in order; past their end every draw is 0 (the smallest choice).
struct Draw<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Draw<'_> {
    fn byte(&mut self) -> u8 {
        let b = self.bytes.get(self.at).copied().unwrap_or(0);
        self.at += 1;
        b
    }

    /// A number in `0..n` (0 when `n` is 0).
    fn below(&mut self, n: usize) -> usize {
        if n == 0 { 0 } else { usize::from(self.byte()) % n }
    }

    /// A number in `low..=high`.
    fn between(&mut self, low: i32, high: i32) -> i32 {
        let span = (high - low + 1).max(1) as usize;
        low + self.below(span) as i32
    }

    /// True about one time in `n`.
    fn one_in(&mut self, n: usize) -> bool {
        self.below(n) == 0
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }
}

fn text(en: String, zh: String) -> Localized {
    Localized::new(en, zh)
}

fn node_id(k: usize) -> NodeId {
    NodeId::new(format!("n{k}"))
}

/// A condition on the meters or on the nodes visited so far.
fn condition(d: &mut Draw<'_>, nodes: usize) -> Condition {
    match d.below(6) {
        0 => Condition::AtLeast(d.pick(&Meter::ALL), d.between(0, 100)),
        1 => Condition::AtMost(d.pick(&Meter::ALL), d.between(0, 100)),
        2 => Condition::Visited(node_id(d.below(nodes))),
        3 => Condition::NotVisited(node_id(d.below(nodes))),
        4 => Condition::Not(Box::new(Condition::AtLeast(d.pick(&Meter::ALL), d.between(0, 100)))),
        _ => Condition::Any(vec![
            Condition::AtLeast(d.pick(&Meter::ALL), d.between(0, 100)),
            Condition::Visited(node_id(d.below(nodes))),
        ]),
    }
}

/// The technique tags of a choice of this kind: 0 good, 1 weak, 2 harmful, 3 neutral.
fn tags(d: &mut Draw<'_>, kind: usize) -> Vec<TechniqueTag> {
    let weight = |d: &mut Draw<'_>| 1 + d.below(3) as u32;
    match kind {
        0 => {
            let mut out = vec![TechniqueTag::ShowsWeighted(d.pick(&LISTENING).into(), weight(d))];
            if d.one_in(2) {
                out.push(TechniqueTag::Shows(d.pick(&RECOVERY).into()));
            }
            out
        }
        1 => vec![TechniqueTag::Breaks(d.pick(&LISTENING).into())],
        2 => {
            let mut out = vec![TechniqueTag::BreaksWeighted(d.pick(&ANTI).into(), weight(d))];
            if d.one_in(2) {
                out.push(TechniqueTag::Breaks(d.pick(&RECOVERY).into()));
            }
            out
        }
        _ => Vec::new(),
    }
}

/// A valid scenario drawn from `bytes` (any bytes, including none).
pub fn scenario_from_bytes(bytes: &[u8]) -> Scenario {
    let mut d = Draw { bytes, at: 0 };
    let nodes = 1 + d.below(MAX_NODES);
    let ending_count = 1 + d.below(4);
    let mut endings: Vec<Ending> = (0..ending_count)
        .map(|k| {
            let outcome = d.pick(&Outcome::WATERFALL);
            Ending {
                id: NodeId::new(format!("e{k}")),
                outcome,
                silent_exit: false,
                text: text(format!("The call ends ({k})."), format!("通话结束（{k}）。")),
            }
        })
        .collect();
    let walkout = d.one_in(2).then(|| {
        endings.push(Ending {
            id: NodeId::new("walkout"),
            outcome: Outcome::Angry,
            silent_exit: true,
            text: text("The customer hangs up.".into(), "客户挂断了。".into()),
        });
        NodeId::new("walkout")
    });
    let ending_id = |k: usize| NodeId::new(format!("e{}", k % ending_count));

    let mut out = Vec::with_capacity(nodes);
    for k in 0..nodes {
        // The way out: to a later node or an ending, so that no node is trapped; routing nodes only
        // go forward, so routes never loop.
        let forward = |d: &mut Draw<'_>| {
            if k + 1 < nodes && d.one_in(2) { node_id(k + 1 + d.below(nodes - k - 1)) } else { ending_id(d.below(4)) }
        };
        let routing = k > 0 && d.one_in(5);
        if routing {
            let extra = d.below(3);
            let mut routes: Vec<Route> =
                (0..extra).map(|_| Route { when: Some(condition(&mut d, nodes)), next: forward(&mut d) }).collect();
            routes.push(Route { when: None, next: forward(&mut d) });
            out.push(Node {
                id: node_id(k),
                lines: Vec::new(),
                sound: None,
                voice: None,
                timer: None,
                choices: Vec::new(),
                routes,
            });
            continue;
        }
        let count = 1 + d.below(4);
        let choices = (0..count)
            .map(|c| {
                // The first choice is unconditional and leads forward; others may go anywhere.
                let next = if c == 0 || d.one_in(2) { forward(&mut d) } else { node_id(d.below(nodes)) };
                let kind = d.below(4);
                let techniques = tags(&mut d, kind);
                // Steps of 10 keep the meters to 11 values each, so the analysis stays small
                // (at most nodes × 11⁴ states) whatever the bytes.
                let effects = Effects {
                    mood: 10 * d.between(-2, 2),
                    patience: 10 * d.between(-3, 1),
                    valued: 10 * d.between(-2, 2),
                    solved: 10 * d.between(-1, 3),
                };
                let condition = (c > 0 && d.one_in(3)).then(|| condition(&mut d, nodes));
                let words = "and some more words ".repeat(d.below(5));
                Choice {
                    id: Some(ChoiceId::new(format!("n{k}.c{c}"))),
                    text: text(format!("Option {c} at n{k} {words}"), format!("n{k}的选项{c}")),
                    techniques,
                    effects,
                    feedback: text(format!("Feedback on n{k}.c{c}."), format!("对n{k}.c{c}的点评。")),
                    next,
                    condition,
                    critical: kind == 2 && d.one_in(3),
                    neutral: kind == 3,
                }
            })
            .collect();
        let timer = d.one_in(3).then(|| PatienceTimer { seconds: 1 + d.below(30) as u32, drain: 10 * d.between(0, 4) });
        let lines = (0..1 + d.below(2))
            .map(|l| text(format!("The customer speaks at n{k} ({l})."), format!("客户在n{k}说话（{l}）。")))
            .collect();
        out.push(Node { id: node_id(k), lines, sound: None, voice: None, timer, choices, routes: Vec::new() });
    }

    let channel = d.pick(&Channel::ALL);
    // A few temperament spreads: each distinct mood loss makes its own class of calls to analyse.
    let (low, high) = d.pick(&[(100, 100), (90, 110), (80, 120), (50, 50), (150, 150)]);
    Scenario {
        id: ScenarioId::new("drawn"),
        title: text("A drawn scenario".into(), "抽取的场景".into()),
        summary: text("A scenario drawn from bytes for testing.".into(), "为测试而抽取的场景。".into()),
        difficulty: d.pick(&[Difficulty::Easy, Difficulty::Medium, Difficulty::Hard]),
        minutes: 1 + d.below(10) as u32,
        channel,
        subject: (channel == Channel::Email).then(|| text("A question".into(), "一个问题".into())),
        languages: vec![Lang::En, Lang::Zh],
        source: SourceCase { case: "drawn".into(), refs: Vec::new(), tag: "[D]".into() },
        catalog: "techniques.ron".into(),
        customer: Customer {
            name: text("Drawn customer".into(), "抽取的客户".into()),
            description: Localized::default(),
            meters: Meters {
                mood: 10 * d.between(0, 10),
                patience: 10 * d.between(1, 10),
                valued: 10 * d.between(0, 10),
                solved: 10 * d.between(0, 6),
            },
            temperament: Temperament { min: low, max: high },
            walkout,
            look: Look::default(),
            distress: Distress::default(),
        },
        start: node_id(0),
        nodes: out,
        endings,
        notes: BTreeMap::new(),
    }
}
