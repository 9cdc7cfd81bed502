//! Replaying a call from its decisions: by the option numbers a learner pressed (with the call's
//! seed, which fixes the order on screen), or by stable choice ids (independent of the order). The
//! terminal player, the golden transcripts, and later signed results and the analyzer use this.

use crate::core::engine::{Conversation, EngineError, Event};
use crate::core::ids::{ChoiceId, NodeId, OptionNumber};
use crate::core::scenario::Scenario;
use crate::core::score::{Report, score};
use crate::core::technique::Catalog;
use crate::core::text::Lang;
use crate::core::transcript;
use std::fmt;
use std::sync::Arc;

/// The decisions of a call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Script<'a> {
    /// Option numbers as shown on screen (depends on the seed's option order).
    Numbers(&'a [OptionNumber]),
    /// Stable choice ids (the order on screen does not matter).
    Choices(&'a [ChoiceId]),
}

impl Script<'_> {
    fn len(&self) -> usize {
        match self {
            Script::Numbers(n) => n.len(),
            Script::Choices(c) => c.len(),
        }
    }
}

/// Why a replay stopped.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReplayError {
    /// The engine could not start the call.
    Start(EngineError),
    /// Decision `step` (1-based) was refused.
    Step {
        /// Which decision (1-based) was refused.
        step: usize,
        /// Why the engine refused it.
        error: EngineError,
    },
    /// The decisions ran out before the call ended.
    TooShort {
        /// Decisions made before the script ran out.
        made: usize,
        /// The node still waiting.
        node: NodeId,
    },
}

impl fmt::Display for ReplayError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReplayError::Start(e) => write!(f, "the call cannot start: {e}"),
            ReplayError::Step { step, error } => write!(f, "decision {step}: {error}"),
            ReplayError::TooShort { made, node } => {
                write!(f, "the choices ran out after {made} decision(s); the call is waiting at node `{node}`")
            }
        }
    }
}

impl std::error::Error for ReplayError {}

/// A replayed call, finished.
#[derive(Clone, Debug)]
pub struct Replay {
    /// The call at its end.
    pub conversation: Conversation,
    /// Every event, from the first line to the ending.
    pub events: Vec<Event>,
    /// Decisions left over after the call ended (ignored).
    pub unused: usize,
}

impl Replay {
    /// The debrief of the call.
    pub fn report(&self, catalog: &Catalog) -> Report {
        score(self.conversation.scenario(), catalog, self.conversation.state())
    }

    /// The plain-text transcript in `lang`.
    pub fn transcript(&self, lang: Lang) -> String {
        transcript::render(self.conversation.scenario(), &self.events, lang)
    }
}

/// Plays `script` through `scenario` with `seed` until the call ends.
pub fn replay(scenario: Arc<Scenario>, seed: u64, script: Script<'_>) -> Result<Replay, ReplayError> {
    let (mut conversation, mut events) = Conversation::start(scenario, seed).map_err(ReplayError::Start)?;
    let mut made = 0;
    while !conversation.is_over() && made < script.len() {
        let step = match script {
            Script::Numbers(numbers) => conversation.select(numbers[made]),
            Script::Choices(ids) => conversation.select_choice(&ids[made]),
        };
        made += 1;
        events.extend(step.map_err(|error| ReplayError::Step { step: made, error })?);
    }
    if let Some(node) = conversation.current_node() {
        return Err(ReplayError::TooShort { made, node: node.id.clone() });
    }
    Ok(Replay { conversation, events, unused: script.len() - made })
}
