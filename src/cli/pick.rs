//! The terminal scenario picker: lists the scenarios in a folder and plays the chosen one.

use crate::core::library::{load_scenario, scenario_files};
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
        match load_scenario(f) {
            Ok(loaded) => println!("  {}. {}", i + 1, loaded.scenario.title.learner(lang)),
            Err(diags) => {
                let errors = diags.iter().filter(|d| d.is_error()).count();
                println!("  {}. {}  [{errors} error(s): run `frontline check`]", i + 1, f.display());
            }
        }
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
