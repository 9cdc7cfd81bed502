//! Semantic checks on a parsed scenario or catalog, each finding placed at `line:col` in the file.

use crate::core::condition::Condition;
use crate::core::diagnostic::{Diagnostic, did_you_mean};
use crate::core::ids::ChoiceId;
use crate::core::load::Parsed;
use crate::core::loader::AssetProbe;
use crate::core::meters::{METER_MAX, METER_MIN, Meter};
use crate::core::scenario::{Channel, Scenario, TechniqueTag};
use crate::core::source_map::{field, index};
use crate::core::technique::{Catalog, Family};
use crate::core::text::{Lang, Localized};
use std::collections::BTreeMap;
use std::collections::{BTreeSet, HashMap, HashSet, VecDeque};
use std::path::{Component, Path};

/// Largest weight a technique tag may carry.
pub const MAX_WEIGHT: u32 = 5;

/// Collects diagnostics for one file.
struct Checker<'a, T> {
    parsed: &'a Parsed<T>,
    out: Vec<Diagnostic>,
}

impl<T> Checker<'_, T> {
    fn name(&self) -> &str {
        &self.parsed.source.name
    }

    fn error(&mut self, code: &'static str, path: &str, message: String) -> &mut Diagnostic {
        let d = self.parsed.place(Diagnostic::error(code, self.name(), message), path);
        self.out.push(d);
        let last = self.out.len() - 1;
        &mut self.out[last]
    }

    fn warning(&mut self, code: &'static str, path: &str, message: String) -> &mut Diagnostic {
        let d = self.parsed.place(Diagnostic::warning(code, self.name(), message), path);
        self.out.push(d);
        let last = self.out.len() - 1;
        &mut self.out[last]
    }

    fn line_of(&self, path: &str) -> Option<usize> {
        self.parsed.map.span(path).map(|s| crate::core::diagnostic::line_col(&self.parsed.source.text, s.start).line)
    }
}

fn set_help(d: &mut Diagnostic, help: impl Into<String>) {
    d.help = Some(help.into());
}

fn set_label(d: &mut Diagnostic, label: impl Into<String>) {
    d.label = Some(label.into());
}

/// Checks a scenario. `catalog` is the technique catalog it uses (None when it could not be loaded,
/// which the caller reports); `assets` says whether a sound file it names exists.
pub fn check_scenario(
    parsed: &Parsed<Scenario>,
    catalog: Option<&Catalog>,
    assets: &dyn AssetProbe,
) -> Vec<Diagnostic> {
    let mut c = Checker { parsed, out: Vec::new() };
    let s = &parsed.value;
    check_metadata(&mut c, s);
    let ids = check_ids(&mut c, s);
    check_references(&mut c, s, &ids);
    check_nodes(&mut c, s, catalog, assets);
    check_choice_ids(&mut c, s);
    check_graph(&mut c, s);
    c.out
}

