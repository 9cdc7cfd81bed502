//! `frontline check`: checks files and folders and prints compiler-style diagnostics or JSON.

use crate::cli::Format;
use crate::core::library::{FileReport, check_file, collect_ron_files};
use serde::Serialize;
use std::path::PathBuf;

#[derive(Serialize)]
struct JsonOutput<'a> {
    files: Vec<JsonFile<'a>>,
    errors: usize,
    warnings: usize,
}

#[derive(Serialize)]
struct JsonFile<'a> {
    file: &'a str,
    diagnostics: &'a [crate::core::diagnostic::Diagnostic],
}

/// Checks `paths` and returns the exit code: 0 clean, 1 errors (or warnings with `deny_warnings`).
pub fn run(paths: &[PathBuf], format: Format, deny_warnings: bool) -> i32 {
    let paths = if paths.is_empty() { vec![PathBuf::from("scenarios")] } else { paths.to_vec() };
    let files = match collect_ron_files(&paths) {
        Ok(f) => f,
        Err(d) => {
            eprintln!("{}", d.headline());
            return 1;
        }
    };
    let reports: Vec<FileReport> = files.iter().map(|p| check_file(p)).collect();
    let errors: usize = reports.iter().map(FileReport::errors).sum();
    let warnings: usize = reports.iter().map(FileReport::warnings).sum();
    match format {
        Format::Json => {
            let out = JsonOutput {
                files: reports.iter().map(|r| JsonFile { file: &r.name, diagnostics: &r.diagnostics }).collect(),
                errors,
                warnings,
            };
            match serde_json::to_string_pretty(&out) {
                Ok(s) => println!("{s}"),
                Err(e) => {
                    eprintln!("error: cannot write JSON: {e}");
                    return 1;
                }
            }
        }
        Format::Human => {
            for r in &reports {
                for d in &r.diagnostics {
                    eprintln!("{}", d.render(&r.text));
                }
            }
            if files.is_empty() {
                eprintln!(
                    "warning: no .ron files found in {}",
                    paths.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", ")
                );
            }
            let verdict = if errors == 0 { "ok" } else { "FAILED" };
            eprintln!("{verdict}: {} file(s) checked, {errors} error(s), {warnings} warning(s)", files.len());
        }
    }
    if errors > 0 || (deny_warnings && warnings > 0) { 1 } else { 0 }
}
