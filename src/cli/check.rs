//! `frontline check`: checks files and folders and prints compiler-style diagnostics or JSON.

use crate::cli::{Format, print_stdout};
use frontline::core::library::check_paths;
use frontline::core::loader::FileReport;
use serde::Serialize;
use std::path::PathBuf;

#[derive(Serialize)]
struct JsonOutput<'a> {
    files: &'a [FileReport],
    errors: usize,
    warnings: usize,
}

/// Checks `paths` and returns the exit code: 0 clean, 1 errors (or warnings with `deny_warnings`).
pub fn run(paths: &[PathBuf], format: Format, deny_warnings: bool) -> i32 {
    let paths = if paths.is_empty() { vec![PathBuf::from("scenarios")] } else { paths.to_vec() };
    let reports = match check_paths(&paths) {
        Ok(r) => r,
        Err(d) => {
            eprintln!("{}", d.headline());
            return 1;
        }
    };
    let errors: usize = reports.iter().map(FileReport::errors).sum();
    let warnings: usize = reports.iter().map(FileReport::warnings).sum();
    match format {
        Format::Json => {
            let out = JsonOutput { files: &reports, errors, warnings };
            match serde_json::to_string_pretty(&out) {
                Ok(s) => print_stdout(&format!("{s}\n")),
                Err(e) => {
                    eprintln!("error: cannot write JSON: {e}");
                    return 1;
                }
            }
        }
        Format::Human => {
            for r in reports.iter().filter(|r| !r.diagnostics.is_empty()) {
                eprintln!("{}", r.render());
            }
            if reports.is_empty() {
                eprintln!(
                    "warning: no .ron files found in {}",
                    paths.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", ")
                );
            }
            let verdict = if errors == 0 { "ok" } else { "FAILED" };
            eprintln!("{verdict}: {} file(s) checked, {errors} error(s), {warnings} warning(s)", reports.len());
        }
    }
    if errors > 0 || (deny_warnings && warnings > 0) { 1 } else { 0 }
}
