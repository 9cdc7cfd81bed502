//! The terminal scenario picker: lists the scenarios in a folder and plays the chosen one.

use crate::core::library::{check_file, scenario_files};
use crate::core::load::{SourceFile, parse_scenario};
use crate::core::random::fresh_seed;
use crate::core::text::Lang;
use std::io::{BufRead, Write};
use std::path::Path;

/// Runs the picker and returns the exit code.
pub fn run(folder: &Path, lang: &str) -> i32 {
    let Some(lang) = Lang::from_code(lang) else {
        eprintln!("error: unknown language `{lang}` (use en or zh)");
        return 2;
    };
    let files = scenario_files(folder);
    if files.is_empty() {
        eprintln!("error: no scenarios found in `{}`", folder.display());
        return 1;
    }
    println!("Frontline — {}:", if lang == Lang::Zh { "选择一个场景" } else { "choose a scenario" });
    for (i, f) in files.iter().enumerate() {
        let report = check_file(f);
        let title = SourceFile::read(f)
            .ok()
            .and_then(|s| parse_scenario(s).ok())
            .map(|p| p.value.title.get(lang).to_string())
            .unwrap_or_else(|| f.display().to_string());
        let status = if report.errors() > 0 {
            format!("  [{} error(s): run `frontline check`]", report.errors())
        } else {
            String::new()
        };
        println!("  {}. {title}{status}", i + 1);
    }
    print!("> ");
    let _ = std::io::stdout().flush();
    let mut line = String::new();
    if std::io::stdin().lock().read_line(&mut line).is_err() {
        return 1;
    }
    let Some(file) = line.trim().parse::<usize>().ok().and_then(|n| n.checked_sub(1)).and_then(|i| files.get(i)) else {
        eprintln!("no scenario chosen");
        return 1;
    };
    let Some(loaded) = crate::cli::play::load_or_report(file) else { return 1 };
    crate::cli::play::interactive(&loaded, fresh_seed(), lang, false)
}
