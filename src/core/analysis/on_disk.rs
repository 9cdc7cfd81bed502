//! Analysing files and folders: loads each scenario, finds the exam sets that use it (in the
//! `exams/` folder next to it), analyses it, and for a library the coverage matrix.

use crate::core::analysis::coverage::{Coverage, coverage};
use crate::core::analysis::{Analysis, ExamRequirement, analyze};
use crate::core::diagnostic::Diagnostic;
use crate::core::exam::ExamSet;
use crate::core::library::{collect_ron_files, display_path, folder_of, load_scenario_file};
use crate::core::load::{FileKind, SourceFile, parse_exam_set};
use crate::core::loader::FileReport;
use crate::core::source_map::SourceMap;
use std::path::{Path, PathBuf};

/// One scenario file's analysis.
#[derive(Clone, Debug)]
pub struct FileAnalysis {
    /// The file, as a trainer can open it.
    pub file: String,
    /// The analysis, or why there is none.
    pub outcome: Result<Analysis, FileProblem>,
    /// The smells placed at `file:line:col`.
    pub diagnostics: Vec<Diagnostic>,
}

/// Why a file was not analysed.
#[derive(Clone, Debug)]
pub enum FileProblem {
    /// It does not load (the checker's findings).
    DoesNotLoad(Box<FileReport>),
    /// It is too large to analyse.
    TooLarge(String),
}

/// The analysis of everything asked for.
#[derive(Clone, Debug)]
pub struct LibraryAnalysis {
    /// Per scenario file.
    pub files: Vec<FileAnalysis>,
    /// The coverage matrix, when more than one scenario was analysed or a folder was given.
    pub coverage: Option<Coverage>,
    /// Exam sets whose set pass mark no class can reach, in sentences.
    pub exam_problems: Vec<String>,
}

impl LibraryAnalysis {
    /// Smells and load errors, all files together.
    pub fn problems(&self) -> usize {
        self.files
            .iter()
            .map(|f| match &f.outcome {
                Ok(_) => f.diagnostics.len(),
                Err(_) => 1,
            })
            .sum::<usize>()
            + self.coverage.as_ref().map_or(0, |c| c.smells.len())
            + self.exam_problems.len()
    }
}

/// The exam sets in `folder/exams/`.
fn exam_sets_near(folder: &Path) -> Vec<ExamSet> {
    let exams = folder.join("exams");
    collect_ron_files(&[exams])
        .unwrap_or_default()
        .into_iter()
        .filter_map(|p| SourceFile::read(&p).ok())
        .filter(|s| s.kind() == Some(FileKind::ExamSet))
        .filter_map(|s| parse_exam_set(s).ok().map(|p| p.value))
        .collect()
}

/// Analyses the scenario files under `paths` (files or folders).
pub fn analyze_paths(paths: &[PathBuf]) -> Result<LibraryAnalysis, Box<Diagnostic>> {
    let files = collect_ron_files(paths)?;
    let any_folder = paths.iter().any(|p| p.is_dir());
    let mut out = Vec::new();
    let mut loaded_all = Vec::new();
    let mut sets: Vec<(PathBuf, Vec<ExamSet>)> = Vec::new();
    for path in files {
        let Ok(source) = SourceFile::read(&path) else {
            let outcome = load_scenario_file(&path);
            out.push(FileAnalysis {
                file: display_path(&path),
                outcome: Err(FileProblem::DoesNotLoad(Box::new(outcome.report))),
                diagnostics: Vec::new(),
            });
            continue;
        };
        if source.kind().is_some_and(|k| k != FileKind::Scenario) {
            continue;
        }
        let outcome = load_scenario_file(&path);
        let name = display_path(&path);
        let Some(loaded) = outcome.loaded else {
            out.push(FileAnalysis {
                file: name,
                outcome: Err(FileProblem::DoesNotLoad(Box::new(outcome.report))),
                diagnostics: Vec::new(),
            });
            continue;
        };
        let folder = folder_of(&path);
        if !sets.iter().any(|(f, _)| *f == folder) {
            sets.push((folder.clone(), exam_sets_near(&folder)));
        }
        let requirements: Vec<ExamRequirement> = sets
            .iter()
            .filter(|(f, _)| *f == folder)
            .flat_map(|(_, s)| s.iter())
            .filter(|set| set.scenarios.iter().any(|s| s.id == loaded.scenario.id))
            .map(|set| ExamRequirement { exam: set.id.clone(), thresholds: set.pass_each })
            .collect();
        match analyze(&loaded.scenario, &loaded.catalog, &requirements) {
            Ok(analysis) => {
                let map = SourceMap::build(&loaded.text);
                let diagnostics = analysis.smells.iter().map(|s| s.diagnostic(&name, &loaded.text, &map)).collect();
                out.push(FileAnalysis { file: name, outcome: Ok(analysis), diagnostics });
                loaded_all.push(loaded);
            }
            Err(e) => out.push(FileAnalysis {
                file: name,
                outcome: Err(FileProblem::TooLarge(e.to_string())),
                diagnostics: Vec::new(),
            }),
        }
    }
    let coverage = (any_folder || loaded_all.len() > 1)
        .then(|| {
            loaded_all.first().map(|first| {
                let scenarios: Vec<&crate::core::scenario::Scenario> =
                    loaded_all.iter().map(|l| l.scenario.as_ref()).collect();
                coverage(&first.catalog, &scenarios)
            })
        })
        .flatten();
    let mut exam_problems = Vec::new();
    for set in sets.iter().flat_map(|(_, s)| s.iter()) {
        let best: Vec<u32> = set
            .scenarios
            .iter()
            .filter_map(|s| {
                out.iter().find_map(|f| f.outcome.as_ref().ok().filter(|a| a.scenario == s.id).map(|a| a.overall.max))
            })
            .collect();
        if best.len() == set.scenarios.len() && !best.is_empty() {
            let mean = best.iter().map(|&b| u64::from(b)).sum::<u64>() as f64 / best.len() as f64;
            if mean < f64::from(set.pass_set.overall) {
                exam_problems.push(format!(
                    "exam `{}`: the best calls average {mean:.0} overall, below the set's pass mark of {}",
                    set.id, set.pass_set.overall
                ));
            }
        }
    }
    Ok(LibraryAnalysis { files: out, coverage, exam_problems })
}
