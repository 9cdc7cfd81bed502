//! The technique catalog: listening and recovery techniques and the anti-patterns that undo them.

use crate::core::text::Localized;
use serde::{Deserialize, Serialize};

/// Which family a technique belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Family {
    /// Listening techniques (catalog L1–L6).
    Listening,
    /// Service-recovery techniques (catalog R1–R10 and general ones such as a sincere apology).
    Recovery,
    /// Anti-patterns (catalog X1–X11): choosing one costs points in the family it undermines.
    AntiPattern,
}

impl Family {
    /// Display name.
    pub fn label(self, lang: crate::core::text::Lang) -> &'static str {
        crate::core::ui_text::t(lang, crate::core::ui_text::Text::FamilyName(self))
    }
}

/// How well the source books support a technique (the catalog's tags).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Evidence {
    /// [C] the book has content on this point.
    Content,
    /// [T] the book has only a chapter title.
    Title,
    /// [G] general knowledge, not from the books.
    General,
}

/// One technique or anti-pattern.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Technique {
    /// Stable id from the catalog, e.g. `"L1"`, `"R4"`, `"X8"`, `"G1"`.
    pub id: String,
    /// Listening, recovery, or anti-pattern.
    pub family: Family,
    /// For anti-patterns: the family whose score a violation lowers (default: recovery).
    #[serde(default)]
    pub counts_against: Option<Family>,
    /// Short name in both languages, shown in the debrief and on library cards.
    pub name: Localized,
    /// One or two sentences a learner understands.
    pub description: Localized,
    /// Where it comes from, e.g. `"003#L173"` or `"technique-catalog.md §2"`.
    #[serde(default)]
    pub source: String,
    /// How well the source books support it: content, a chapter title only, or general knowledge.
    #[serde(default = "general")]
    pub evidence: Evidence,
}

fn general() -> Evidence {
    Evidence::General
}

impl Technique {
    /// The family whose score this technique's hits and violations count in.
    pub fn scored_family(&self) -> Family {
        match self.family {
            Family::AntiPattern => match self.counts_against {
                Some(Family::Listening) => Family::Listening,
                _ => Family::Recovery,
            },
            other => other,
        }
    }
}

/// Sort key that orders ids naturally: `L1, L2, …, R2, R10`, not `R1, R10, R2`.
pub fn id_order(id: &str) -> (String, u64, String) {
    let prefix: String = id.chars().take_while(|c| !c.is_ascii_digit()).collect();
    let digits: String = id[prefix.len()..].chars().take_while(char::is_ascii_digit).collect();
    let rest = id[prefix.len() + digits.len()..].to_string();
    (prefix, digits.parse().unwrap_or(0), rest)
}

/// The whole catalog, as in `scenarios/techniques.ron`: `Catalog(techniques: [...])`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Catalog {
    /// Every technique, ids unique.
    pub techniques: Vec<Technique>,
}

impl Catalog {
    /// Finds a technique by id.
    pub fn get(&self, id: &str) -> Option<&Technique> {
        self.techniques.iter().find(|t| t.id == id)
    }
}