/// Choice ids: unique within the scenario; a choice without one gets `node#position`, which
/// changes when options are reordered, so a missing id is a warning (one for a scenario with none).
fn check_choice_ids(c: &mut Checker<'_, Scenario>, s: &Scenario) {
    let mut first: BTreeMap<ChoiceId, String> = BTreeMap::new();
    let mut missing: Vec<String> = Vec::new();
    let total: usize = s.nodes.iter().map(|n| n.choices.len()).sum();
    for (i, n) in s.nodes.iter().enumerate() {
        for (j, ch) in n.choices.iter().enumerate() {
            let cp = index(&field(&index("nodes", i), "choices"), j);
            let Some(id) = &ch.id else {
                missing.push(cp);
                continue;
            };
            let path = field(&cp, "id");
            if id.as_str().trim().is_empty() {
                c.error("empty-id", &path, "this choice id is empty".into());
            } else if id.as_str().contains('#') {
                let d = c.error("bad-choice-id", &path, format!("choice id `{id}` may not contain `#`"));
                set_help(d, "`#` is kept for the ids Frontline derives for choices without one (`node#2`)");
            } else if let Some(prev) = first.get(id) {
                let line = c.line_of(prev);
                let d = c.error("duplicate-choice-id", &path, format!("choice id `{id}` is used twice"));
                set_label(d, "second use");
                if let Some(line) = line {
                    d.notes.push(format!("first used on line {line}; choice ids are unique across the scenario"));
                }
            } else {
                first.insert(id.clone(), path);
            }
        }
    }
    if total == 0 || missing.is_empty() {
        return;
    }
    if missing.len() == total {
        let first = s.nodes.iter().position(|n| !n.choices.is_empty()).unwrap_or(0);
        let d = c.warning(
            "no-choice-ids",
            &field(&index(&field(&index("nodes", first), "choices"), 0), "text"),
            format!("none of the {total} choices has an `id`; progress is recorded by `node#position` until they do"),
        );
        set_help(
            d,
            "give every choice a stable id, e.g. `id: \"greeting.listen\"`, so reordering options never mixes up learners' history",
        );
        return;
    }
    for path in missing {
        let d = c.warning(
            "missing-choice-id",
            &field(&path, "text"),
            "this choice has no `id` (the other choices have one)".into(),
        );
        set_help(d, "add e.g. `id: \"greeting.listen\"`; until then it is recorded by its position in the node");
    }
}

/// Checks a technique catalog.
pub fn check_catalog(parsed: &Parsed<Catalog>) -> Vec<Diagnostic> {
    let mut c = Checker { parsed, out: Vec::new() };
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (i, t) in parsed.value.techniques.iter().enumerate() {
        let p = index("techniques", i);
        if t.id.trim().is_empty() {
            c.error("empty-id", &field(&p, "id"), "technique id is empty".into());
        } else if let Some(&first) = seen.get(t.id.as_str()) {
            let line = c.line_of(&field(&index("techniques", first), "id"));
            let d = c.error("duplicate-id", &field(&p, "id"), format!("technique id `{}` is defined twice", t.id));
            if let Some(line) = line {
                d.notes.push(format!("first defined on line {line}"));
            }
        } else {
            seen.insert(&t.id, i);
        }
        check_text(&mut c, &field(&p, "name"), &t.name, &Lang::ALL, "technique name");
        check_text(&mut c, &field(&p, "description"), &t.description, &Lang::ALL, "technique description");
        if t.counts_against.is_some() && t.family != Family::AntiPattern {
            c.warning(
                "counts-against-ignored",
                &field(&p, "counts_against"),
                format!("`counts_against` only applies to anti-patterns; `{}` is not one", t.id),
            );
        }
        if t.counts_against == Some(Family::AntiPattern) {
            c.error(
                "bad-family",
                &field(&p, "counts_against"),
                "an anti-pattern counts against Listening or Recovery, not AntiPattern".into(),
            );
        }
    }
    if parsed.value.techniques.is_empty() {
        c.error("empty-catalog", "techniques", "the catalog lists no techniques".into());
    }
    c.out
}

fn check_text<T>(c: &mut Checker<'_, T>, path: &str, text: &Localized, langs: &[Lang], what: &str) {
    if text.is_blank() {
        c.error("empty-text", path, format!("{what} is empty"));
        return;
    }
    check_script(c, path, text, langs, what);
    for lang in langs {
        if text.exact(*lang).trim().is_empty() {
            let name = match lang {
                Lang::En => "English (en)",
                Lang::Zh => "Chinese (zh)",
            };
            let d = c.error("missing-translation", path, format!("{what} has no {name} text"));
            set_help(
                d,
                format!(
                    "add `{}: \"...\"`, or remove `{}` from the scenario's `languages`",
                    lang.code(),
                    lang_variant(*lang)
                ),
            );
        }
    }
}

