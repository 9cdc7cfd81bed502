//! Diagnostics for trainers: what is wrong in a file, where (`path:line:col`), and how to fix it.
//!
//! Rendering uses `codespan-reporting`: a grep-able first line `path:line:col: error: message`
//! followed by the offending source line with a caret, then notes and help.

use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label};
use codespan_reporting::files::SimpleFile;
use codespan_reporting::term::{self, Config, DisplayStyle};
use serde::Serialize;
use std::fmt;
use std::ops::Range;

/// How serious a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The file cannot be played.
    Error,
    /// The file plays, but something is probably a mistake.
    Warning,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        })
    }
}

/// A 1-based line and column (columns count characters, not bytes).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct LineCol {
    /// Line, from 1.
    pub line: usize,
    /// Column, from 1, in characters.
    pub col: usize,
}

/// One finding about one file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// Stable machine-readable code, e.g. `unknown-technique`.
    pub code: &'static str,
    /// What is wrong, in a sentence a trainer understands.
    pub message: String,
    /// The file, as given on the command line.
    pub file: String,
    /// Where in the file, when known.
    pub location: Option<LineCol>,
    /// Byte range in the file, when known.
    #[serde(skip)]
    pub span: Option<Range<usize>>,
    /// Short text under the caret.
    pub label: Option<String>,
    /// Extra notes (e.g. where a duplicate was first defined).
    pub notes: Vec<String>,
    /// How to fix it.
    pub help: Option<String>,
}

impl Diagnostic {
    /// A diagnostic with no location yet.
    pub fn new(severity: Severity, code: &'static str, file: &str, message: impl Into<String>) -> Self {
        Diagnostic {
            severity,
            code,
            message: message.into(),
            file: file.to_string(),
            location: None,
            span: None,
            label: None,
            notes: Vec::new(),
            help: None,
        }
    }

    /// An error.
    pub fn error(code: &'static str, file: &str, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, code, file, message)
    }

    /// A warning.
    pub fn warning(code: &'static str, file: &str, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, code, file, message)
    }

    /// Places the diagnostic at a byte range of `text`.
    pub fn at(mut self, text: &str, span: Range<usize>) -> Self {
        let start = floor_char_boundary(text, span.start.min(text.len()));
        let end = floor_char_boundary(text, span.end.clamp(start, text.len()));
        self.location = Some(line_col(text, start));
        self.span = Some(start..end);
        self
    }

    /// Places the diagnostic at a 1-based line and column of `text`.
    pub fn at_line_col(self, text: &str, line: usize, col: usize) -> Self {
        let start = byte_offset(text, line, col);
        // Underline the token that starts there: a quoted string, a word, or one character.
        let rest = &text[start..];
        let mut chars = rest.char_indices();
        let len = match chars.next() {
            None => 0,
            Some((_, '"')) => rest[1..].find('"').map(|i| i + 2).unwrap_or(1),
            Some((_, c)) if c.is_alphanumeric() || c == '_' || c == '-' => rest
                .char_indices()
                .find(|(_, c)| !(c.is_alphanumeric() || *c == '_' || *c == '-' || *c == '.'))
                .map(|(i, _)| i)
                .unwrap_or(rest.len()),
            Some((_, c)) => c.len_utf8(),
        };
        let len = rest[..len.min(rest.len())].char_indices().nth(60).map(|(i, _)| i).unwrap_or(len.min(rest.len()));
        self.at(text, start..start + len)
    }

    /// Adds the label shown under the caret.
    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    /// Adds help.
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// True for errors.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The one-line form: `path:line:col: error: message` (a message that quotes a huge value is
    /// shortened; the JSON output keeps it whole).
    pub fn headline(&self) -> String {
        let message = shorten(&self.message, MAX_SHOWN_CHARS);
        match self.location {
            Some(lc) => format!("{}:{}:{}: {}: {}", self.file, lc.line, lc.col, self.severity, message),
            None => format!("{}: {}: {}", self.file, self.severity, message),
        }
    }

