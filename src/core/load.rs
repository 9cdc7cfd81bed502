//! Reading scenario and catalog files: size and encoding limits, RON parsing, and syntax errors as diagnostics.

use crate::core::diagnostic::Diagnostic;
use crate::core::scenario::Scenario;
use crate::core::source_map::SourceMap;
use crate::core::technique::Catalog;
use serde::de::DeserializeOwned;
use std::path::{Path, PathBuf};

/// The largest file the loader reads. Real scenarios are a few hundred kilobytes at most.
pub const MAX_FILE_BYTES: u64 = 4 * 1024 * 1024;

/// Deepest nesting accepted in a RON file.
pub const MAX_NESTING: usize = 64;

/// The text of one file, with the name used in diagnostics.
#[derive(Clone, Debug)]
pub struct SourceFile {
    /// The path as the user gave it (used in diagnostics).
    pub name: String,
    /// The file's full path on disk, when it came from disk.
    pub path: Option<PathBuf>,
    /// The text (valid UTF-8).
    pub text: String,
}

/// What a RON file holds, judged by its top-level name (`Scenario(` or `Catalog(`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    /// A scenario.
    Scenario,
    /// A technique catalog.
    Catalog,
    /// An exam set (`ExamSet(`).
    ExamSet,
    /// A learner's settings (`Settings(`, or a file named `settings.ron`).
    Settings,
    /// An exam result (a `.json` file written by `frontline exam`).
    ExamResult,
}

/// A parsed file and the positions of its values.
#[derive(Clone, Debug)]
pub struct Parsed<T> {
    /// The file it was parsed from (name, path and text).
    pub source: SourceFile,
    /// The parsed value.
    pub value: T,
    /// Where each value is in the text.
    pub map: SourceMap,
}

impl<T> Parsed<T> {
    /// Places a diagnostic at the value found at `path` (`nodes[2].choices[0].to`); left unplaced
    /// when the path is not in the file (a default value).
    pub fn place(&self, d: Diagnostic, path: &str) -> Diagnostic {
        match self.map.span(path) {
            Some(span) => d.at(&self.source.text, span),
            None => d,
        }
    }
}

impl SourceFile {
    /// Wraps text that did not come from disk (an asset, a test).
    pub fn from_text(name: impl Into<String>, text: impl Into<String>) -> SourceFile {
        SourceFile { name: name.into(), path: None, text: text.into() }
    }

    /// Reads a file, refusing huge files and invalid UTF-8 with a clear diagnostic.
    pub fn read(path: &Path) -> Result<SourceFile, Box<Diagnostic>> {
        let name = path.display().to_string();
        let meta = std::fs::metadata(path)
            .map_err(|e| Box::new(Diagnostic::error("io", &name, format!("cannot read the file: {e}"))))?;
        if meta.is_dir() {
            return Err(Box::new(Diagnostic::error("io", &name, "this is a folder, not a file")));
        }
        if !meta.is_file() {
            return Err(Box::new(Diagnostic::error("io", &name, "this is not a regular file (a device or a pipe?)")));
        }
        if meta.len() > MAX_FILE_BYTES {
            return Err(Box::new(
                Diagnostic::error(
                    "too-large",
                    &name,
                    format!("the file is {} bytes; scenario files are limited to {} bytes", meta.len(), MAX_FILE_BYTES),
                )
                .help("split the scenario into smaller files, or check that this is the right file"),
            ));
        }
        let bytes = std::fs::read(path)
            .map_err(|e| Box::new(Diagnostic::error("io", &name, format!("cannot read the file: {e}"))))?;
        let mut file = Self::from_bytes(&name, bytes)?;
        file.path = Some(path.to_path_buf());
        Ok(file)
    }