/// True for a Chinese (CJK) character.
fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2A6DF)
}

/// Texts a learner reads in the wrong script: Chinese in the English text (an untranslated quote),
/// or a Chinese text with no Chinese in it (an untranslated line).
fn check_script<T>(c: &mut Checker<'_, T>, path: &str, text: &Localized, langs: &[Lang], what: &str) {
    // An empty text is already an error (`missing-translation`); `learner` would fall back to the
    // other language and report it again as untranslated.
    if langs.contains(&Lang::En) && !text.exact(Lang::En).trim().is_empty() {
        let en = text.learner(Lang::En);
        let chinese: String = en.chars().filter(|&ch| is_cjk(ch)).take(12).collect();
        if !chinese.is_empty() {
            let d = c.warning("untranslated", path, format!("{what} has Chinese in its English text (`{chinese}`)"));
            set_help(d, "an English learner reads English only: translate it (the source can stay in a `//` comment)");
        }
    }
    if langs.contains(&Lang::Zh) && !text.exact(Lang::Zh).trim().is_empty() {
        let zh = text.learner(Lang::Zh);
        let has_word = zh.split(|ch: char| !ch.is_ascii_alphabetic()).any(|w| w.len() >= 3);
        if has_word && !zh.chars().any(is_cjk) {
            let d = c.warning("untranslated", path, format!("{what} has no Chinese in its Chinese text"));
            set_help(d, "translate it into Chinese (`zh`)");
        }
    }
}

fn lang_variant(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "En",
        Lang::Zh => "Zh",
    }
}

fn check_metadata(c: &mut Checker<'_, Scenario>, s: &Scenario) {
    let langs = s.languages.clone();
    if s.id.trim().is_empty() {
        c.error("empty-id", "id", "the scenario id is empty".into());
    } else if !s.id.chars().all(|ch| ch.is_ascii_alphanumeric() || ch == '_' || ch == '-') {
        let d = c.error("bad-id", "id", format!("scenario id `{}` may only use letters, digits, `_` and `-`", s.id));
        set_help(d, "the id names saved progress, so keep it short and plain, e.g. `lost_passport`");
    }
    if langs.is_empty() {
        c.error("no-language", "languages", "the scenario declares no language".into());
    }
    check_text(c, "title", &s.title, &langs, "the title");
    check_text(c, "summary", &s.summary, &langs, "the summary");
    match (&s.subject, s.channel) {
        (Some(subject), Channel::Email) => check_text(c, "subject", subject, &langs, "the e-mail's subject"),
        (None, Channel::Email) => {
            let d = c.error("no-subject", "channel", "an e-mail scenario needs a `subject` for its thread".into());
            set_help(d, "add e.g. `subject: (en: \"Charged twice for one booking\", zh: \"同一订单被扣了两次款\")`");
        }
        (Some(_), _) => {
            let d = c.warning("subject-not-email", "subject", "only an e-mail scenario shows a subject".into());
            set_help(d, "remove `subject`, or set `channel: Email`");
        }
        (None, _) => {}
    }
    check_text(c, "customer.name", &s.customer.name, &langs, "the customer's name");
    if !s.customer.description.is_blank() {
        check_text(c, "customer.description", &s.customer.description, &langs, "the customer's description");
    }
    if s.minutes == 0 || s.minutes > 120 {
        c.warning("odd-minutes", "minutes", format!("{} minutes is an unusual length for a call", s.minutes));
    }
    if s.source.case.trim().is_empty() {
        let d = c.warning("no-source", "source.case", "the source case is not described".into());
        set_help(d, "say which real case the scenario is built on, or mark it [G] when it is invented");
    }
    for m in Meter::ALL {
        let v = s.customer.meters.get(m);
        if !(METER_MIN..=METER_MAX).contains(&v) {
            let d = c.error(
                "meter-range",
                &field("customer.meters", m.name()),
                format!("starting {m} is {v}; meters run from {METER_MIN} to {METER_MAX}"),
            );
            set_label(d, "out of range");
        }
    }
    if s.customer.meters.patience == 0 {
        c.warning("no-patience", "customer.meters.patience", "the customer starts with no patience at all".into());
    }
    let t = s.customer.temperament;
    if t.min > t.max {
        c.error(
            "temperament-range",
            "customer.temperament",
            format!("temperament min ({}) is greater than max ({})", t.min, t.max),
        );
    }
    if t.min < 10 || t.max > 300 {
        let d = c.error(
            "temperament-range",
            "customer.temperament",
            format!("temperament {}..{} % is outside 10..300 %", t.min, t.max),
        );
        set_help(d, "100 means mood losses apply as written; 130 means 30 % harsher");
    }
}

