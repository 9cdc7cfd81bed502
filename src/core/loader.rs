//! The one loader: scenario text + catalog text + a way to ask whether a sound file exists →
//! a checked, playable scenario or the diagnostics that say why not. No disk access here: the
//! command line reads files ([`crate::core::library`]), the game reads Bevy assets, tests pass
//! strings, and all of them go through these functions, so a file loads (or fails) the same way
//! everywhere.
//!
//! Loading is two steps because the catalog's name is inside the scenario: [`begin`] parses the
//! scenario and says which catalog it needs; [`PendingScenario::finish`] takes that catalog's text.

use crate::core::check::{check_catalog, check_scenario};
use crate::core::diagnostic::Diagnostic;
use crate::core::fingerprint::Fingerprint;
use crate::core::load::{FileKind, Parsed, SourceFile, parse_catalog, parse_scenario};
use crate::core::scenario::Scenario;
use crate::core::technique::Catalog;
use serde::Serialize;
use std::path::PathBuf;
use std::sync::Arc;

/// Answers whether a sound or voice-over file a scenario names exists (relative to the scenario's
/// folder). The checker only warns about a missing one.
pub trait AssetProbe {
    /// True when the file exists.
    fn exists(&self, relative: &str) -> bool;
}

/// No asset check: every file counts as present (fuzzing, or text with no folder around it).
pub struct AssumeAssetsExist;

impl AssetProbe for AssumeAssetsExist {
    fn exists(&self, _: &str) -> bool {
        true
    }
}

/// A scenario that loaded without errors (it may have warnings).
#[derive(Clone, Debug)]
pub struct LoadedScenario {
    /// The checked scenario, shared by every call played on this version.
    pub scenario: Arc<Scenario>,
    /// Its technique catalog.
    pub catalog: Arc<Catalog>,
    /// Warnings found while checking.
    pub warnings: Vec<Diagnostic>,
    /// The file it came from (its name when it did not come from disk); sounds are found next to it.
    pub path: PathBuf,
    /// The scenario's text, for placing later findings (such as a duplicate id) at `line:col`.
    pub text: Arc<str>,
    /// The content fingerprint of the scenario.
    pub fingerprint: Fingerprint,
}

/// The findings for one file, with every text they point into (the file's, and its catalog's).
#[derive(Clone, Debug, Serialize)]
pub struct FileReport {
    /// The file name as shown in diagnostics.
    #[serde(rename = "file")]
    pub name: String,
    /// The text (empty when unreadable).
    #[serde(skip)]
    pub text: String,
    /// What kind of file it was taken for.
    #[serde(skip)]
    pub kind: Option<FileKind>,
    /// Findings (errors and warnings), each placed at `file:line:col` when possible.
    pub diagnostics: Vec<Diagnostic>,
    /// Other files the findings point into (the catalog), by name, with their text.
    #[serde(skip)]
    pub other_texts: Vec<(String, String)>,
}

impl FileReport {
    /// A report on a file with nothing but these findings.
    pub fn new(name: &str, text: &str, kind: Option<FileKind>, diagnostics: Vec<Diagnostic>) -> FileReport {
        FileReport { name: name.to_string(), text: text.to_string(), kind, diagnostics, other_texts: Vec::new() }
    }

    /// Number of errors.
    pub fn errors(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }

    /// Number of warnings.
    pub fn warnings(&self) -> usize {
        self.diagnostics.len() - self.errors()
    }

    /// The text a diagnostic points into.
    pub fn text_of(&self, diagnostic: &Diagnostic) -> &str {
        if diagnostic.file == self.name {
            return &self.text;
        }
        self.other_texts.iter().find(|(name, _)| *name == diagnostic.file).map(|(_, t)| t.as_str()).unwrap_or("")
    }

    /// Every diagnostic rendered like a compiler's (errors first), separated by blank lines.
    pub fn render(&self) -> String {
        let mut ordered: Vec<&Diagnostic> = self.diagnostics.iter().collect();
        ordered.sort_by_key(|d| !d.is_error());
        ordered.iter().map(|d| d.render(self.text_of(d))).collect::<Vec<_>>().join("\n")
    }
}

/// The technique catalog a scenario needs, as its reader found it.
#[derive(Clone, Debug)]
pub enum CatalogInput {
    /// The catalog file's text.
    Text(SourceFile),
    /// It could not be read (missing, unreadable, not UTF-8…).
    Unreadable(Box<Diagnostic>),
}

/// The result of loading one scenario: always a report; a scenario only when it has no errors.
#[derive(Clone, Debug)]
pub struct LoadOutcome {
    /// Every finding, for the scenario and its catalog.
    pub report: FileReport,
    /// The checked scenario, when there was no error.
    pub loaded: Option<LoadedScenario>,
}

/// A parsed scenario waiting for its catalog.
#[derive(Debug)]
pub struct PendingScenario {
    parsed: Parsed<Scenario>,
}

