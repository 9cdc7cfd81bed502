//! The dialogue engine: runs one call through a scenario, in the style of Yarn Spinner's runtime.
//!
//! `Conversation::start` enters the first node; `select` takes one of the offered options; each
//! step returns the [`Event`]s it produced. All randomness is derived from the seed (see
//! [`crate::core::random`]), so the same seed and the same selections give the same call. The whole
//! state is the serializable [`CallState`], which [`Conversation::restore`] resumes.

use crate::core::condition::ConditionContext;
use crate::core::fingerprint::Fingerprint;
use crate::core::ids::{ChoiceId, NodeId, OptionNumber, ScenarioId};
use crate::core::meters::{Meter, Meters};
use crate::core::random::{Purpose, draw_in, draw_index, shuffle};
use crate::core::scenario::{Node, Outcome, Scenario};
use crate::core::score::net_weight;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::sync::Arc;

/// Most nodes the engine passes through in one step (routing chains); stops runaway loops.
pub const MAX_HOPS_PER_STEP: usize = 1000;

/// Why a call ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum EndReason {
    /// A choice or route led to the ending.
    Reached,
    /// Patience ran out and the customer walked out.
    Walkout,
}

/// Something that happened in the call, in order. Text is referenced, not copied, so the
/// same events can be shown in any language.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Event {
    /// The customer says variant `variant` of node `node`'s lines.
    Line {
        /// The node whose line it is (look the text up in the scenario).
        node: NodeId,
        /// Index into the node's `lines`.
        variant: usize,
    },
    /// The learner is offered these choices (indices into the node's `choices`, in display order).
    Options {
        /// The node whose choices are offered.
        node: NodeId,
        /// Choice indices, first shown first.
        choices: Vec<usize>,
    },
    /// The learner said choice `choice` of node `node`.
    Said {
        /// The node the choice belongs to.
        node: NodeId,
        /// Index into the node's `choices`.
        choice: usize,
    },
    /// The learner hesitated past the patience timer.
    Hesitated {
        /// The node whose patience timer ran out.
        node: NodeId,
    },
    /// A meter changed.
    MeterChanged {
        /// Which of the four meters moved.
        meter: Meter,
        /// Its value before the change (0–100).
        from: i32,
        /// Its value after the change, clamped to 0–100.
        to: i32,
    },
    /// The call ended.
    Ended {
        /// The ending reached (an id from the scenario's `endings`).
        ending: NodeId,
        /// Place on the waterfall.
        outcome: Outcome,
        /// The customer left silently.
        silent_exit: bool,
        /// Whether a choice or route led there, or patience ran out.
        reason: EndReason,
    },
}

/// One decision the learner made.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Turn {
    /// The node where the decision was made.
    pub node: NodeId,
    /// Which line variant the customer said.
    pub variant: usize,
    /// The choices offered, in display order.
    pub offered: Vec<usize>,
    /// The choice taken (index into the node's `choices`).
    pub chosen: usize,
    /// The stable id of the choice taken.
    pub choice_id: ChoiceId,
    /// Meters before the choice.
    pub before: Meters,
    /// Meters after the choice.
    pub after: Meters,
}

/// A time the learner let a node's patience timer run out.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Hesitation {
    /// The node the customer was waiting at.
    pub node: NodeId,
    /// Which of its lines the customer had said.
    pub variant: usize,
    /// Patience before the timer ran out.
    pub patience_before: i32,
    /// Patience after it drained.
    pub patience_after: i32,
    /// Patience ran out and the customer left (hung up or walked away).
    pub walked_out: bool,
}

/// Where the call is.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Position {
    /// Waiting for the learner at a node.
    AtNode {
        /// The node waiting for the learner's decision.
        node: NodeId,
        /// Line variant shown.
        variant: usize,
        /// Choices offered, in display order.
        offered: Vec<usize>,
    },
    /// The call is over.
    Ended {
        /// The ending the call finished on.
        ending: NodeId,
        /// Whether a choice or route led there, or patience ran out.
        reason: EndReason,
    },
}

