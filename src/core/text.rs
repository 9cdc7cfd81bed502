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

    /// True when the script has italics (Chinese has none: egui would only slant the glyphs).
    pub fn has_italics(self) -> bool {
        match self {
            Lang::En => true,
            Lang::Zh => false,
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

    /// The text in `lang` as a learner sees it: source citations such as `(003#L173)` removed
    /// (they are for trainers reading the file). See [`strip_citations`].
    pub fn learner(&self, lang: Lang) -> String {
        strip_citations(self.get(lang))
    }

    /// True when no language has any visible text.
    pub fn is_blank(&self) -> bool {
        self.en.trim().is_empty() && self.zh.trim().is_empty()
    }
}

/// Length in chars of a citation like `003#L173`, `004#L345-359` or `#L313` at the start of `chars`.
fn citation_len(chars: &[char]) -> Option<usize> {
    let prefix = chars.iter().take(3).take_while(|c| c.is_ascii_digit()).count();
    if prefix != 0 && prefix != 3 {
        return None;
    }
    if chars.get(prefix) != Some(&'#') || chars.get(prefix + 1) != Some(&'L') {
        return None;
    }
    let digits =
        |from: usize| chars.get(from..).map_or(0, |rest| rest.iter().take_while(|c| c.is_ascii_digit()).count());
    let first = digits(prefix + 2);
    if first == 0 {
        return None;
    }
    let mut len = prefix + 2 + first;
    if matches!(chars.get(len), Some('-') | Some('–')) {
        let more = digits(len + 1);
        if more > 0 {
            len += 1 + more;
        }
    }
    Some(len)
}

/// True for a parenthetical that is a note for trainers: a pointer into the technique catalog
/// (`catalog O1, rule 3`, `目录 O2`, `§5A`, an evidence tag `[G]`) or only outcome codes (`O6`).
fn is_authoring_note(inner: &str) -> bool {
    let lower = inner.to_lowercase();
    let markers = ["catalog", "目录", "§", "[g]", "[c]", "[t]", "sketch", "草案"];
    if markers.iter().any(|m| lower.contains(m)) {
        return true;
    }
    let mut tokens = inner.split([',', '，', '、', ' ']).filter(|t| !t.is_empty()).peekable();
    tokens.peek().is_some()
        && tokens.all(|t| t.len() >= 2 && t.starts_with('O') && t[1..].chars().all(|c| c.is_ascii_digit()))
}

/// Removes what is meant for trainers from learner-facing text: source citations (`003#L173`,
/// `004#L345-359`) with the separators around them, parentheticals that only point into the
/// catalog (`(catalog O1, rule 3)`, `（目录 O2）`, `(O6)`), and parentheses left empty:
/// `"It works (R3, 003#L301)."` → `"It works (R3)."`, `"Listen first (003#L173)."` → `"Listen first."`
pub fn strip_citations(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let is_sep = |c: char| matches!(c, ' ' | ',' | '，' | ';' | '；' | '、');
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        // A bare `#L12` only counts when it does not continue a word or number (`12#L3` is not one).
        let glued = chars[i] == '#' && i > 0 && chars[i - 1].is_alphanumeric();
        if !glued && let Some(len) = citation_len(&chars[i..]) {
            while out.ends_with(is_sep) {
                out.pop();
            }
            i += len;
            if out.ends_with('(') || out.ends_with('（') {
                while i < chars.len() && is_sep(chars[i]) {
                    i += 1;
                }
            }
            continue;
        }
        out.push(chars[i]);
        i += 1;
    }
    // Drop catalog pointers and parentheses the removals left empty.
    let chars: Vec<char> = out.chars().collect();
    let mut cleaned = String::with_capacity(out.len());
    let mut i = 0;
    while i < chars.len() {
        let close = match chars[i] {
            '(' => Some(')'),
            '（' => Some('）'),
            _ => None,
        };
        if let Some(close) = close
            && let Some(end) = chars[i + 1..].iter().position(|c| *c == close || *c == '(' || *c == '（')
            && chars[i + 1 + end] == close
        {
            let inner: String = chars[i + 1..i + 1 + end].iter().collect();
            if inner.trim().is_empty() || is_authoring_note(&inner) {
                while cleaned.ends_with(' ') {
                    cleaned.pop();
                }
                i += end + 2;
                continue;
            }
        }
        cleaned.push(chars[i]);
        i += 1;
    }
    cleaned
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
    fn citations_are_removed_for_learners() {
        assert_eq!(strip_citations("Listen first (003#L173)."), "Listen first.");
        assert_eq!(strip_citations("It works (R3, 003#L301)."), "It works (R3).");
        assert_eq!(strip_citations("(003#L59) is a title"), " is a title");
        assert_eq!(strip_citations("先听后做(“听完我的介绍”,003#L173)。"), "先听后做(“听完我的介绍”)。");
        assert_eq!(strip_citations("A case (004#L345-359, 003#L1–2) here"), "A case here");
        assert_eq!(strip_citations("(003#L1, R3 and R4)"), "(R3 and R4)");
        assert_eq!(strip_citations("Room 12#L3 stays"), "Room 12#L3 stays");
        assert_eq!(strip_citations("plain"), "plain");
        assert_eq!(strip_citations("Recovery (catalog O1, rule 3): own it."), "Recovery: own it.");
        assert_eq!(strip_citations("还来得及挽回（目录 O1 第3条）：承认失误。"), "还来得及挽回：承认失误。");
        assert_eq!(strip_citations("Loyal again (O6)."), "Loyal again.");
        assert_eq!(strip_citations("A step (the catalog's sketch B4c marks it [G]). Next"), "A step. Next");
        assert_eq!(strip_citations("Keep control (R6, #L313)."), "Keep control (R6).");
        assert_eq!(strip_citations("Only techniques (X6) stay"), "Only techniques (X6) stay");
    }

    #[test]
    fn fallback_language() {
        let t = Localized::new("Hello", "");
        assert_eq!(t.get(Lang::Zh), "Hello");
        assert_eq!(t.exact(Lang::Zh), "");
    }
}
