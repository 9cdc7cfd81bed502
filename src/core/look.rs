//! How a scenario's customer looks (age, hair, glasses, clothing…) and the kind of distress they
//! bring (anger, worry, panic, sadness), and the face that follows from those and the meters: the
//! game only draws the [`Expression`] computed here.

use serde::{Deserialize, Serialize};

/// Roughly how old the customer is.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Age {
    /// A student or a young traveller.
    Young,
    /// Working age.
    #[default]
    Adult,
    /// An elderly customer.
    Senior,
}

/// The hair's cut.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Hair {
    /// Short hair.
    #[default]
    Short,
    /// Long hair, to the shoulders.
    Long,
    /// Hair tied up in a bun.
    Bun,
    /// Curly hair.
    Curly,
    /// Little or no hair.
    Bald,
}

/// The hair's colour.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum HairColour {
    /// Black.
    #[default]
    Black,
    /// Brown.
    Brown,
    /// Blond.
    Blond,
    /// Red.
    Red,
    /// Grey.
    Grey,
    /// White.
    White,
}

/// The skin's tone.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Skin {
    /// Light.
    Light,
    /// Medium.
    #[default]
    Medium,
    /// Tan.
    Tan,
    /// Dark.
    Dark,
}

/// The colour of the customer's top.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Clothing {
    /// Navy blue (a suit, a uniform).
    #[default]
    Navy,
    /// Grey.
    Grey,
    /// Black.
    Black,
    /// White.
    White,
    /// Red.
    Red,
    /// Green.
    Green,
    /// Yellow.
    Yellow,
    /// Purple.
    Purple,
}

/// What the customer looks like. Every field is optional in a scenario file.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Look {
    /// Age group (default adult).
    pub age: Age,
    /// Hair cut (default short).
    pub hair: Hair,
    /// Hair colour (default black; grey or white suits a senior).
    pub hair_colour: HairColour,
    /// Skin tone (default medium).
    pub skin: Skin,
    /// Wears glasses (default no).
    pub glasses: bool,
    /// Colour of the top (default navy).
    pub clothing: Clothing,
}

impl Look {
    /// True for the default look (left out of the fingerprint, so older fingerprints hold).
    pub fn is_default(&self) -> bool {
        *self == Look::default()
    }
}

/// The kind of distress the customer brings to the call.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Distress {
    /// Angry: brows drawn down, a frown, flushed cheeks.
    #[default]
    Anger,
    /// Worried: brows raised in the middle, a tight mouth, a bead of sweat.
    Worry,
    /// Panicking: wide eyes, brows high, an open mouth.
    Panic,
    /// Sad or hurt: brows raised in the middle, a downturned mouth, a tear.
    Sadness,
}

impl Distress {
    /// True for the default (left out of the fingerprint).
    pub fn is_default(&self) -> bool {
        *self == Distress::default()
    }
}

/// The mood from which the customer's face shows relief instead of distress.
pub const RELIEF_FROM_MOOD: i32 = 70;

/// The patience under which a worried or panicking face shows a bead of sweat (any face when
/// patience is nearly gone).
pub const SWEAT_UNDER_PATIENCE: i32 = 30;

/// What the face shows now, as numbers the drawing uses. Positive `brow_slant` draws the brows'
/// inner ends down (anger); negative raises them (worry, sadness).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Expression {
    /// −1 (inner ends raised: worry) … 0 (level) … 1 (inner ends down: anger).
    pub brow_slant: f32,
    /// How high the brows sit: 0 normal … 1 raised in alarm.
    pub brow_lift: f32,
    /// −1 (frown) … 1 (smile).
    pub mouth_curve: f32,
    /// 0 closed … 1 wide open (panic).
    pub mouth_open: f32,
    /// 0.8 narrowed … 1.6 wide open.
    pub eye_size: f32,
    /// Flushed cheeks (anger).
    pub flushed: bool,
    /// A bead of sweat (worry, panic, little patience left).
    pub sweat: bool,
    /// A tear (sadness).
    pub tear: bool,
    /// The distress has given way to relief.
    pub relieved: bool,
}