/// Everything about a call in progress: plain data, serializable and hashable.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct CallState {
    /// The id of the scenario being played (checked again on restore).
    pub scenario_id: ScenarioId,
    /// Fingerprint of the scenario the call was started on.
    pub scenario_fingerprint: Fingerprint,
    /// The call's seed.
    pub seed: u64,
    /// Mood-loss percentage drawn for this call.
    pub temperament: u32,
    /// The customer's meters now (each 0–100).
    pub meters: Meters,
    /// Where the call is.
    pub position: Position,
    /// Nodes entered so far, in order.
    pub visited: Vec<NodeId>,
    /// Decisions so far.
    pub turns: Vec<Turn>,
    /// Number of nodes entered so far (drives the random draws).
    pub step: u32,
    /// Every time the learner let a patience timer run out, in order.
    pub hesitations: Vec<Hesitation>,
}

/// What can go wrong driving the engine.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EngineError {
    /// A node or ending id does not exist (the scenario was not checked).
    UnknownTarget {
        /// The missing id.
        id: NodeId,
    },
    /// The node offers no choice whose condition holds.
    NoOptions {
        /// The node whose choices all failed their conditions.
        node: NodeId,
    },
    /// The selected option number is not on offer.
    NoSuchOption {
        /// The number given.
        number: OptionNumber,
        /// How many options there are.
        available: usize,
    },
    /// The call is already over.
    CallOver,
    /// Routing went round more than [`MAX_HOPS_PER_STEP`] nodes without stopping.
    RunawayRoutes {
        /// The node where it was stopped.
        node: NodeId,
    },
    /// No choice with this id is on offer at the current node.
    ChoiceNotOffered {
        /// The id given.
        id: ChoiceId,
        /// The node waiting for a decision.
        node: NodeId,
    },
    /// A saved state does not belong to this scenario.
    StateMismatch {
        /// What differs, in a sentence for the person resuming the call.
        reason: String,
    },
}

impl fmt::Display for EngineError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EngineError::UnknownTarget { id } => write!(f, "the scenario has no node or ending `{id}`"),
            EngineError::NoOptions { node } => write!(f, "node `{node}` offers no choice whose condition holds"),
            EngineError::NoSuchOption { number, available } => {
                write!(f, "option {number} is not on offer (choose 1 to {available})")
            }
            EngineError::ChoiceNotOffered { id, node } => {
                write!(f, "choice `{id}` is not on offer at node `{node}`")
            }
            EngineError::CallOver => write!(f, "the call is already over"),
            EngineError::RunawayRoutes { node } => {
                write!(f, "routes loop without stopping (stopped at `{node}` after {MAX_HOPS_PER_STEP} hops)")
            }
            EngineError::StateMismatch { reason } => write!(f, "the saved call does not match the scenario: {reason}"),
        }
    }
}

impl std::error::Error for EngineError {}

/// A call in progress.
#[derive(Clone, Debug)]
pub struct Conversation {
    scenario: Arc<Scenario>,
    state: CallState,
}

struct Ctx<'a> {
    meters: &'a Meters,
    visited: &'a [NodeId],
}

impl ConditionContext for Ctx<'_> {
    fn meters(&self) -> &Meters {
        self.meters
    }
    fn visited(&self, node: &str) -> bool {
        self.visited.iter().any(|v| v == node)
    }
}

/// Scales a mood loss by the temperament percentage, rounding half away from zero.
pub(crate) fn scale_loss(delta: i32, temperament: u32) -> i32 {
    if delta >= 0 {
        return delta;
    }
    let scaled = i64::from(delta).saturating_mul(i64::from(temperament));
    i32::try_from(scaled.saturating_sub(50) / 100).unwrap_or(i32::MIN)
}

impl Conversation {
    /// Starts a call: draws the temperament and enters the start node.
    pub fn start(scenario: Arc<Scenario>, seed: u64) -> Result<(Conversation, Vec<Event>), EngineError> {
        let t = scenario.customer.temperament;
        let temperament = draw_in(seed, 0, Purpose::Temperament, t.min, t.max.max(t.min));
        let state = CallState {
            scenario_id: scenario.id.clone(),
            scenario_fingerprint: fingerprint(&scenario),
            seed,
            temperament,
            meters: scenario.starting_meters(),
            position: Position::Ended { ending: NodeId::default(), reason: EndReason::Reached },
            visited: Vec::new(),
            turns: Vec::new(),
            step: 0,
            hesitations: Vec::new(),
        };
        let mut conv = Conversation { scenario: scenario.clone(), state };
        let mut events = Vec::new();
        conv.enter(scenario.start.as_str(), &mut events)?;
        Ok((conv, events))
    }

