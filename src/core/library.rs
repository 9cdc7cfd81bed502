//! Loading scenarios from disk together with their technique catalog, and checking whole folders.

use crate::core::check::{check_catalog, check_scenario};
use crate::core::diagnostic::Diagnostic;
use crate::core::load::{FileKind, SourceFile, parse_catalog, parse_scenario};
use crate::core::scenario::Scenario;
use crate::core::technique::Catalog;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// A scenario that loaded without errors (it may have warnings).
#[derive(Clone, Debug)]
pub struct LoadedScenario {
    /// The scenario.
    pub scenario: Arc<Scenario>,
    /// Its technique catalog.
    pub catalog: Arc<Catalog>,
    /// Warnings found while checking.
    pub warnings: Vec<Diagnostic>,
    /// The file it came from.
    pub path: PathBuf,
}

/// The findings for one file, with its text for rendering.
#[derive(Clone, Debug)]
pub struct FileReport {
    /// The file name as shown in diagnostics.
    pub name: String,
    /// The text (empty when unreadable).
    pub text: String,
    /// What kind of file it was taken for.
    pub kind: Option<FileKind>,
    /// Findings.
    pub diagnostics: Vec<Diagnostic>,
}

impl FileReport {
    /// Number of errors.
    pub fn errors(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }
    /// Number of warnings.
    pub fn warnings(&self) -> usize {
        self.diagnostics.len() - self.errors()
    }
}

/// Loads and checks a catalog file.
pub fn load_catalog(path: &Path) -> Result<(Catalog, Vec<Diagnostic>), Vec<Diagnostic>> {
    let source = SourceFile::read(path).map_err(|d| vec![*d])?;
    let parsed = parse_catalog(source).map_err(|d| vec![*d])?;
    let diags = check_catalog(&parsed);
    if diags.iter().any(Diagnostic::is_error) {
        return Err(diags);
    }
    Ok((parsed.value, diags))
}

/// Loads, checks and returns a scenario file with its catalog. Errors (in the scenario or its
/// catalog) are returned as diagnostics; warnings travel with the loaded scenario.
pub fn load_scenario(path: &Path) -> Result<LoadedScenario, Vec<Diagnostic>> {
    let (report, loaded) = load_and_check(path);
    match loaded {
        Some((scenario, catalog)) if report.errors() == 0 => Ok(LoadedScenario {
            scenario: Arc::new(scenario),
            catalog: Arc::new(catalog),
            warnings: report.diagnostics,
            path: path.to_path_buf(),
        }),
        _ => Err(report.diagnostics),
    }
}

/// Where a scenario's catalog lives: `catalog` relative to the scenario's folder.
pub fn catalog_path(scenario_path: &Path, catalog: &str) -> PathBuf {
    scenario_path.parent().unwrap_or(Path::new(".")).join(catalog)
}

/// Checks one file of either kind and returns every finding.
pub fn check_file(path: &Path) -> FileReport {
    load_and_check(path).0
}

/// Reads, parses and checks a file once; for a scenario whose catalog loaded, also returns both.
fn load_and_check(path: &Path) -> (FileReport, Option<(Scenario, Catalog)>) {
    let name = path.display().to_string();
    let source = match SourceFile::read(path) {
        Ok(s) => s,
        Err(d) => return (FileReport { name, text: String::new(), kind: None, diagnostics: vec![*d] }, None),
    };
    let text = source.text.clone();
    let by_name = path.file_name().is_some_and(|n| n == "techniques.ron");
    let kind = source.kind().or(if by_name { Some(FileKind::Catalog) } else { None }).unwrap_or(FileKind::Scenario);
    let report = |diagnostics| FileReport { name: name.clone(), text: text.clone(), kind: Some(kind), diagnostics };
    match kind {
        FileKind::Catalog => match parse_catalog(source) {
            Ok(parsed) => (report(check_catalog(&parsed)), None),
            Err(d) => (report(vec![*d]), None),
        },
        FileKind::Scenario => match parse_scenario(source) {
            Err(d) => (report(vec![*d]), None),
            Ok(parsed) => {
                let cat_path = catalog_path(path, &parsed.value.catalog);
                let folder = path.parent().map(Path::to_path_buf);
                match load_catalog(&cat_path) {
                    Ok((catalog, _)) => {
                        let diags = check_scenario(&parsed, Some(&catalog), folder.as_deref());
                        (report(diags), Some((parsed.value, catalog)))
                    }
                    Err(cat_diags) => {
                        let mut d = check_scenario(&parsed, None, folder.as_deref());
                        let mut head = Diagnostic::error(
                            "catalog",
                            &parsed.source.name,
                            format!("the technique catalog `{}` could not be loaded", cat_path.display()),
                        );
                        if let Some(span) = parsed.map.exact("catalog") {
                            head = head.at(&parsed.source.text, span);
                        }
                        for cd in &cat_diags {
                            head.notes.push(cd.headline());
                        }
                        d.insert(0, head);
                        (report(d), None)
                    }
                }
            }
        },
    }
}

/// Every `.ron` file under the given files and folders (folders searched recursively, sorted).
pub fn collect_ron_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>, Box<Diagnostic>> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            walk(p, &mut out).map_err(|e| {
                Diagnostic::error("io", &p.display().to_string(), format!("cannot read the folder: {e}"))
            })?;
        } else if p.exists() {
            out.push(p.clone());
        } else {
            return Err(Box::new(Diagnostic::error("io", &p.display().to_string(), "no such file or folder")));
        }
    }
    Ok(out)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    let mut entries: Vec<(PathBuf, std::fs::FileType)> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok().and_then(|e| e.file_type().ok().map(|t| (e.path(), t))))
        .collect();
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    for (path, kind) in entries {
        // Symlinked folders are not followed: a link back to a parent would loop forever.
        if kind.is_dir() {
            walk(&path, out)?;
        } else if path.extension().is_some_and(|x| x == "ron") {
            out.push(path);
        }
    }
    Ok(())
}

/// Every scenario (not catalog) file under a folder, sorted.
pub fn scenario_files(folder: &Path) -> Vec<PathBuf> {
    collect_ron_files(&[folder.to_path_buf()])
        .unwrap_or_default()
        .into_iter()
        .filter(|p| {
            let by_name = p.file_name().is_some_and(|n| n == "techniques.ron");
            match SourceFile::read(p) {
                Ok(s) => s.kind() == Some(FileKind::Scenario) || (s.kind().is_none() && !by_name),
                Err(_) => !by_name,
            }
        })
        .collect()
}