/// Checks ids are present and unique; returns the set of node and ending ids.
fn check_ids(c: &mut Checker<'_, Scenario>, s: &Scenario) -> HashSet<String> {
    let mut first: HashMap<&str, String> = HashMap::new();
    let entries = s
        .nodes
        .iter()
        .enumerate()
        .map(|(i, n)| (n.id.as_str(), field(&index("nodes", i), "id")))
        .chain(s.endings.iter().enumerate().map(|(i, e)| (e.id.as_str(), field(&index("endings", i), "id"))));
    for (id, path) in entries {
        if id.trim().is_empty() {
            c.error("empty-id", &path, "this id is empty".into());
            continue;
        }
        if let Some(prev) = first.get(id) {
            let line = c.line_of(prev);
            let d = c.error("duplicate-id", &path, format!("id `{id}` is used twice"));
            set_label(d, "second use");
            if let Some(line) = line {
                d.notes.push(format!("first used on line {line}; nodes and endings share one set of ids"));
            }
        } else {
            first.insert(id, path);
        }
    }
    first.keys().map(|k| k.to_string()).collect()
}

fn check_target(c: &mut Checker<'_, Scenario>, ids: &HashSet<String>, path: &str, target: &str, what: &str) {
    if ids.contains(target) {
        return;
    }
    let d = c.error("unknown-target", path, format!("{what} `{target}` does not exist"));
    set_label(d, "no node or ending has this id");
    if let Some(s) = did_you_mean(target, ids.iter().map(String::as_str)) {
        set_help(d, format!("did you mean `{s}`?"));
    }
}

fn check_references(c: &mut Checker<'_, Scenario>, s: &Scenario, ids: &HashSet<String>) {
    check_target(c, ids, "start", &s.start, "the start node");
    if s.node(&s.start).is_none() && s.ending(&s.start).is_some() {
        c.error("start-is-ending", "start", format!("the call starts at `{}`, which is an ending", s.start));
    }
    if let Some(w) = &s.customer.walkout {
        check_target(c, ids, "customer.walkout", w, "the walkout ending");
        if s.node(w).is_some() {
            c.error("walkout-not-ending", "customer.walkout", format!("`{w}` is a node; walkout must name an ending"));
        }
    }
    for (i, n) in s.nodes.iter().enumerate() {
        let np = index("nodes", i);
        for (j, ch) in n.choices.iter().enumerate() {
            let cp = index(&field(&np, "choices"), j);
            check_target(c, ids, &field(&cp, "next"), &ch.next, "the next node");
            if let Some(cond) = &ch.condition {
                check_condition(c, ids, &field(&cp, "condition"), cond);
            }
        }
        for (j, r) in n.routes.iter().enumerate() {
            let rp = index(&field(&np, "routes"), j);
            check_target(c, ids, &field(&rp, "next"), &r.next, "the next node");
            if let Some(cond) = &r.when {
                check_condition(c, ids, &field(&rp, "when"), cond);
            }
        }
    }
}

