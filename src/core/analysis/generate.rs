//! A generator of large valid scenarios for the analysis benchmark: layers of nodes, three choices
//! each, patience costs and a walkout, so the number of distinct calls explodes (more than 10^12
//! from about 300 nodes) while the analysis stays linear in the number of states.

use crate::core::condition::Condition;
use crate::core::ids::{ChoiceId, NodeId, ScenarioId};
use crate::core::meters::{Effects, Meter, Meters};
use crate::core::scenario::{
    Channel, Choice, Customer, Difficulty, Ending, Node, Outcome, Scenario, SourceCase, TechniqueTag, Temperament,
};
use crate::core::text::{Lang, Localized};
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::collections::BTreeMap;

/// Nodes per layer.
pub const WIDTH: usize = 10;

const LISTENING: [&str; 6] = ["L1", "L2", "L3", "L4", "L5", "L6"];
const RECOVERY: [&str; 6] = ["R1", "R2", "R3", "R4", "R8", "R9"];
const ANTI: [&str; 5] = ["X1", "X2", "X3", "X6", "X8"];

fn text(en: String, zh: String) -> Localized {
    Localized::new(en, zh)
}

fn node_id(layer: usize, k: usize) -> NodeId {
    NodeId::new(format!("n{layer}_{k}"))
}

/// A valid layered scenario with at least `nodes` decision nodes (whole layers), drawn from `seed`.
/// Every node is reachable; from about 300 nodes on it has more than 10^12 distinct calls.
pub fn layered(nodes: usize, seed: u64) -> Scenario {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    // Layers widen 1, 3, 9, then WIDTH, so that every node is reachable from the first.
    let mut widths: Vec<usize> = Vec::new();
    let mut total = 0;
    while total < nodes.max(1) {
        let w = match widths.len() {
            0 => 1,
            1 => 3,
            2 => 9,
            _ => WIDTH,
        };
        widths.push(w);
        total += w;
    }
    let layers = widths.len();
    let endings: Vec<(Outcome, &str)> = vec![
        (Outcome::Loyal, "loyal"),
        (Outcome::VerySatisfied, "very_satisfied"),
        (Outcome::Satisfied, "satisfied"),
        (Outcome::Dissatisfied, "dissatisfied"),
        (Outcome::Angry, "angry"),
        (Outcome::Escalated, "escalated"),
    ];
    let mut out = Vec::with_capacity(total);
    for layer in 0..layers {
        let width = widths[layer];
        let next_width = widths.get(layer + 1).copied().unwrap_or(1);
        let shift = rng.random_range(0..next_width);
        for k in 0..width {
            let mut kinds = [0usize, 1, 2];
            kinds.shuffle(&mut rng);
            let choices = kinds
                .iter()
                .enumerate()
                .map(|(c, &kind)| {
                    let next = if layer + 1 == layers {
                        NodeId::new(endings[kind * 2 + rng.random_range(0..2)].1)
                    } else {
                        node_id(layer + 1, (3 * k + c + shift) % next_width)
                    };
                    let l = LISTENING[rng.random_range(0..LISTENING.len())];
                    let r = RECOVERY[rng.random_range(0..RECOVERY.len())];
                    let x = ANTI[rng.random_range(0..ANTI.len())];
                    let (techniques, effects) = match kind {
                        0 => (
                            vec![
                                TechniqueTag::ShowsWeighted(l.into(), rng.random_range(1..=3)),
                                TechniqueTag::ShowsWeighted(r.into(), rng.random_range(1..=3)),
                            ],
                            Effects { mood: 5, patience: 2, valued: 5, solved: 3 },
                        ),
                        1 => (
                            vec![TechniqueTag::Breaks(l.into())],
                            Effects { mood: 0, patience: -1, valued: 0, solved: 1 },
                        ),
                        _ => (
                            vec![TechniqueTag::Breaks(x.into()), TechniqueTag::Breaks(r.into())],
                            Effects { mood: -8, patience: -4, valued: -5, solved: 0 },
                        ),
                    };
                    // Now and then an option only a patient customer is offered.
                    let condition =
                        (kind == 1 && (layer * WIDTH + k) % 50 == 7).then_some(Condition::AtLeast(Meter::Patience, 30));
                    Choice {
                        id: Some(ChoiceId::new(format!("n{layer}_{k}.option{c}"))),
                        text: text(
                            format!("Option {c} at step {layer}: {}", "and more words ".repeat(rng.random_range(0..6))),
                            format!("第{layer}步的选项{c}"),
                        ),
                        techniques,
                        effects,
                        feedback: text(format!("Feedback on option {c}."), format!("对选项{c}的点评。")),
                        next,
                        condition,
                        critical: false,
                        neutral: false,
                    }
                })
                .collect();
            out.push(Node {
                id: node_id(layer, k),
                lines: vec![text(
                    format!("The customer speaks (step {layer}, line {k})."),
                    format!("客户说话（第{layer}步，第{k}句）。"),
                )],
                sound: None,
                voice: None,
                timer: None,
                choices,
                routes: Vec::new(),
            });
        }
    }
    let mut all_endings: Vec<Ending> = endings
        .iter()
        .map(|(outcome, id)| Ending {
            id: NodeId::new(*id),
            outcome: *outcome,
            silent_exit: false,
            text: text(format!("The call ends: {id}."), format!("通话结束：{id}。")),
        })
        .collect();
    all_endings.push(Ending {
        id: NodeId::new("walkout"),
        outcome: Outcome::Angry,
        silent_exit: true,
        text: text("The customer hangs up.".into(), "客户挂了电话。".into()),
    });
    Scenario {
        id: ScenarioId::new(format!("generated_{nodes}")),
        title: text(format!("Generated scenario ({nodes} nodes)"), format!("生成的场景（{nodes}个节点）")),
        summary: text("A generated scenario for the analysis benchmark.".into(), "用于分析基准测试的生成场景。".into()),
        difficulty: Difficulty::Hard,
        minutes: 1,
        channel: Channel::Phone,
        subject: None,
        languages: vec![Lang::En, Lang::Zh],
        source: SourceCase { case: "generated".into(), refs: Vec::new(), tag: "[G]".into() },
        catalog: "techniques.ron".into(),
        customer: Customer {
            name: text("Generated customer".into(), "生成的客户".into()),
            description: Localized::default(),
            meters: Meters { mood: 50, patience: 60, valued: 10, solved: 0 },
            temperament: Temperament { min: 90, max: 130 },
            walkout: Some(NodeId::new("walkout")),
            look: Default::default(),
            distress: Default::default(),
        },
        start: node_id(0, 0),
        nodes: out,
        endings: all_endings,
        notes: BTreeMap::new(),
    }
}