    /// Resumes a saved call. Fails when the state does not fit the scenario.
    pub fn restore(scenario: Arc<Scenario>, state: CallState) -> Result<Conversation, EngineError> {
        if state.scenario_id != scenario.id {
            return Err(EngineError::StateMismatch {
                reason: format!("it is a call of `{}`, not `{}`", state.scenario_id, scenario.id),
            });
        }
        if state.scenario_fingerprint != fingerprint(&scenario) {
            return Err(EngineError::StateMismatch { reason: "the scenario file has changed since".into() });
        }
        match &state.position {
            Position::AtNode { node, offered, .. } => {
                let n = scenario.node(node).ok_or_else(|| EngineError::UnknownTarget { id: node.clone() })?;
                if offered.iter().any(|&i| i >= n.choices.len()) {
                    return Err(EngineError::StateMismatch { reason: format!("node `{node}` has fewer choices") });
                }
            }
            Position::Ended { ending, .. } => {
                if scenario.ending(ending).is_none() {
                    return Err(EngineError::UnknownTarget { id: ending.clone() });
                }
            }
        }
        Ok(Conversation { scenario, state })
    }

    /// The scenario being played.
    pub fn scenario(&self) -> &Arc<Scenario> {
        &self.scenario
    }

    /// The whole state, for saving.
    pub fn state(&self) -> &CallState {
        &self.state
    }

    /// The current node, while the call is on.
    pub fn current_node(&self) -> Option<&Node> {
        match &self.state.position {
            Position::AtNode { node, .. } => self.scenario.node(node),
            Position::Ended { .. } => None,
        }
    }

    /// The current line variant index, while the call is on.
    pub fn current_variant(&self) -> Option<usize> {
        match &self.state.position {
            Position::AtNode { variant, .. } => Some(*variant),
            Position::Ended { .. } => None,
        }
    }

    /// The choices on offer (indices into the current node's `choices`), in display order.
    pub fn offered(&self) -> &[usize] {
        match &self.state.position {
            Position::AtNode { offered, .. } => offered,
            Position::Ended { .. } => &[],
        }
    }

    /// True when the call has ended.
    pub fn is_over(&self) -> bool {
        matches!(self.state.position, Position::Ended { .. })
    }

    /// The ending id and reason, once the call is over.
    pub fn ending(&self) -> Option<(&NodeId, EndReason)> {
        match &self.state.position {
            Position::Ended { ending, reason } => Some((ending, *reason)),
            Position::AtNode { .. } => None,
        }
    }

    /// Takes option `number` (as displayed). On error the call is unchanged.
    pub fn select(&mut self, number: OptionNumber) -> Result<Vec<Event>, EngineError> {
        self.transaction(|conv| conv.select_inner(number))
    }

    /// The display number of the offered choice with this stable id.
    pub fn number_of(&self, id: &ChoiceId) -> Result<OptionNumber, EngineError> {
        let node = self.current_node().ok_or(EngineError::CallOver)?;
        self.offered()
            .iter()
            .position(|&i| Scenario::choice_id(node, i) == *id)
            .map(OptionNumber::from_position)
            .ok_or_else(|| EngineError::ChoiceNotOffered { id: id.clone(), node: node.id.clone() })
    }

    /// Takes the offered choice with this stable id (whatever its place on screen).
    pub fn select_choice(&mut self, id: &ChoiceId) -> Result<Vec<Event>, EngineError> {
        let number = self.number_of(id)?;
        self.select(number)
    }

    /// The offered option with the highest net technique weight (the first such on screen when
    /// several tie): the model answer the debrief shows as "better option".
    pub fn best_option(&self) -> Option<OptionNumber> {
        let node = self.current_node()?;
        best_offered(node, self.offered()).map(|(number, _)| number)
    }

