//! The disk edge of loading: reads scenario and catalog files and folders and hands their text to
//! the one loader ([`crate::core::loader`]); checks that scenario ids are unique across a folder.

use crate::core::diagnostic::Diagnostic;
use crate::core::ids::ScenarioId;
use crate::core::load::{FileKind, SourceFile};
use crate::core::loader::{
    AssetProbe, CatalogInput, FileReport, LoadOutcome, LoadedScenario, check_catalog_text, load_scenario_text,
};
use crate::core::source_map::SourceMap;
use std::path::{Path, PathBuf};

/// Sound files looked up on disk, relative to a scenario's folder.
pub struct DiskAssets {
    /// The scenario's folder.
    pub folder: PathBuf,
}

impl AssetProbe for DiskAssets {
    fn exists(&self, relative: &str) -> bool {
        self.folder.join(relative).is_file()
    }
}

/// A file's path as a trainer can open it from where the program was started: relative to the
/// working directory when the file is under it, absolute otherwise.
pub fn display_path(path: &Path) -> String {
    let cwd = std::env::current_dir().ok();
    display_path_from(path, cwd.as_deref())
}

/// [`display_path`] from a given working directory (`None`: unknown, the path is shown as given).
pub fn display_path_from(path: &Path, cwd: Option<&Path>) -> String {
    let Some(cwd) = cwd else { return path.display().to_string() };
    let absolute = if path.is_absolute() { path.to_path_buf() } else { cwd.join(path) };
    // Drop `.` parts, so that `./scenarios/x.ron` and `scenarios/x.ron` read the same.
    let absolute: PathBuf = absolute.components().filter(|c| *c != std::path::Component::CurDir).collect();
    match absolute.strip_prefix(cwd) {
        Ok(relative) if !relative.as_os_str().is_empty() => relative.display().to_string(),
        _ => absolute.display().to_string(),
    }
}

/// The scenario folder an exam set draws on: the parent of its own folder (`scenarios/` for
/// `scenarios/exams/cert.ron`).
pub fn exam_scenario_folder(exam_path: &Path) -> PathBuf {
    let folder = folder_of(exam_path);
    folder.parent().filter(|p| !p.as_os_str().is_empty()).map_or_else(|| PathBuf::from(".."), Path::to_path_buf)
}

/// Loads and checks an exam set file against the scenarios of its scenario folder; returns the set
/// with those scenarios when it has no errors, and the report in any case.
pub fn load_exam_set(path: &Path) -> (Option<(crate::core::exam::ExamSet, Vec<LoadedScenario>)>, FileReport) {
    let name = path.display().to_string();
    match SourceFile::read(path) {
        Ok(source) => load_exam_set_from(path, source),
        Err(d) => (None, FileReport::new(&name, "", Some(FileKind::ExamSet), vec![*d])),
    }
}

fn load_exam_set_from(
    path: &Path,
    source: SourceFile,
) -> (Option<(crate::core::exam::ExamSet, Vec<LoadedScenario>)>, FileReport) {
    let name = source.name.clone();
    let text = source.text.clone();
    let parsed = match crate::core::load::parse_exam_set(source) {
        Ok(p) => p,
        Err(d) => return (None, FileReport::new(&name, &text, Some(FileKind::ExamSet), vec![*d])),
    };
    let library: Vec<LoadedScenario> =
        scenario_files(&exam_scenario_folder(path)).iter().filter_map(|f| load_scenario(f).ok()).collect();
    let diagnostics = crate::core::exam::check_exam_set(&parsed, &library);
    let ok = !diagnostics.iter().any(Diagnostic::is_error);
    let report = FileReport::new(&name, &text, Some(FileKind::ExamSet), diagnostics);
    let set = ok.then(|| {
        let chosen = parsed
            .value
            .scenarios
            .iter()
            .filter_map(|e| library.iter().find(|l| l.scenario.id == e.id).cloned())
            .collect();
        (parsed.value, chosen)
    });
    (set, report)
}