fn check_condition(c: &mut Checker<'_, Scenario>, ids: &HashSet<String>, path: &str, cond: &Condition) {
    match cond {
        Condition::AtLeast(m, v) | Condition::AtMost(m, v) => {
            if !(METER_MIN..=METER_MAX).contains(v) {
                let d = c.error(
                    "meter-range",
                    &index(path, 1),
                    format!("{m} is compared with {v}, but meters run from {METER_MIN} to {METER_MAX}"),
                );
                set_label(d, "this condition is always true or always false");
            }
        }
        Condition::Visited(id) | Condition::NotVisited(id) => {
            check_target(c, ids, &index(path, 0), id, "the node");
            if c.parsed.value.ending(id).is_some() && c.parsed.value.node(id).is_none() {
                let d = c.error(
                    "visited-ending",
                    &index(path, 0),
                    format!("`{id}` is an ending; `Visited` only knows nodes the call passed through"),
                );
                set_help(d, "name a node instead");
            }
        }
        Condition::All(cs) | Condition::Any(cs) => {
            if cs.is_empty() {
                c.warning("empty-condition", path, "this condition list is empty".into());
            }
            for (i, sub) in cs.iter().enumerate() {
                check_condition(c, ids, &index(&index(path, 0), i), sub);
            }
        }
        Condition::Not(sub) => check_condition(c, ids, &index(path, 0), sub),
    }
}

fn check_asset(c: &mut Checker<'_, Scenario>, path: &str, asset: &str, assets: &dyn AssetProbe) {
    let p = Path::new(asset);
    let escapes = p.is_absolute()
        || asset.starts_with('/')
        || asset.starts_with('\\')
        || p.components().any(|comp| matches!(comp, Component::ParentDir | Component::RootDir | Component::Prefix(_)));
    if asset.trim().is_empty() {
        c.error("empty-asset", path, "the file name is empty".into());
    } else if escapes {
        let d = c.error("asset-escapes", path, format!("`{asset}` points outside the scenario's folder"));
        set_help(
            d,
            "keep sounds and voice-overs in the scenario's folder (or below it) and use a relative path without `..`",
        );
    } else if !assets.exists(asset) {
        c.warning("missing-asset", path, format!("`{asset}` was not found next to the scenario"));
    }
}