    /// Decodes bytes as UTF-8, pointing at the first invalid byte otherwise.
    pub fn from_bytes(name: &str, bytes: Vec<u8>) -> Result<SourceFile, Box<Diagnostic>> {
        if bytes.len() as u64 > MAX_FILE_BYTES {
            return Err(Box::new(Diagnostic::error(
                "too-large",
                name,
                format!("the file is {} bytes; the limit is {} bytes", bytes.len(), MAX_FILE_BYTES),
            )));
        }
        if let Some(at) = bytes.iter().position(|b| *b == 0) {
            let good = String::from_utf8_lossy(&bytes[..at]).into_owned();
            let mut d = Diagnostic::error(
                "binary",
                name,
                "the file contains a NUL byte: it looks like a binary file, not RON text",
            );
            d.location = Some(crate::core::diagnostic::line_col(&good, good.len()));
            if looks_like_utf16(&bytes) {
                d.message = "the file is UTF-16 text, not UTF-8".into();
                d.help = Some("save it as UTF-8 (in most editors: Save As, encoding UTF-8)".into());
            }
            return Err(Box::new(d));
        }
        match String::from_utf8(bytes) {
            Ok(mut text) => {
                if text.starts_with('\u{feff}') {
                    text.replace_range(..3, "");
                }
                // Old Mac line endings (a lone CR) end lines too; otherwise a `//` comment on the
                // first line would swallow the whole file.
                // (CRLF stays as it is: a multi-line text keeps its exact value and fingerprint.)
                if text.contains('\r') {
                    let mut chars = text.chars().peekable();
                    let mut fixed = String::with_capacity(text.len());
                    while let Some(c) = chars.next() {
                        fixed.push(if c == '\r' && chars.peek() != Some(&'\n') { '\n' } else { c });
                    }
                    text = fixed;
                }
                Ok(SourceFile::from_text(name, text))
            }
            Err(e) => {
                let valid = e.utf8_error().valid_up_to();
                let bytes = e.into_bytes();
                let good = String::from_utf8_lossy(&bytes[..valid]).into_owned();
                let lc = crate::core::diagnostic::line_col(&good, good.len());
                let mut d = Diagnostic::error(
                    "not-utf8",
                    name,
                    format!("the file is not valid UTF-8 text (bad byte 0x{:02x})", bytes[valid]),
                )
                .help("save the file as UTF-8 (Chinese text must be UTF-8, not GBK)");
                d.location = Some(lc);
                Err(Box::new(d))
            }
        }
    }

    /// What the file holds, by its first identifier; `None` when it has none.
    pub fn kind(&self) -> Option<FileKind> {
        let mut rest = self.text.as_str();
        loop {
            rest = rest.trim_start();
            if let Some(r) = rest.strip_prefix("//") {
                rest = r.find('\n').map(|i| &r[i..]).unwrap_or("");
            } else if let Some(r) = rest.strip_prefix("/*") {
                rest = r.find("*/").map(|i| &r[i + 2..]).unwrap_or("");
            } else if let Some(r) = rest.strip_prefix("#!") {
                rest = r.find(']').map(|i| &r[i + 1..]).unwrap_or("");
            } else {
                break;
            }
        }
        let ident: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
        match ident.as_str() {
            "Scenario" => Some(FileKind::Scenario),
            "Catalog" => Some(FileKind::Catalog),
            "ExamSet" => Some(FileKind::ExamSet),
            "Settings" => Some(FileKind::Settings),
            _ => None,
        }
    }
}

/// Parses a scenario file's text.
pub fn parse_scenario(source: SourceFile) -> Result<Parsed<Scenario>, Box<Diagnostic>> {
    parse(source, "Scenario")
}

/// Parses an exam set's text.
pub fn parse_exam_set(source: SourceFile) -> Result<Parsed<crate::core::exam::ExamSet>, Box<Diagnostic>> {
    parse(source, "ExamSet")
}

/// Parses a settings file's text.
pub fn parse_settings(source: SourceFile) -> Result<Parsed<crate::core::settings::Settings>, Box<Diagnostic>> {
    parse(source, "Settings")
}

/// Parses a technique catalog's text.
pub fn parse_catalog(source: SourceFile) -> Result<Parsed<Catalog>, Box<Diagnostic>> {
    parse(source, "Catalog")
}

fn parse<T: DeserializeOwned>(source: SourceFile, what: &str) -> Result<Parsed<T>, Box<Diagnostic>> {
    if source.text.trim().is_empty() {
        return Err(Box::new(Diagnostic::error("empty", &source.name, "the file is empty").help(format!(
            "a {} file starts with `{what}(` — see the README for a complete example",
            what.to_lowercase()
        ))));
    }
    if source.text.contains('\u{0}') {
        let at = source.text.find('\u{0}').unwrap_or(0);
        return Err(Box::new(
            Diagnostic::error(
                "binary",
                &source.name,
                "the file contains a NUL byte: it looks like a binary file, not RON text",
            )
            .at(&source.text, at..at + 1),
        ));
    }
    // Optional fields may be written plainly (`walkout: "gone"`) or as `Some("gone")`.
    let options = ron::Options::default()
        .with_recursion_limit(MAX_NESTING)
        .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME);
    match options.from_str::<T>(&source.text) {
        Ok(value) => {
            let map = SourceMap::build(&source.text);
            Ok(Parsed { source, value, map })
        }
        Err(e) => Err(Box::new(syntax_diagnostic(&source, &e, what))),
    }
}