    /// Runs a step and undoes it when it fails. A step only appends to the call's lists, so the
    /// undo keeps their lengths and copies the rest (a long call is not copied at every step).
    fn transaction(
        &mut self,
        step: impl FnOnce(&mut Conversation) -> Result<Vec<Event>, EngineError>,
    ) -> Result<Vec<Event>, EngineError> {
        let s = &self.state;
        let saved = (s.meters, s.position.clone(), s.step, s.visited.len(), s.turns.len(), s.hesitations.len());
        let result = step(self);
        if result.is_err() {
            let (meters, position, step, visited, turns, hesitations) = saved;
            self.state.meters = meters;
            self.state.position = position;
            self.state.step = step;
            self.state.visited.truncate(visited);
            self.state.turns.truncate(turns);
            self.state.hesitations.truncate(hesitations);
        }
        result
    }

    fn select_inner(&mut self, number: OptionNumber) -> Result<Vec<Event>, EngineError> {
        let (node_id, variant, offered) = match &self.state.position {
            Position::AtNode { node, variant, offered } => (node.clone(), *variant, offered.clone()),
            Position::Ended { .. } => return Err(EngineError::CallOver),
        };
        let Some(&choice_index) = number.position().and_then(|i| offered.get(i)) else {
            return Err(EngineError::NoSuchOption { number, available: offered.len() });
        };
        let scenario = self.scenario.clone();
        let node = scenario.node(&node_id).ok_or_else(|| EngineError::UnknownTarget { id: node_id.clone() })?;
        let choice =
            node.choices.get(choice_index).ok_or_else(|| EngineError::UnknownTarget { id: node_id.clone() })?;
        let mut events = vec![Event::Said { node: node_id.clone(), choice: choice_index }];
        let before = self.state.meters;
        for m in Meter::ALL {
            let mut delta = choice.effects.get(m);
            if m == Meter::Mood {
                delta = scale_loss(delta, self.state.temperament);
            }
            self.change(m, delta, &mut events);
        }
        self.state.turns.push(Turn {
            choice_id: Scenario::choice_id(node, choice_index),
            node: node_id,
            variant,
            offered,
            chosen: choice_index,
            before,
            after: self.state.meters,
        });
        if self.walked_out(&mut events)? {
            return Ok(events);
        }
        self.enter(choice.next.as_str(), &mut events)?;
        Ok(events)
    }

    /// The learner let the current node's patience timer run out: patience drains.
    /// Does nothing on a node without a timer. On error the call is unchanged.
    pub fn hesitate(&mut self) -> Result<Vec<Event>, EngineError> {
        self.transaction(Conversation::hesitate_inner)
    }

    fn hesitate_inner(&mut self) -> Result<Vec<Event>, EngineError> {
        let node = self.current_node().ok_or(EngineError::CallOver)?;
        let Some(timer) = node.timer else { return Ok(Vec::new()) };
        let node_id = node.id.clone();
        let variant = self.current_variant().unwrap_or(0);
        let mut events = vec![Event::Hesitated { node: node_id.clone() }];
        let patience_before = self.state.meters.patience;
        self.change(Meter::Patience, timer.drain.saturating_neg(), &mut events);
        let walked_out = self.walked_out(&mut events)?;
        self.state.hesitations.push(Hesitation {
            node: node_id,
            variant,
            patience_before,
            patience_after: self.state.meters.patience,
            walked_out,
        });
        Ok(events)
    }

    fn change(&mut self, meter: Meter, delta: i32, events: &mut Vec<Event>) {
        if delta == 0 {
            return;
        }
        let from = self.state.meters.get(meter);
        self.state.meters.set(meter, from.saturating_add(delta));
        let to = self.state.meters.get(meter);
        if to != from {
            events.push(Event::MeterChanged { meter, from, to });
        }
    }

    fn walked_out(&mut self, events: &mut Vec<Event>) -> Result<bool, EngineError> {
        if self.state.meters.patience > 0 {
            return Ok(false);
        }
        let Some(walkout) = self.scenario.customer.walkout.clone() else { return Ok(false) };
        self.finish(walkout.as_str(), EndReason::Walkout, events)?;
        Ok(true)
    }

