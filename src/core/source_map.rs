//! Where each value of a RON file sits: a map from a value's path (`nodes[2].choices[0].next`) to its byte span.
//!
//! ron's serde deserializer reports positions only for syntax errors. Semantic checks work on the
//! deserialized model, so this module re-reads the (already valid) text with a small, lenient
//! structural scanner and records the span of every value. It never panics on any input and gives up
//! quietly on anything it does not understand: a missing path falls back to its nearest parent.

use std::collections::HashMap;
use std::ops::Range;

/// The deepest nesting the scanner follows (deeper values fall back to their ancestors).
const MAX_DEPTH: usize = 256;

/// Byte spans of the values in one RON text, by path.
#[derive(Clone, Debug, Default)]
pub struct SourceMap {
    spans: HashMap<String, Range<usize>>,
}

impl SourceMap {
    /// Scans `text` and records every value it can find.
    pub fn build(text: &str) -> SourceMap {
        let mut scanner = Scanner { src: text.as_bytes(), pos: 0, map: HashMap::new() };
        scanner.skip_trivia();
        // `#![enable(...)]` attributes may precede the value.
        while scanner.peek() == Some(b'#') {
            scanner.skip_attribute();
            scanner.skip_trivia();
        }
        scanner.value(String::new(), 0);
        SourceMap { spans: scanner.map }
    }

    /// The span of the value at `path`, or of its nearest recorded ancestor.
    pub fn span(&self, path: &str) -> Option<Range<usize>> {
        let mut p = path;
        loop {
            if let Some(r) = self.spans.get(p) {
                return Some(r.clone());
            }
            if p.is_empty() {
                return None;
            }
            p = parent(p);
        }
    }

    /// The span of exactly this path, without falling back.
    pub fn exact(&self, path: &str) -> Option<Range<usize>> {
        self.spans.get(path).cloned()
    }
}

/// The parent of a path: `a.b[1]` → `a.b`, `a.b` → `a`, `a` → ``.
fn parent(path: &str) -> &str {
    match path.rfind(['.', '[']) {
        Some(i) => &path[..i],
        None => "",
    }
}

/// Joins a field onto a path.
pub fn field(path: &str, name: &str) -> String {
    if path.is_empty() { name.to_string() } else { format!("{path}.{name}") }
}

/// Joins an index onto a path.
pub fn index(path: &str, i: usize) -> String {
    format!("{path}[{i}]")
}

struct Scanner<'a> {
    src: &'a [u8],
    pos: usize,
    map: HashMap<String, Range<usize>>,
}