/// Parses a scenario's text. A syntax error ends loading here.
pub fn begin(source: SourceFile) -> Result<PendingScenario, Box<LoadOutcome>> {
    let (name, text) = (source.name.clone(), source.text.clone());
    match parse_scenario(source) {
        Ok(parsed) => Ok(PendingScenario { parsed }),
        Err(d) => {
            let report = FileReport::new(&name, &text, Some(FileKind::Scenario), vec![*d]);
            Err(Box::new(LoadOutcome { report, loaded: None }))
        }
    }
}

impl PendingScenario {
    /// The catalog file the scenario names (`catalog:`), relative to the scenario's folder.
    pub fn catalog_reference(&self) -> &str {
        &self.parsed.value.catalog
    }

    /// Checks the scenario against its catalog and finishes loading.
    pub fn finish(self, catalog: CatalogInput, assets: &dyn AssetProbe) -> LoadOutcome {
        let parsed = self.parsed;
        let name = parsed.source.name.clone();
        let mut report = FileReport::new(&name, &parsed.source.text, Some(FileKind::Scenario), Vec::new());
        let catalog = match catalog {
            CatalogInput::Text(source) => {
                let (catalog_name, catalog_text) = (source.name.clone(), source.text.clone());
                let result = load_catalog_text(source);
                report.other_texts.push((catalog_name, catalog_text));
                result
            }
            CatalogInput::Unreadable(d) => Err(vec![*d]),
        };
        match catalog {
            Ok((catalog, _)) => {
                let mut diagnostics = check_scenario(&parsed, Some(&catalog), assets);
                diagnostics.sort_by_key(|d| !d.is_error());
                report.diagnostics = diagnostics;
                if report.errors() > 0 {
                    return LoadOutcome { report, loaded: None };
                }
                let fingerprint = Fingerprint::of(&parsed.value);
                let loaded = LoadedScenario {
                    scenario: Arc::new(parsed.value),
                    catalog: Arc::new(catalog),
                    warnings: report.diagnostics.clone(),
                    path: parsed.source.path.clone().unwrap_or_else(|| PathBuf::from(&name)),
                    text: Arc::from(parsed.source.text.as_str()),
                    fingerprint,
                };
                LoadOutcome { report, loaded: Some(loaded) }
            }
            Err(catalog_diagnostics) => {
                let mut head = Diagnostic::error(
                    "catalog",
                    &name,
                    format!("the technique catalog `{}` could not be loaded", parsed.value.catalog),
                )
                .help("a scenario uses `techniques.ron` next to it unless `catalog:` names another file (relative to the scenario): fix that file, copy `scenarios/techniques.ron` there, or point `catalog:` at it");
                // At `catalog:` when the file names one, otherwise at the start of `Scenario(`.
                let top = parsed.map.exact("").map(|r| r.start..r.start + "Scenario".len().min(r.len()));
                if let Some(span) = parsed.map.exact("catalog").or(top) {
                    head = head.at(&parsed.source.text, span);
                }
                head.notes.extend(catalog_diagnostics.iter().filter(|d| d.is_error()).map(Diagnostic::headline));
                let mut diagnostics = vec![head];
                diagnostics.extend(check_scenario(&parsed, None, assets));
                diagnostics.sort_by_key(|d| !d.is_error());
                report.diagnostics = diagnostics;
                LoadOutcome { report, loaded: None }
            }
        }
    }
}

/// Loads a scenario when every text is at hand: `catalog` is asked for the catalog the scenario names.
pub fn load_scenario_text(
    source: SourceFile,
    catalog: impl FnOnce(&str) -> CatalogInput,
    assets: &dyn AssetProbe,
) -> LoadOutcome {
    match begin(source) {
        Ok(pending) => {
            let input = catalog(pending.catalog_reference());
            pending.finish(input, assets)
        }
        Err(outcome) => *outcome,
    }
}

/// Parses and checks a catalog's text: the catalog and its warnings, or every finding when it has errors.
pub fn load_catalog_text(source: SourceFile) -> Result<(Catalog, Vec<Diagnostic>), Vec<Diagnostic>> {
    let parsed = parse_catalog(source).map_err(|d| vec![*d])?;
    let diagnostics = check_catalog(&parsed);
    if diagnostics.iter().any(Diagnostic::is_error) {
        return Err(diagnostics);
    }
    Ok((parsed.value, diagnostics))
}

/// Checks a catalog file on its own.
pub fn check_catalog_text(source: SourceFile) -> FileReport {
    let (name, text) = (source.name.clone(), source.text.clone());
    let diagnostics = match parse_catalog(source) {
        Ok(parsed) => check_catalog(&parsed),
        Err(d) => vec![*d],
    };
    FileReport::new(&name, &text, Some(FileKind::Catalog), diagnostics)
}