impl Expression {
    /// The face of a customer in `distress` at this `mood` and `patience` (both 0–100).
    pub fn of(distress: Distress, mood: i32, patience: i32) -> Expression {
        let mood = mood.clamp(0, 100);
        let m = mood as f32 / 100.0;
        let low_patience = patience < SWEAT_UNDER_PATIENCE;
        if mood >= RELIEF_FROM_MOOD {
            return Expression {
                brow_slant: -0.15,
                brow_lift: 0.1,
                mouth_curve: (m - 0.5) * 2.0,
                mouth_open: 0.0,
                eye_size: 1.1,
                flushed: false,
                sweat: low_patience,
                tear: false,
                relieved: true,
            };
        }
        // How strongly the distress shows: full at mood 0, fading towards relief.
        let strength = 1.0 - m / (RELIEF_FROM_MOOD as f32 / 100.0);
        let frown = (m - 0.5) * 2.0; // −1 at mood 0, about 0.4 just below relief
        match distress {
            Distress::Anger => Expression {
                brow_slant: strength,
                brow_lift: 0.0,
                mouth_curve: frown,
                mouth_open: 0.0,
                eye_size: 1.0 - 0.2 * strength,
                flushed: mood < 30,
                sweat: low_patience,
                tear: false,
                relieved: false,
            },
            Distress::Worry => Expression {
                brow_slant: -0.8 * strength,
                brow_lift: 0.3 * strength,
                mouth_curve: frown * 0.5,
                mouth_open: 0.0,
                eye_size: 1.1,
                flushed: false,
                sweat: low_patience || mood < 40,
                tear: false,
                relieved: false,
            },
            Distress::Panic => Expression {
                brow_slant: -0.6 * strength,
                brow_lift: strength,
                mouth_curve: frown * 0.3,
                mouth_open: strength,
                eye_size: 1.0 + 0.6 * strength,
                flushed: false,
                sweat: true,
                tear: false,
                relieved: false,
            },
            Distress::Sadness => Expression {
                brow_slant: -strength,
                brow_lift: 0.15 * strength,
                mouth_curve: frown,
                mouth_open: 0.0,
                eye_size: 0.9,
                flushed: false,
                sweat: low_patience,
                tear: mood < 35,
                relieved: false,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_distress_shows_differently_when_upset() {
        let anger = Expression::of(Distress::Anger, 10, 80);
        let worry = Expression::of(Distress::Worry, 10, 80);
        let panic = Expression::of(Distress::Panic, 10, 80);
        let sad = Expression::of(Distress::Sadness, 10, 80);
        assert!(anger.brow_slant > 0.5 && anger.flushed, "{anger:?}");
        assert!(worry.brow_slant < -0.3 && worry.sweat && !worry.flushed, "{worry:?}");
        assert!(panic.mouth_open > 0.5 && panic.eye_size > 1.3, "{panic:?}");
        assert!(sad.tear && sad.mouth_curve < -0.5, "{sad:?}");
    }

    #[test]
    fn a_good_mood_is_relief_whatever_the_distress() {
        for distress in [Distress::Anger, Distress::Worry, Distress::Panic, Distress::Sadness] {
            let face = Expression::of(distress, 90, 80);
            assert!(face.relieved && face.mouth_curve > 0.5 && face.mouth_open == 0.0, "{distress:?}: {face:?}");
            let upset = Expression::of(distress, RELIEF_FROM_MOOD - 1, 80);
            assert!(!upset.relieved, "{distress:?}");
        }
    }

    #[test]
    fn the_distress_fades_as_the_mood_rises() {
        let low = Expression::of(Distress::Anger, 0, 80);
        let mid = Expression::of(Distress::Anger, 50, 80);
        assert!(low.brow_slant > mid.brow_slant && mid.brow_slant > 0.0);
        assert!(low.mouth_curve < mid.mouth_curve);
    }
}