fn syntax_diagnostic(source: &SourceFile, e: &ron::error::SpannedError, what: &str) -> Diagnostic {
    use ron::error::Error as E;
    let at = crate::core::diagnostic::byte_offset(&source.text, e.span.start.line, e.span.start.col);
    let message = match &e.code {
        E::ExceededRecursionLimit => format!("the file nests deeper than {MAX_NESTING} levels"),
        E::MissingStructField { field, outer } => match outer {
            Some(outer) => format!("`{outer}` needs the field `{field}`, which is missing"),
            None => format!("the field `{field}` is missing"),
        },
        E::IntegerOutOfBounds => {
            // ron points at the digits; a minus sign may come just before them.
            let sign = source.text[..at].trim_end().strip_suffix('-').map(str::len);
            let value_at = sign.unwrap_or(at);
            let field =
                field_before(&source.text, value_at).map_or_else(|| "this number".to_string(), |f| format!("`{f}`"));
            if sign.is_some() || source.text[at..].trim_start().starts_with('-') {
                format!("{field} cannot be negative")
            } else {
                format!("{field} is larger than it can be")
            }
        }
        E::TrailingCharacters => format!("there is text after the closing `)` of `{what}(...)`"),
        E::Eof => "the file ends too early: a bracket or parenthesis is not closed".to_string(),
        other => {
            let m = other.to_string();
            let mut chars = m.chars();
            match chars.next() {
                Some(c) => c.to_lowercase().collect::<String>() + chars.as_str(),
                None => "syntax error".to_string(),
            }
        }
    };
    let help = match &e.code {
        E::MissingStructField { .. } => {
            Some("add the missing field; the README lists every field and its meaning".to_string())
        }
        E::NoSuchStructField { expected, found, .. } => {
            Some(match crate::core::diagnostic::did_you_mean(found, expected.iter().copied()) {
                Some(s) => format!("did you mean `{s}`?"),
                None => "check the field's spelling against the README".to_string(),
            })
        }
        E::NoSuchEnumVariant { expected, found, .. } => {
            crate::core::diagnostic::did_you_mean(found, expected.iter().copied())
                .map(|s| format!("did you mean `{s}`?"))
        }
        E::ExpectedComma => Some(comma_help(&source.text, e.span.start.line, e.span.start.col)),
        E::ExpectedDifferentStructName { .. } => Some(format!("this file should start with `{what}(`")),
        E::TrailingCharacters => Some(format!("everything must be inside the top-level `{what}( ... )`")),
        E::UnexpectedChar(_) | E::ExpectedStructLike | E::ExpectedNamedStructLike(_)
            if e.span.start.line == 1 && e.span.start.col == 1 =>
        {
            Some(format!("a {} file starts with `{what}(`", what.to_lowercase()))
        }
        _ => None,
    };
    let mut d = Diagnostic::error("syntax", &source.name, message);
    let trailing = matches!(e.code, E::TrailingCharacters)
        .then(|| source.text[at..].find(|c: char| !c.is_whitespace()).map(|i| at + i))
        .flatten();
    d = if let Some(stray) = trailing {
        // Point at the stray text itself, not at the end of what was read.
        let len = source.text[stray..].chars().next().map_or(0, char::len_utf8);
        d.at(&source.text, stray..stray + len).label("outside the file's top-level parentheses")
    } else if matches!(e.code, E::Eof) {
        // Point at the last thing written, not at the empty end of the file.
        let end = source.text.trim_end().len();
        let last = source.text[..end].chars().next_back().map(char::len_utf8).unwrap_or(0);
        d.at(&source.text, end - last..end).label("the file ends here")
    } else {
        d.at_line_col(&source.text, e.span.start.line, e.span.start.col).label("here")
    };
    if let Some(h) = help {
        d = d.help(h);
    }
    d
}