impl Scanner<'_> {
    fn peek(&self) -> Option<u8> {
        self.src.get(self.pos).copied()
    }

    fn peek_at(&self, offset: usize) -> Option<u8> {
        self.src.get(self.pos + offset).copied()
    }

    fn skip_trivia(&mut self) {
        loop {
            match self.peek() {
                Some(c) if c.is_ascii_whitespace() => self.pos += 1,
                Some(b'/') if self.peek_at(1) == Some(b'/') => {
                    while let Some(c) = self.peek() {
                        if c == b'\n' {
                            break;
                        }
                        self.pos += 1;
                    }
                }
                Some(b'/') if self.peek_at(1) == Some(b'*') => {
                    // RON block comments nest.
                    self.pos += 2;
                    let mut depth = 1usize;
                    while depth > 0 && self.pos < self.src.len() {
                        if self.peek() == Some(b'/') && self.peek_at(1) == Some(b'*') {
                            depth += 1;
                            self.pos += 2;
                        } else if self.peek() == Some(b'*') && self.peek_at(1) == Some(b'/') {
                            depth -= 1;
                            self.pos += 2;
                        } else {
                            self.pos += 1;
                        }
                    }
                }
                _ => return,
            }
        }
    }

    fn skip_attribute(&mut self) {
        // `#![ ... ]`
        while let Some(c) = self.peek() {
            self.pos += 1;
            if c == b']' {
                return;
            }
        }
    }

    fn is_ident_char(c: u8) -> bool {
        c.is_ascii_alphanumeric() || c == b'_' || c >= 0x80
    }

    fn ident(&mut self) -> Option<&str> {
        let start = self.pos;
        // raw identifiers r#name
        if self.peek() == Some(b'r') && self.peek_at(1) == Some(b'#') && self.peek_at(2) != Some(b'"') {
            self.pos += 2;
        }
        while let Some(c) = self.peek() {
            if Self::is_ident_char(c) {
                self.pos += 1;
            } else {
                break;
            }
        }
        if self.pos == start {
            return None;
        }
        std::str::from_utf8(&self.src[start..self.pos]).ok()
    }

    /// Scans one value, recording its span at `path`. Returns false when it cannot continue.
    fn value(&mut self, path: String, depth: usize) -> bool {
        if depth > MAX_DEPTH {
            return false;
        }
        self.skip_trivia();
        let start = self.pos;
        let ok = match self.peek() {
            None => false,
            Some(b'"') => self.string(),
            Some(b'\'') => self.char_literal(),
            Some(b'b') if self.peek_at(1) == Some(b'"') => {
                self.pos += 1;
                self.string()
            }
            Some(b'r') if matches!(self.peek_at(1), Some(b'"') | Some(b'#')) && self.is_raw_string() => {
                self.raw_string()
            }
            Some(b'[') => self.sequence(&path, depth, b']'),
            Some(b'{') => self.map(&path, depth),
            Some(b'(') => self.parens(&path, depth, false),
            Some(c) if c == b'-' || c == b'+' || c == b'.' || c.is_ascii_digit() => {
                self.pos += 1;
                while let Some(c) = self.peek() {
                    if c.is_ascii_alphanumeric() || c == b'_' || c == b'.' || c == b'+' || c == b'-' {
                        self.pos += 1;
                    } else {
                        break;
                    }
                }
                true
            }
            Some(c) if Self::is_ident_char(c) => {
                let name = self.ident().unwrap_or("").to_string();
                self.skip_trivia();
                if self.peek() == Some(b'(') {
                    // `Some(x)` is transparent: the inner value keeps the path.
                    self.parens(&path, depth, name == "Some")
                } else {
                    true
                }
            }
            Some(_) => false,
        };
        if ok {
            self.map.entry(path).or_insert(start..self.pos);
        }
        ok
    }

    fn is_raw_string(&self) -> bool {
        let mut i = self.pos + 1;
        while self.src.get(i) == Some(&b'#') {
            i += 1;
        }
        self.src.get(i) == Some(&b'"')
    }

    fn string(&mut self) -> bool {
        self.pos += 1; // opening quote
        while let Some(c) = self.peek() {
            self.pos += 1;
            match c {
                b'\\' => self.pos += 1,
                b'"' => return true,
                _ => {}
            }
        }
        false
    }

    fn char_literal(&mut self) -> bool {
        self.pos += 1;
        while let Some(c) = self.peek() {
            self.pos += 1;
            match c {
                b'\\' => self.pos += 1,
                b'\'' => return true,
                _ => {}
            }
        }
        false
    }

    fn raw_string(&mut self) -> bool {
        self.pos += 1; // r
        let mut hashes = 0;
        while self.peek() == Some(b'#') {
            hashes += 1;
            self.pos += 1;
        }
        self.pos += 1; // quote
        while self.pos < self.src.len() {
            if self.peek() == Some(b'"') && (1..=hashes).all(|k| self.peek_at(k) == Some(b'#')) {
                self.pos += 1 + hashes;
                return true;
            }
            self.pos += 1;
        }
        false
    }

    fn sequence(&mut self, path: &str, depth: usize, close: u8) -> bool {
        self.pos += 1;
        let mut i = 0;
        loop {
            self.skip_trivia();
            match self.peek() {
                None => return false,
                Some(c) if c == close => {
                    self.pos += 1;
                    return true;
                }
                Some(b',') => self.pos += 1,
                Some(_) => {
                    if !self.value(index(path, i), depth + 1) {
                        return false;
                    }
                    i += 1;
                }
            }
        }
    }

    fn map(&mut self, path: &str, depth: usize) -> bool {
        self.pos += 1;
        loop {
            self.skip_trivia();
            match self.peek() {
                None => return false,
                Some(b'}') => {
                    self.pos += 1;
                    return true;
                }
                Some(b',') => self.pos += 1,
                Some(_) => {
                    // key
                    let key_start = self.pos;
                    if !self.value(format!("{path}{{key}}"), depth + 1) {
                        return false;
                    }
                    let key = String::from_utf8_lossy(&self.src[key_start..self.pos]);
                    let key = key.trim_matches('"').to_string();
                    self.skip_trivia();
                    if self.peek() != Some(b':') {
                        return false;
                    }
                    self.pos += 1;
                    if !self.value(field(path, &key), depth + 1) {
                        return false;
                    }
                }
            }
        }
    }

    /// `( ... )`: a struct with named fields, a tuple, or a transparent `Some(...)`.
    fn parens(&mut self, path: &str, depth: usize, transparent: bool) -> bool {
        self.pos += 1;
        let mut i = 0;
        loop {
            self.skip_trivia();
            match self.peek() {
                None => return false,
                Some(b')') => {
                    self.pos += 1;
                    return true;
                }
                Some(b',') => self.pos += 1,
                Some(c) => {
                    // named field?
                    if Self::is_ident_char(c) {
                        let save = self.pos;
                        if let Some(name) = self.ident().map(str::to_string) {
                            self.skip_trivia();
                            if self.peek() == Some(b':') {
                                self.pos += 1;
                                if !self.value(field(path, &name), depth + 1) {
                                    return false;
                                }
                                continue;
                            }
                        }
                        self.pos = save;
                    }
                    let p = if transparent { path.to_string() } else { index(path, i) };
                    if !self.value(p, depth + 1) {
                        return false;
                    }
                    i += 1;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_nested_fields_and_indices() {
        let text = "Scenario(\n  id: \"x\",\n  nodes: [\n    (id: \"a\", choices: [(next: \"b\", condition: Some(AtLeast(Mood, 5)))]),\n  ],\n)";
        let map = SourceMap::build(text);
        let span = map.exact("nodes[0].choices[0].next").expect("next recorded");
        assert_eq!(&text[span], "\"b\"");
        let span = map.exact("nodes[0].choices[0].condition[1]").expect("threshold recorded");
        assert_eq!(&text[span], "5");
        let span = map.exact("id").expect("id recorded");
        assert_eq!(&text[span], "\"x\"");
    }

    #[test]
    fn falls_back_to_parent() {
        let text = "(a: (b: 1))";
        let map = SourceMap::build(text);
        assert_eq!(map.span("a.c.d"), map.exact("a"));
    }

    #[test]
    fn survives_garbage() {
        for text in ["", "(((((", "\"unterminated", "r##\"x", "/* open", "[1,,]", "{a:", "\u{0}\u{1}"] {
            let _ = SourceMap::build(text);
        }
        let deep = "[".repeat(10_000);
        let _ = SourceMap::build(&deep);
    }

    #[test]
    fn comments_and_raw_strings() {
        let text = "( // c\n a: r#\"x\"#, /* b: 2 */ b: \"y\")";
        let map = SourceMap::build(text);
        assert_eq!(&text[map.exact("b").expect("b")], "\"y\"");
        assert_eq!(&text[map.exact("a").expect("a")], "r#\"x\"#");
    }
}