    fn finish(&mut self, ending_id: &str, reason: EndReason, events: &mut Vec<Event>) -> Result<(), EngineError> {
        let ending =
            self.scenario.ending(ending_id).ok_or_else(|| EngineError::UnknownTarget { id: ending_id.into() })?;
        events.push(Event::Ended {
            ending: ending.id.clone(),
            outcome: ending.outcome,
            silent_exit: ending.silent_exit,
            reason,
        });
        self.state.position = Position::Ended { ending: ending.id.clone(), reason };
        Ok(())
    }

    /// Enters a node or ending, following routes until a decision point or an ending.
    fn enter(&mut self, target: &str, events: &mut Vec<Event>) -> Result<(), EngineError> {
        let scenario = self.scenario.clone();
        let mut target = NodeId::from(target);
        for _ in 0..MAX_HOPS_PER_STEP {
            if scenario.ending(&target).is_some() {
                return self.finish(&target, EndReason::Reached, events);
            }
            let node = scenario.node(&target).ok_or_else(|| EngineError::UnknownTarget { id: target.clone() })?;
            self.state.step = self.state.step.saturating_add(1);
            let step = self.state.step;
            self.state.visited.push(node.id.clone());
            let variant = draw_index(self.state.seed, step, Purpose::LineVariant, node.lines.len());
            if !node.lines.is_empty() {
                events.push(Event::Line { node: node.id.clone(), variant });
            }
            if node.choices.is_empty() {
                let ctx = Ctx { meters: &self.state.meters, visited: &self.state.visited };
                let route = node.routes.iter().find(|r| r.when.as_ref().is_none_or(|c| c.holds(&ctx)));
                match route {
                    Some(r) => {
                        target = r.next.clone();
                        continue;
                    }
                    None => return Err(EngineError::NoOptions { node: node.id.clone() }),
                }
            }
            let ctx = Ctx { meters: &self.state.meters, visited: &self.state.visited };
            let mut offered: Vec<usize> = node
                .choices
                .iter()
                .enumerate()
                .filter(|(_, c)| c.condition.as_ref().is_none_or(|cond| cond.holds(&ctx)))
                .map(|(i, _)| i)
                .collect();
            if offered.is_empty() {
                return Err(EngineError::NoOptions { node: node.id.clone() });
            }
            shuffle(self.state.seed, step, Purpose::OptionOrder, &mut offered);
            events.push(Event::Options { node: node.id.clone(), choices: offered.clone() });
            self.state.position = Position::AtNode { node: node.id.clone(), variant, offered };
            return Ok(());
        }
        Err(EngineError::RunawayRoutes { node: target })
    }
}

/// The content fingerprint of a scenario (see [`crate::core::fingerprint`]), used to tell whether
/// a saved call or a result still matches the file.
pub fn fingerprint(scenario: &Scenario) -> Fingerprint {
    Fingerprint::of(scenario)
}

/// Among the `offered` choices of `node` (display order), the one with the highest net technique
/// weight, the first on screen when several tie: its display number and its index in the node.
pub fn best_offered(node: &Node, offered: &[usize]) -> Option<(OptionNumber, usize)> {
    let mut best: Option<(OptionNumber, usize, i64)> = None;
    for (k, &i) in offered.iter().enumerate() {
        let Some(choice) = node.choices.get(i) else { continue };
        let net = net_weight(choice);
        if best.is_none_or(|(_, _, b)| net > b) {
            best = Some((OptionNumber::from_position(k), i, net));
        }
    }
    best.map(|(number, index, _)| (number, index))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loss_scaling_rounds_and_keeps_gains() {
        assert_eq!(scale_loss(10, 150), 10);
        assert_eq!(scale_loss(-10, 100), -10);
        assert_eq!(scale_loss(-10, 125), -13);
        assert_eq!(scale_loss(-10, 80), -8);
        assert_eq!(scale_loss(-1, 10), 0);
        assert_eq!(scale_loss(-5, 110), -6);
    }
}