fn check_nodes(c: &mut Checker<'_, Scenario>, s: &Scenario, catalog: Option<&Catalog>, assets: &dyn AssetProbe) {
    let langs = s.languages.clone();
    for (i, n) in s.nodes.iter().enumerate() {
        let np = index("nodes", i);
        if n.choices.is_empty() && n.routes.is_empty() {
            let d = c.error("dead-end", &field(&np, "id"), format!("node `{}` has no choices and no routes", n.id));
            set_label(d, "the call would stop here");
            set_help(d, "add choices, route it to an ending with `routes: [(next: \"...\")]`, or make it an ending");
        }
        if !n.choices.is_empty() && !n.routes.is_empty() {
            c.error(
                "choices-and-routes",
                &field(&np, "routes"),
                format!("node `{}` has both choices and routes; use one or the other", n.id),
            );
        }
        if !n.choices.is_empty() && n.lines.is_empty() {
            c.error(
                "no-line",
                &field(&np, "id"),
                format!("node `{}` offers choices but the customer says nothing", n.id),
            );
        }
        for (j, line) in n.lines.iter().enumerate() {
            check_text(c, &index(&field(&np, "lines"), j), line, &langs, "the customer's line");
        }
        if let Some(sound) = &n.sound {
            check_asset(c, &field(&np, "sound"), sound, assets);
        }
        if let Some(voice) = &n.voice {
            for lang in Lang::ALL {
                let v = voice.exact(lang);
                if !v.is_empty() {
                    check_asset(c, &field(&field(&np, "voice"), lang.code()), v, assets);
                }
            }
        }
        if let Some(t) = n.timer {
            if t.seconds == 0 {
                c.error("timer-range", &field(&np, "timer"), "a patience timer needs at least 1 second".into());
            }
            if !(0..=METER_MAX).contains(&t.drain) {
                c.error(
                    "timer-range",
                    &field(&np, "timer"),
                    format!("the timer drains {} patience; use 0 to {METER_MAX}", t.drain),
                );
            }
        }
        if !n.routes.is_empty() && n.routes.last().is_some_and(|r| r.when.is_some()) {
            let last = index(&field(&np, "routes"), n.routes.len() - 1);
            let d = c.error(
                "no-fallback-route",
                &last,
                format!("every route of node `{}` has a condition; if none holds the call is stuck", n.id),
            );
            set_help(d, "end the list with a route without `when`, e.g. `(next: \"satisfied\")`");
        }
        if n.routes.iter().rev().skip(1).any(|r| r.when.is_none()) {
            c.warning(
                "unreachable-route",
                &field(&np, "routes"),
                format!(
                    "node `{}` has a route without a condition before the last one; later routes are never taken",
                    n.id
                ),
            );
        }
        if !n.choices.is_empty() && n.choices.iter().all(|ch| ch.condition.is_some()) {
            let d = c.warning(
                "all-choices-conditional",
                &field(&np, "choices"),
                format!("every choice of node `{}` has a condition; if none holds the learner is stuck", n.id),
            );
            set_help(d, "give at least one choice no condition");
        }
        for (j, ch) in n.choices.iter().enumerate() {
            let cp = index(&field(&np, "choices"), j);
            check_text(c, &field(&cp, "text"), &ch.text, &langs, "the choice text");
            check_text(c, &field(&cp, "feedback"), &ch.feedback, &langs, "the feedback");
            for m in Meter::ALL {
                let v = ch.effects.get(m);
                if !(-METER_MAX..=METER_MAX).contains(&v) {
                    let d = c.error(
                        "meter-range",
                        &field(&field(&cp, "effects"), m.name()),
                        format!("a change of {v} to {m} is out of range (-{METER_MAX} to {METER_MAX})"),
                    );
                    set_label(d, "out of range");
                }
            }
            if ch.techniques.is_empty() && !ch.neutral {
                let d = c.warning(
                    "untagged-choice",
                    &field(&cp, "text"),
                    "this choice is not tagged with any technique, so it is not scored".into(),
                );
                set_help(
                    d,
                    "add e.g. `techniques: [Shows(\"L1\")]` or `[Breaks(\"X8\")]`, or mark it `neutral: true` if it is deliberately neither",
                );
            }
            if ch.neutral && !ch.techniques.is_empty() {
                let d = c.warning(
                    "neutral-tagged",
                    &field(&cp, "neutral"),
                    "this choice is marked neutral but is tagged with techniques, which are scored".into(),
                );
                set_help(d, "remove `neutral: true`, or remove the techniques");
            }
            let mut seen = BTreeSet::new();
            for (k, tag) in ch.techniques.iter().enumerate() {
                let tp = index(&field(&cp, "techniques"), k);
                check_tag(c, &tp, tag, catalog);
                if !seen.insert(tag.id().to_string()) {
                    c.warning("duplicate-tag", &tp, format!("technique `{}` is tagged twice on this choice", tag.id()));
                }
            }
        }
    }
    for (i, e) in s.endings.iter().enumerate() {
        check_text(c, &field(&index("endings", i), "text"), &e.text, &langs, "the ending text");
    }
}