    /// The full human-readable form: headline, source line with caret, notes and help.
    /// `text` is the file's content (or empty when it could not be read).
    pub fn render(&self, text: &str) -> String {
        let mut out = self.headline();
        out.push('\n');
        // A very long source line (a 1 MB id, a minified file) is shown around the span only.
        let (text, span) = match &self.span {
            Some(span) => {
                let (text, span) = window(text, span.clone());
                (text, Some(span))
            }
            None => (std::borrow::Cow::Borrowed(text), None),
        };
        let message = shorten(&self.message, MAX_SHOWN_CHARS);
        let file = SimpleFile::new(self.file.as_str(), text.as_ref());
        let severity = match self.severity {
            Severity::Error => codespan_reporting::diagnostic::Severity::Error,
            Severity::Warning => codespan_reporting::diagnostic::Severity::Warning,
        };
        let mut cs = CsDiagnostic::new(severity).with_code(self.code).with_message(message.as_ref());
        if let Some(span) = &span {
            let mut label = Label::primary((), span.clone());
            if let Some(l) = &self.label {
                label = label.with_message(l);
            }
            cs = cs.with_labels(vec![label]);
        }
        let mut notes = self.notes.clone();
        if let Some(h) = &self.help {
            notes.push(format!("help: {h}"));
        }
        cs = cs.with_notes(notes);
        let config = Config { display_style: DisplayStyle::Rich, ..Config::default() };
        match term::emit_into_string(&config, &file, &cs) {
            Ok(rendered) => {
                // The first line repeats the message without a location; the headline replaces it.
                // The location line is given the true column (the shown stretch may be cut).
                for line in rendered.lines().skip(1) {
                    match (line.find("┌─ "), self.location) {
                        (Some(at), Some(lc)) => {
                            out.push_str(&format!("{}┌─ {}:{}:{}", &line[..at], self.file, lc.line, lc.col));
                        }
                        _ => out.push_str(line),
                    }
                    out.push('\n');
                }
            }
            Err(_) => {
                for n in &self.notes {
                    out.push_str(&format!("  = {n}\n"));
                }
                if let Some(h) = &self.help {
                    out.push_str(&format!("  = help: {h}\n"));
                }
            }
        }
        let trimmed = out.trim_end().len();
        out.truncate(trimmed);
        out.push('\n');
        out
    }
}

/// Longest message, and longest stretch of a source line, shown in a rendered diagnostic (characters).
pub const MAX_SHOWN_CHARS: usize = 240;

/// `text` cut to about `max` characters, saying how much was left out.
fn shorten(text: &str, max: usize) -> std::borrow::Cow<'_, str> {
    let count = text.chars().count();
    if count <= max {
        return std::borrow::Cow::Borrowed(text);
    }
    let head: String = text.chars().take(max * 2 / 3).collect();
    let tail: String = text.chars().skip(count - max / 4).collect();
    std::borrow::Cow::Owned(format!("{head}… ({} characters left out) …{tail}", count - head.chars().count() - max / 4))
}

/// The text to render `span` from: unchanged when its line is short; otherwise only the stretch of
/// that line around the span (marked `…` where cut), after as many empty lines as came before it so
/// that the line number stays right.
fn window(text: &str, span: Range<usize>) -> (std::borrow::Cow<'_, str>, Range<usize>) {
    let start = floor_char_boundary(text, span.start.min(text.len()));
    let end = floor_char_boundary(text, span.end.min(text.len())).max(start);
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    if text[line_start..line_end].chars().count() <= MAX_SHOWN_CHARS {
        return (std::borrow::Cow::Borrowed(text), start..end);
    }
    let back = |from: usize, chars: usize| {
        text[line_start..from]
            .char_indices()
            .rev()
            .nth(chars.saturating_sub(1))
            .map_or(line_start, |(i, _)| line_start + i)
    };
    let forward =
        |from: usize, chars: usize| text[from..line_end].char_indices().nth(chars).map_or(line_end, |(i, _)| from + i);
    let from = back(start, MAX_SHOWN_CHARS / 4);
    let shown_end = forward(start, MAX_SHOWN_CHARS / 2).min(end.max(start));
    let to = forward(shown_end, MAX_SHOWN_CHARS / 4);
    let lines_before = text[..line_start].matches('\n').count();
    let mut out = "\n".repeat(lines_before);
    if from > line_start {
        out.push('…');
    }
    let offset = out.len();
    out.push_str(&text[from..to]);
    if to < line_end {
        out.push('…');
    }
    let new_start = offset + (start - from);
    let new_end = offset + (end.min(shown_end).max(start) - from);
    (std::borrow::Cow::Owned(out), new_start..new_end.max(new_start))
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The 1-based line and column (in characters) of byte offset `offset`.
pub fn line_col(text: &str, offset: usize) -> LineCol {
    let offset = floor_char_boundary(text, offset.min(text.len()));
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
    let col = text[line_start..offset].chars().count() + 1;
    LineCol { line, col }
}

/// The byte offset of a 1-based line and column (in characters), clamped to the text.
pub fn byte_offset(text: &str, line: usize, col: usize) -> usize {
    let mut start = 0;
    for _ in 1..line.max(1) {
        match text[start..].find('\n') {
            Some(i) => start += i + 1,
            None => return text.len(),
        }
    }
    let line_text = &text[start..];
    let line_end = line_text.find('\n').unwrap_or(line_text.len());
    let offset = line_text[..line_end].char_indices().nth(col.saturating_sub(1)).map(|(i, _)| i).unwrap_or(line_end);
    start + offset
}

/// Suggests the closest candidate to a misspelt name (edit distance ≤ 2, or a case-insensitive match).
pub fn did_you_mean<'a>(wrong: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<String> {
    let mut best: Option<(usize, &str)> = None;
    for c in candidates {
        if c.eq_ignore_ascii_case(wrong) {
            return Some(c.to_string());
        }
        let d = edit_distance(wrong, c);
        if d <= 2 && d < wrong.chars().count().max(1) && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c.to_string())
}

fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {

    #[test]
    fn a_huge_value_is_shown_shortened_once_with_the_right_line() {
        let id = "x".repeat(1_000_000);
        let text = format!("Scenario(\n  start: \"{id}\",\n)");
        let at = text.find('x').expect("x");
        let d = Diagnostic::error("unknown-target", "big.ron", format!("no node or ending `{id}`"))
            .at(&text, at..at + id.len());
        let shown = d.render(&text);
        assert!(shown.len() < 3_000, "{} bytes rendered", shown.len());
        assert!(shown.starts_with("big.ron:2:11: error: no node or ending `xxx"), "{shown}");
        assert!(shown.contains("characters left out"), "{shown}");
        assert!(shown.contains("2 │   start: \"xxx"), "{shown}");
        assert!(shown.contains('^'), "{shown}");
        assert!(d.message.len() > 1_000_000, "the diagnostic itself keeps the whole message");
    }

    #[test]
    fn a_span_late_in_a_long_line_is_underlined_where_it_is() {
        let text = format!("{}BAD{}", "a".repeat(5_000), "b".repeat(5_000));
        let at = 5_000;
        let shown = Diagnostic::error("syntax", "f.ron", "bad").at(&text, at..at + 3).render(&text);
        let source = shown.lines().find(|l| l.contains("BAD")).expect("the source line");
        let carets = shown.lines().find(|l| l.contains("^^^")).expect("the underline");
        let column = |line: &str, what: &str| line.find(what).map(|i| line[..i].chars().count());
        assert_eq!(column(source, "BAD"), column(carets, "^^^"), "{shown}");
        assert!(shown.contains("┌─ f.ron:1:5001"), "{shown}");
        assert!(shown.len() < 2_000);
    }

    use super::*;

    #[test]
    fn line_col_counts_characters() {
        let text = "ab\n中文x\n";
        assert_eq!(line_col(text, 0), LineCol { line: 1, col: 1 });
        let x = text.find('x').expect("x");
        assert_eq!(line_col(text, x), LineCol { line: 2, col: 3 });
        assert_eq!(byte_offset(text, 2, 3), x);
    }

    #[test]
    fn render_has_headline_and_caret() {
        let text = "Scenario(\n  start: \"nope\",\n)";
        let start = text.find("\"nope\"").expect("span");
        let d = Diagnostic::error("unknown-node", "s.ron", "no node `nope`").at(text, start..start + 6).label("here");
        let out = d.render(text);
        assert!(out.starts_with("s.ron:2:10: error: no node `nope`\n"), "{out}");
        assert!(out.contains("start: \"nope\""), "{out}");
        assert!(out.contains("^^^^^^ here"), "{out}");
    }

    #[test]
    fn suggestions() {
        assert_eq!(did_you_mean("R11", ["R1", "R10", "L1"]).as_deref(), Some("R1"));
        assert_eq!(did_you_mean("openning", ["opening", "close"]).as_deref(), Some("opening"));
        assert_eq!(did_you_mean("zzz", ["opening"]), None);
    }
}
