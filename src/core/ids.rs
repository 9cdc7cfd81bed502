//! Typed ids: a node, a scenario, a choice and an option's number on screen are different things,
//! so each has its own type instead of a bare `String` or `usize`.

use serde::{Deserialize, Serialize};
use std::borrow::Borrow;
use std::fmt;

macro_rules! string_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub String);

        impl $name {
            /// Wraps an id.
            pub fn new(id: impl Into<String>) -> Self {
                $name(id.into())
            }

            /// The id as text.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        // An id reads like the text it is (`&NodeId` works where `&str` is asked for); it is
        // built only on purpose, through `new` or `From`.
        impl std::ops::Deref for $name {
            type Target = str;
            fn deref(&self) -> &str {
                &self.0
            }
        }

        impl Borrow<str> for $name {
            fn borrow(&self) -> &str {
                &self.0
            }
        }

        impl PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                self.0 == other
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.0 == *other
            }
        }

        impl From<&str> for $name {
            fn from(id: &str) -> Self {
                $name(id.to_string())
            }
        }
    };
}

string_id!(
    /// The id of a node or an ending within a scenario (they share one namespace), e.g. `"greeting"`.
    NodeId
);
string_id!(
    /// The stable id of a scenario, e.g. `"angry_caller"`: it names saved progress and results, so it
    /// must be unique across a scenario folder.
    ScenarioId
);
string_id!(
    /// The stable id of a choice, unique within its scenario, e.g. `"greeting.listen"`. Progress
    /// records and results refer to choices by it, so reordering options in the file does not
    /// corrupt history. A choice without `id:` gets a derived one, `node#index` (1-based).
    ChoiceId
);

impl ChoiceId {
    /// The id used for a choice that has no `id:` in the file: the node id and the choice's
    /// 1-based position in the node, e.g. `greeting#2`.
    pub fn derived(node: &NodeId, index: usize) -> ChoiceId {
        ChoiceId(format!("{node}#{}", index + 1))
    }
}

/// An option's number as the learner sees it (1 = the first option on screen). The engine's
/// offer order is shuffled per call, so this is not the choice's position in the file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct OptionNumber(pub usize);

impl OptionNumber {
    /// The number of the option at 0-based display position `k`.
    pub fn from_position(k: usize) -> OptionNumber {
        OptionNumber(k + 1)
    }

    /// The 0-based display position, `None` for the invalid number 0.
    pub fn position(self) -> Option<usize> {
        self.0.checked_sub(1)
    }
}

impl fmt::Display for OptionNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_read_and_write_as_plain_strings() {
        let id: NodeId = ron::from_str("\"greeting\"").expect("parse");
        assert_eq!(id, "greeting");
        assert_eq!(ron::to_string(&id).expect("write"), "\"greeting\"");
        assert_eq!(ChoiceId::derived(&id, 1).as_str(), "greeting#2");
    }

    #[test]
    fn option_numbers_are_one_based() {
        assert_eq!(OptionNumber::from_position(0), OptionNumber(1));
        assert_eq!(OptionNumber(3).position(), Some(2));
        assert_eq!(OptionNumber(0).position(), None);
    }
}