fn check_tag(c: &mut Checker<'_, Scenario>, path: &str, tag: &TechniqueTag, catalog: Option<&Catalog>) {
    let w = tag.weight();
    if w == 0 || w > MAX_WEIGHT {
        c.error("weight-range", &index(path, 1), format!("weight {w} is out of range (1 to {MAX_WEIGHT})"));
    }
    let Some(catalog) = catalog else { return };
    match catalog.get(tag.id()) {
        None => {
            let d = c.error("unknown-technique", &index(path, 0), format!("unknown technique `{}`", tag.id()));
            set_label(d, "not in the technique catalog");
            match did_you_mean(tag.id(), catalog.techniques.iter().map(|t| t.id.as_str())) {
                Some(s) => set_help(d, format!("did you mean `{s}`?")),
                None => set_help(d, "the catalog (techniques.ron) lists the known ids, e.g. L1–L6, R1–R10, X1–X11"),
            }
        }
        Some(t) if t.family == Family::AntiPattern && tag.is_shown() => {
            let d = c.error(
                "shows-anti-pattern",
                path,
                format!("`{}` is an anti-pattern; a choice can only commit it, not demonstrate it", tag.id()),
            );
            set_help(d, format!("write `Breaks(\"{}\")`", tag.id()));
        }
        Some(_) => {}
    }
}

fn check_graph(c: &mut Checker<'_, Scenario>, s: &Scenario) {
    let node_index: HashMap<&str, usize> = s.nodes.iter().enumerate().map(|(i, n)| (n.id.as_str(), i)).collect();
    let is_ending = |id: &str| s.ending(id).is_some();
    let walkout = s.customer.walkout.as_deref().filter(|w| is_ending(w));
    // Patience can run out from a node whose choices lower it or whose timer drains it.
    let drains = |i: usize| {
        let n = &s.nodes[i];
        n.choices.iter().any(|ch| ch.effects.patience < 0) || n.timer.is_some_and(|t| t.drain > 0)
    };
    let successors = |i: usize| -> Vec<&str> {
        let n = &s.nodes[i];
        let mut out: Vec<&str> = n.choices.iter().map(|ch| ch.next.as_str()).collect();
        out.extend(n.routes.iter().map(|r| r.next.as_str()));
        if let Some(w) = walkout
            && drains(i)
        {
            out.push(w);
        }
        out
    };

    // Forward reachability from the start.
    let mut reached_nodes = vec![false; s.nodes.len()];
    let mut reached_endings: HashSet<&str> = HashSet::new();
    let mut queue = VecDeque::new();
    if let Some(&i) = node_index.get(s.start.as_str()) {
        reached_nodes[i] = true;
        queue.push_back(i);
    }
    while let Some(i) = queue.pop_front() {
        for next in successors(i) {
            if let Some(&j) = node_index.get(next) {
                if !reached_nodes[j] {
                    reached_nodes[j] = true;
                    queue.push_back(j);
                }
            } else if is_ending(next) {
                reached_endings.insert(next);
            }
        }
    }

    // Which nodes can still reach an ending (fixed point over the edges).
    let mut can_end = vec![false; s.nodes.len()];
    let mut changed = true;
    while changed {
        changed = false;
        for i in 0..s.nodes.len() {
            if can_end[i] {
                continue;
            }
            let ok =
                successors(i).iter().any(|next| is_ending(next) || node_index.get(next).is_some_and(|&j| can_end[j]));
            if ok {
                can_end[i] = true;
                changed = true;
            }
        }
    }

    if s.endings.is_empty() {
        let d = c.error("no-endings", "endings", "the scenario has no endings".into());
        set_help(
            d,
            "add at least one ending, e.g. `(id: \"resolved\", outcome: Satisfied, text: (en: \"...\", zh: \"...\"))`",
        );
        return;
    }
    if node_index.contains_key(s.start.as_str()) && reached_endings.is_empty() {
        let d = c.error("no-ending-reachable", "start", "no ending can be reached from the start".into());
        set_help(d, "point some choice's `next` at an ending id");
        return;
    }

    check_route_loops(c, s, &node_index);

    let trapped: Vec<usize> = (0..s.nodes.len()).filter(|&i| reached_nodes[i] && !can_end[i]).collect();
    if let Some(&first) = trapped.first() {
        let others: Vec<String> = trapped[1..].iter().map(|&i| format!("`{}`", s.nodes[i].id)).collect();
        let d = c.error(
            "no-way-out",
            &field(&index("nodes", first), "id"),
            format!("from node `{}` the call can never reach an ending", s.nodes[first].id),
        );
        set_label(d, "every path from here loops back");
        if !others.is_empty() {
            d.notes.push(format!("the loop also traps {}", others.join(", ")));
        }
        set_help(d, "give one of these nodes a choice that leads towards an ending");
    }
    for (i, n) in s.nodes.iter().enumerate() {
        if !reached_nodes[i] && node_index.contains_key(s.start.as_str()) {
            let d = c.warning(
                "unreachable-node",
                &field(&index("nodes", i), "id"),
                format!("node `{}` can never be reached", n.id),
            );
            set_help(d, "point a choice's `next` at it, or delete it");
        }
    }
    for (i, e) in s.endings.iter().enumerate() {
        if !reached_endings.contains(e.id.as_str()) && node_index.contains_key(s.start.as_str()) {
            c.warning(
                "unreachable-ending",
                &field(&index("endings", i), "id"),
                format!("ending `{}` can never be reached", e.id),
            );
        }
    }
}

