//! Bilingual text: every learner-facing string in a scenario carries English and Chinese.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A language the learner can play in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, Default)]
pub enum Lang {
    /// English.
    #[default]
    En,
    /// Simplified Chinese (中文).
    Zh,
}

impl Lang {
    /// All supported languages, in display order.
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Zh];

    /// The short code used on the command line and in files (`en`, `zh`).
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh",
        }
    }

    /// Parses `en` / `zh` (case-insensitive).
    pub fn from_code(code: &str) -> Option<Lang> {
        match code.to_ascii_lowercase().as_str() {
            "en" | "english" => Some(Lang::En),
            "zh" | "cn" | "chinese" | "中文" => Some(Lang::Zh),
            _ => None,
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// A piece of text in both languages, written in RON as `(en: "...", zh: "...")`.
///
/// A missing language is an empty string; the checker reports it when the scenario
/// declares that language.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Localized {
    /// English text.
    #[serde(default)]
    pub en: String,
    /// Chinese text.
    #[serde(default)]
    pub zh: String,
}

impl Localized {
    /// Builds a text from both languages.
    pub fn new(en: impl Into<String>, zh: impl Into<String>) -> Self {
        Localized { en: en.into(), zh: zh.into() }
    }

    /// The text in `lang`, falling back to the other language when that one is empty.
    pub fn get(&self, lang: Lang) -> &str {
        let (first, second) = match lang {
            Lang::En => (&self.en, &self.zh),
            Lang::Zh => (&self.zh, &self.en),
        };
        if first.trim().is_empty() { second } else { first }
    }

    /// The text in exactly `lang`, without fallback.
    pub fn exact(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.en,
            Lang::Zh => &self.zh,
        }
    }

    /// True when no language has any visible text.
    pub fn is_blank(&self) -> bool {
        self.en.trim().is_empty() && self.zh.trim().is_empty()
    }
}
