//! The customer's state: four meters from 0 to 100, and the effects a choice has on them.

use serde::{Deserialize, Serialize};
use std::fmt;

/// The lowest value a meter can hold.
pub const METER_MIN: i32 = 0;
/// The highest value a meter can hold.
pub const METER_MAX: i32 = 100;

/// One of the customer's meters.
///
/// `Valued` and `Solved` are the two axes of catalog item O7: did the customer feel
/// taken seriously, and was the problem fixed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Meter {
    /// How the customer feels: 0 furious, 100 delighted.
    Mood,
    /// How much longer the customer will put up with the call: at 0 they walk out.
    Patience,
    /// Whether the customer feels valued (重视).
    Valued,
    /// How far the problem is solved.
    Solved,
}

impl Meter {
    /// All meters in display order.
    pub const ALL: [Meter; 4] = [Meter::Mood, Meter::Patience, Meter::Valued, Meter::Solved];

    /// The lower-case name used in RON effects and reports.
    pub fn name(self) -> &'static str {
        match self {
            Meter::Mood => "mood",
            Meter::Patience => "patience",
            Meter::Valued => "valued",
            Meter::Solved => "solved",
        }
    }

    /// The display name in `lang`.
    pub fn label(self, lang: crate::core::text::Lang) -> &'static str {
        crate::core::ui_text::t(lang, crate::core::ui_text::Text::MeterName(self))
    }
}

impl fmt::Display for Meter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The four meter values, written in RON as `(mood: 20, patience: 60, valued: 10, solved: 0)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Meters {
    /// See [`Meter::Mood`].
    #[serde(default = "half")]
    pub mood: i32,
    /// See [`Meter::Patience`].
    #[serde(default = "full")]
    pub patience: i32,
    /// See [`Meter::Valued`].
    #[serde(default)]
    pub valued: i32,
    /// See [`Meter::Solved`].
    #[serde(default)]
    pub solved: i32,
}

fn half() -> i32 {
    50
}
fn full() -> i32 {
    100
}

impl Default for Meters {
    fn default() -> Self {
        Meters { mood: half(), patience: full(), valued: 0, solved: 0 }
    }
}

impl Meters {
    /// The value of one meter.
    pub fn get(&self, meter: Meter) -> i32 {
        match meter {
            Meter::Mood => self.mood,
            Meter::Patience => self.patience,
            Meter::Valued => self.valued,
            Meter::Solved => self.solved,
        }
    }

    /// The same values, each clamped to the meter range.
    pub fn clamped(&self) -> Meters {
        let mut out = Meters::default();
        for m in Meter::ALL {
            out.set(m, self.get(m));
        }
        out
    }

    /// Sets one meter, clamped to the meter range.
    pub fn set(&mut self, meter: Meter, value: i32) {
        let value = value.clamp(METER_MIN, METER_MAX);
        match meter {
            Meter::Mood => self.mood = value,
            Meter::Patience => self.patience = value,
            Meter::Valued => self.valued = value,
            Meter::Solved => self.solved = value,
        }
    }
}

/// Changes a choice makes to the meters, written as `(mood: -10, valued: 5)`; omitted meters do not change.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Effects {
    /// Change to mood.
    #[serde(default)]
    pub mood: i32,
    /// Change to patience.
    #[serde(default)]
    pub patience: i32,
    /// Change to "feels valued".
    #[serde(default)]
    pub valued: i32,
    /// Change to "problem solved".
    #[serde(default)]
    pub solved: i32,
}

impl Effects {
    /// The change to one meter.
    pub fn get(&self, meter: Meter) -> i32 {
        match meter {
            Meter::Mood => self.mood,
            Meter::Patience => self.patience,
            Meter::Valued => self.valued,
            Meter::Solved => self.solved,
        }
    }
}