/// The name of the field whose value starts at byte `at` (`minutes` in `minutes: -2`), if any.
fn field_before(text: &str, at: usize) -> Option<&str> {
    let before = text[..at.min(text.len())].trim_end();
    let before = before.strip_suffix(':')?.trim_end();
    let start = before.rfind(|c: char| !(c.is_alphanumeric() || c == '_')).map_or(0, |i| i + 1);
    Some(&before[start..]).filter(|f| !f.is_empty())
}

/// What a missing comma most likely is, from the text where the parser stopped: a full-width
/// comma typed between items, a quote inside a string that ended it early, or a real missing comma.
fn comma_help(text: &str, line: usize, col: usize) -> String {
    let at = crate::core::diagnostic::byte_offset(text, line, col).min(text.len());
    let here = text[at..].chars().next();
    let before = text[..at].chars().next_back();
    match (before, here) {
        (_, Some(c @ ('，' | '、' | '；' | '：' | '。'))) => format!(
            "`{c}` is full-width punctuation: between items RON needs a plain `,` (full-width punctuation is fine inside the quotes of a text)"
        ),
        (Some('"'), Some(c)) if !c.is_whitespace() && !matches!(c, ')' | ']' | ',') => {
            "a `\"` inside the text ended the string early: write `\\\"` for a quote inside a string, or use typographic quotes “ ” (「」 in Chinese)".to_string()
        }
        _ => "separate items with a comma".to_string(),
    }
}

/// True when `bytes` look like UTF-16 text: a UTF-16 byte-order mark, or ASCII with every other
/// byte zero.
fn looks_like_utf16(bytes: &[u8]) -> bool {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return true;
    }
    let sample = &bytes[..bytes.len().min(200)];
    let pairs = sample.len() / 2;
    pairs >= 4 && {
        let zero_odd = sample.chunks_exact(2).filter(|p| p[1] == 0 && p[0] != 0).count();
        let zero_even = sample.chunks_exact(2).filter(|p| p[0] == 0 && p[1] != 0).count();
        zero_odd * 10 >= pairs * 9 || zero_even * 10 >= pairs * 9
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_width_comma_or_an_unescaped_quote_is_named() {
        let text = "Scenario(\n  id: \"a\"， title: (en: \"x\", zh: \"y\"))";
        let e = parse_scenario(SourceFile::from_text("c.ron", text)).expect_err("full-width comma");
        assert!(e.help.as_deref().is_some_and(|h| h.contains("full-width")), "{:?}", e.help);
        let text = "Scenario(\n  id: \"a\", title: (en: \"He said \"hi\" to me\", zh: \"y\"))";
        let e = parse_scenario(SourceFile::from_text("q.ron", text)).expect_err("unescaped quote");
        assert!(e.help.as_deref().is_some_and(|h| h.contains("ended the string early")), "{:?}", e.help);
        let text = "Scenario(\n  id: \"a\" title: \"x\")";
        let e = parse_scenario(SourceFile::from_text("m.ron", text)).expect_err("missing comma");
        assert_eq!(e.help.as_deref(), Some("separate items with a comma"));
    }

    #[test]
    fn empty_file_is_a_clear_error() {
        let e = parse_scenario(SourceFile::from_text("e.ron", "  \n")).expect_err("empty");
        assert_eq!(e.code, "empty");
    }

    #[test]
    fn invalid_utf8_points_at_the_byte() {
        let e = SourceFile::from_bytes("b.ron", b"Scenario(\n  id: \"\xff\"".to_vec()).expect_err("bad utf8");
        assert_eq!(e.code, "not-utf8");
        let lc = e.location.expect("location");
        assert_eq!((lc.line, lc.col), (2, 8));
    }

    #[test]
    fn deep_nesting_is_refused() {
        let text = format!("Scenario(id: {}", "[".repeat(100_000));
        let e = parse_scenario(SourceFile::from_text("d.ron", text)).expect_err("deep");
        assert_eq!(e.code, "syntax");
    }

    #[test]
    fn kind_by_top_level_name() {
        assert_eq!(SourceFile::from_text("a", "// hi\nScenario(").kind(), Some(FileKind::Scenario));
        assert_eq!(SourceFile::from_text("a", "/* x */ Catalog(").kind(), Some(FileKind::Catalog));
        assert_eq!(SourceFile::from_text("a", "(").kind(), None);
    }
}
