//! Conditions that gate a choice or a route, evaluated against the customer's meters and the call so far.

use crate::core::ids::NodeId;
use crate::core::meters::{Meter, Meters};
use serde::{Deserialize, Serialize};

/// A test on the call state, written in RON, e.g. `AtLeast(Mood, 40)` or `All([Visited("apology"), AtMost(Patience, 30)])`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Condition {
    /// The meter is at least this value.
    AtLeast(Meter, i32),
    /// The meter is at most this value.
    AtMost(Meter, i32),
    /// The call has passed through this node.
    Visited(NodeId),
    /// The call has not passed through this node.
    NotVisited(NodeId),
    /// Every condition holds.
    All(Vec<Condition>),
    /// At least one condition holds.
    Any(Vec<Condition>),
    /// The condition does not hold.
    Not(Box<Condition>),
}

/// What a condition can read.
pub trait ConditionContext {
    /// The current meters.
    fn meters(&self) -> &Meters;
    /// Whether the node with this id has been visited.
    fn visited(&self, node: &str) -> bool;
}

impl Condition {
    /// Evaluates the condition.
    pub fn holds(&self, ctx: &dyn ConditionContext) -> bool {
        match self {
            Condition::AtLeast(m, v) => ctx.meters().get(*m) >= *v,
            Condition::AtMost(m, v) => ctx.meters().get(*m) <= *v,
            Condition::Visited(id) => ctx.visited(id),
            Condition::NotVisited(id) => !ctx.visited(id),
            Condition::All(cs) => cs.iter().all(|c| c.holds(ctx)),
            Condition::Any(cs) => cs.iter().any(|c| c.holds(ctx)),
            Condition::Not(c) => !c.holds(ctx),
        }
    }

    /// Calls `f` on every node id the condition mentions.
    pub fn for_each_node_ref(&self, f: &mut dyn FnMut(&str)) {
        match self {
            Condition::Visited(id) | Condition::NotVisited(id) => f(id),
            Condition::All(cs) | Condition::Any(cs) => cs.iter().for_each(|c| c.for_each_node_ref(f)),
            Condition::Not(c) => c.for_each_node_ref(f),
            Condition::AtLeast(..) | Condition::AtMost(..) => {}
        }
    }
}