/// Routing nodes change no meters, so a loop made only of routes repeats forever — unless a
/// `Visited`/`NotVisited` condition on it changes as the loop goes round (then it is a warning).
fn check_route_loops(c: &mut Checker<'_, Scenario>, s: &Scenario, node_index: &HashMap<&str, usize>) {
    let routing: Vec<bool> = s.nodes.iter().map(|n| n.choices.is_empty() && !n.routes.is_empty()).collect();
    // 0 = unvisited, 1 = on the current path, 2 = done.
    let mut state = vec![0u8; s.nodes.len()];
    let mut reported = vec![false; s.nodes.len()];
    for start in 0..s.nodes.len() {
        if !routing[start] || state[start] != 0 {
            continue;
        }
        // Iterative depth-first search over route edges between routing nodes.
        let mut stack: Vec<(usize, usize)> = vec![(start, 0)];
        let mut path: Vec<usize> = vec![start];
        state[start] = 1;
        while let Some((node, next_edge)) = stack.last().copied() {
            let routes = &s.nodes[node].routes;
            if next_edge >= routes.len() {
                state[node] = 2;
                stack.pop();
                path.pop();
                continue;
            }
            if let Some(top) = stack.last_mut() {
                top.1 += 1;
            }
            let Some(&to) = node_index.get(routes[next_edge].next.as_str()) else { continue };
            if !routing[to] {
                continue;
            }
            match state[to] {
                0 => {
                    state[to] = 1;
                    stack.push((to, 0));
                    path.push(to);
                }
                1 => {
                    let from = path.iter().position(|&p| p == to).unwrap_or(0);
                    let cycle: Vec<usize> = path[from..].to_vec();
                    if cycle.iter().any(|&i| reported[i]) {
                        continue;
                    }
                    cycle.iter().for_each(|&i| reported[i] = true);
                    let names: Vec<String> =
                        cycle.iter().chain(std::iter::once(&to)).map(|&i| format!("`{}`", s.nodes[i].id)).collect();
                    let memory = cycle.iter().any(|&i| {
                        s.nodes[i].routes.iter().filter_map(|r| r.when.as_ref()).any(|w| {
                            let mut found = false;
                            w.for_each_node_ref(&mut |_| found = true);
                            found
                        })
                    });
                    let path = field(&index("nodes", to), "id");
                    let message = format!("routes go round in a loop: {}", names.join(" → "));
                    let d = if memory {
                        c.warning("route-loop", &path, message)
                    } else {
                        c.error("route-loop", &path, message)
                    };
                    set_label(d, "meters cannot change while routing, so this can repeat forever");
                    set_help(d, "send one of these routes to a node with choices or to an ending");
                }
                _ => {}
            }
        }
    }
}