/// The folder a file is in (`.` for a bare file name).
pub fn folder_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Where a scenario's catalog lives: `catalog` relative to the scenario's folder.
pub fn catalog_path(scenario_path: &Path, catalog: &str) -> PathBuf {
    folder_of(scenario_path).join(catalog)
}

/// Reads the catalog a scenario names: next to the scenario, or else, for a plain file name, the
/// shipped folder's (a trainer's own scenario can use the shipped `techniques.ron`).
pub fn read_catalog(scenario_path: &Path, reference: &str) -> CatalogInput {
    let mut path = catalog_path(scenario_path, reference);
    if !path.exists() && Path::new(reference).components().count() == 1 {
        let shipped = crate::core::scenario_folders::shipped_data_dir()
            .map(|d| d.join(crate::core::scenario_folders::SCENARIOS).join(reference));
        if let Some(shipped) = shipped.filter(|p| p.is_file()) {
            path = shipped;
        }
    }
    match SourceFile::read(&path) {
        Ok(source) => CatalogInput::Text(source),
        Err(d) => CatalogInput::Unreadable(d),
    }
}

/// Reads and loads one scenario file.
pub fn load_scenario_file(path: &Path) -> LoadOutcome {
    let name = path.display().to_string();
    match SourceFile::read(path) {
        Ok(source) => load_scenario_file_from(path, source),
        Err(d) => LoadOutcome { report: FileReport::new(&name, "", None, vec![*d]), loaded: None },
    }
}

/// Loads a scenario file: the checked scenario (warnings travel with it), or the report of its errors.
pub fn load_scenario(path: &Path) -> Result<LoadedScenario, Box<FileReport>> {
    let outcome = load_scenario_file(path);
    outcome.loaded.ok_or_else(|| Box::new(outcome.report))
}

/// Checks one file of either kind (by its top-level name, or `techniques.ron` by file name).
pub fn check_file(path: &Path) -> FileReport {
    let name = path.display().to_string();
    let source = match SourceFile::read(path) {
        Ok(s) => s,
        Err(d) => return FileReport::new(&name, "", None, vec![*d]),
    };
    match file_kind(path, &source) {
        FileKind::Catalog => check_catalog_text(source),
        FileKind::Scenario => load_scenario_file_from(path, source).report,
        FileKind::ExamSet => load_exam_set_from(path, source).1,
        FileKind::Settings => check_settings_text(source),
        FileKind::ExamResult => check_result_text(source),
    }
}

/// Checks a result file as far as it can without the scenarios.
fn check_result_text(source: SourceFile) -> FileReport {
    let diagnostics = crate::core::exam::result::check_result(&source);
    FileReport::new(&source.name, &source.text, Some(FileKind::ExamResult), diagnostics)
}

/// Checks a settings file: syntax errors, and warnings for values that will not be used as written.
fn check_settings_text(source: SourceFile) -> FileReport {
    let (name, text) = (source.name.clone(), source.text.clone());
    let diagnostics = match crate::core::load::parse_settings(source) {
        Ok(parsed) => crate::core::settings::check_settings(&parsed),
        Err(d) => vec![*d],
    };
    FileReport::new(&name, &text, Some(FileKind::Settings), diagnostics)
}

fn load_scenario_file_from(path: &Path, source: SourceFile) -> LoadOutcome {
    load_scenario_text(source, |reference| read_catalog(path, reference), &DiskAssets { folder: folder_of(path) })
}

fn file_kind(path: &Path, source: &SourceFile) -> FileKind {
    let by_name = match path.file_name().and_then(|n| n.to_str()) {
        Some("techniques.ron") => FileKind::Catalog,
        Some("settings.ron") => FileKind::Settings,
        _ if path.extension().is_some_and(|x| x == "json") => FileKind::ExamResult,
        _ => FileKind::Scenario,
    };
    source.kind().unwrap_or(by_name)
}

