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

/// Splits a leading stage direction off a line: `"(He sighs.) Fine."` → `(Some("He sighs."), "Fine.")`.
///
/// Scenario writers put what happens around the call in parentheses at the start of a line
/// (ASCII or full-width); it is shown as narration, not as something the customer says.
pub fn split_stage_direction(text: &str) -> (Option<&str>, &str) {
    let trimmed = text.trim_start();
    let close = match trimmed.chars().next() {
        Some('(') => ')',
        Some('（') => '）',
        _ => return (None, text),
    };
    let open_len = trimmed.chars().next().map(char::len_utf8).unwrap_or(1);
    let mut depth = 0usize;
    for (i, c) in trimmed.char_indices() {
        if c == '(' || c == '（' {
            depth += 1;
        } else if c == ')' || c == '）' {
            depth = depth.saturating_sub(1);
            if depth == 0 {
                if c != close {
                    return (None, text);
                }
                let direction = trimmed[open_len..i].trim();
                let rest = trimmed[i + c.len_utf8()..].trim_start();
                return (Some(direction), rest);
            }
        }
    }
    (None, text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stage_directions() {
        assert_eq!(split_stage_direction("(He sighs.) Fine."), (Some("He sighs."), "Fine."));
        assert_eq!(split_stage_direction("（他叹气。）好吧。"), (Some("他叹气。"), "好吧。"));
        assert_eq!(split_stage_direction("(Only narration.)"), (Some("Only narration."), ""));
        assert_eq!(split_stage_direction("No direction (here)."), (None, "No direction (here)."));
        assert_eq!(split_stage_direction("(unclosed"), (None, "(unclosed"));
        assert_eq!(split_stage_direction("(a (b) c) d"), (Some("a (b) c"), "d"));
    }

    #[test]
    fn fallback_language() {
        let t = Localized::new("Hello", "");
        assert_eq!(t.get(Lang::Zh), "Hello");
        assert_eq!(t.exact(Lang::Zh), "");
    }
}