/// Checks files and folders (folders recursively): one report per `.ron` file, including a
/// `duplicate-scenario-id` error on every scenario whose id an earlier file of the same folder (or
/// of the files named one by one) already uses. Two folders named are two layers: a scenario in
/// the second with an id of the first is a trainer's copy, not a mistake.
pub fn check_paths(paths: &[PathBuf]) -> Result<Vec<FileReport>, Box<Diagnostic>> {
    let mut files: Vec<(usize, PathBuf)> = Vec::new();
    for (k, p) in paths.iter().enumerate() {
        let group = if p.is_dir() { k } else { usize::MAX };
        files.extend(collect_ron_files(std::slice::from_ref(p))?.into_iter().map(|f| (group, f)));
    }
    let mut reports = Vec::with_capacity(files.len());
    let mut ids: Vec<(usize, String, ScenarioId, std::sync::Arc<str>)> = Vec::new();
    for (group, path) in &files {
        let name = path.display().to_string();
        let source = match SourceFile::read(path) {
            Ok(s) => s,
            Err(d) => {
                reports.push(FileReport::new(&name, "", None, vec![*d]));
                continue;
            }
        };
        match file_kind(path, &source) {
            FileKind::Catalog => reports.push(check_catalog_text(source)),
            FileKind::ExamSet => reports.push(load_exam_set_from(path, source).1),
            FileKind::Settings => reports.push(check_settings_text(source)),
            FileKind::ExamResult => reports.push(check_result_text(source)),
            FileKind::Scenario => {
                let outcome = load_scenario_file_from(path, source);
                if let Some(loaded) = &outcome.loaded {
                    ids.push((*group, name, loaded.scenario.id.clone(), loaded.text.clone()));
                }
                reports.push(outcome.report);
            }
        }
    }
    let mut groups: Vec<usize> = ids.iter().map(|(g, ..)| *g).collect();
    groups.sort_unstable();
    groups.dedup();
    for group in groups {
        let in_group: Vec<_> =
            ids.iter().filter(|(g, ..)| *g == group).map(|(_, n, id, t)| (n.clone(), id.clone(), t.clone())).collect();
        for d in duplicate_scenario_ids(&in_group) {
            if let Some(report) = reports.iter_mut().find(|r| r.name == d.file) {
                report.diagnostics.insert(0, d);
            }
        }
    }
    Ok(reports)
}

/// For scenarios given as (file name, id, text) in folder order: an error on each one whose id
/// an earlier file already uses, naming both files.
pub fn duplicate_scenario_ids(scenarios: &[(String, ScenarioId, std::sync::Arc<str>)]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (k, (file, id, text)) in scenarios.iter().enumerate() {
        let Some((first, _, _)) = scenarios[..k].iter().find(|(_, other, _)| other == id) else { continue };
        let mut d =
            Diagnostic::error("duplicate-scenario-id", file, format!("scenario id `{id}` is already used by {first}"))
                .label("second use")
                .help("every scenario in a folder needs its own id: progress and results are stored under it");
        if let Some(span) = SourceMap::build(text).exact("id") {
            d = d.at(text, span);
        }
        d.notes.push(format!("both {first} and {file} say `id: \"{id}\"`"));
        out.push(d);
    }
    out
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
        .filter(|p| match SourceFile::read(p) {
            Ok(s) => file_kind(p, &s) == FileKind::Scenario,
            Err(_) => p.file_name().is_none_or(|n| n != "techniques.ron"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_shown_as_a_trainer_can_open_them() {
        let cwd = Path::new("/home/trainer/course");
        assert_eq!(display_path_from(Path::new("scenarios/a.ron"), Some(cwd)), "scenarios/a.ron");
        assert_eq!(display_path_from(Path::new("./scenarios/a.ron"), Some(cwd)), "scenarios/a.ron");
        assert_eq!(display_path_from(Path::new("/home/trainer/course/scenarios/a.ron"), Some(cwd)), "scenarios/a.ron");
        assert_eq!(display_path_from(Path::new("/tmp/broken/a.ron"), Some(cwd)), "/tmp/broken/a.ron");
        assert_eq!(display_path_from(Path::new("../other/a.ron"), Some(cwd)), "../other/a.ron");
        assert_eq!(display_path_from(Path::new("a.ron"), None), "a.ron");
    }
}
