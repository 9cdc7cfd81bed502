//! The terminal scenario picker: lists the scenarios in a folder and plays the chosen one.

use frontline::core::library::{load_scenario, scenario_files};
use frontline::core::random::fresh_seed;
use frontline::core::text::Lang;
use frontline::core::ui_text::{Text, t};
use std::io::{BufRead, Write};
use std::path::Path;

/// Runs the picker and returns the exit code.
pub fn run(folder: &Path, lang: Lang) -> i32 {
    let files = scenario_files(folder);
    if files.is_empty() {
        eprintln!("error: no scenarios found in `{}`", folder.display());
        return 1;
    }
    let mut menu = format!("Frontline — {}:\n", t(lang, Text::ChooseAScenario));
    for (i, f) in files.iter().enumerate() {
        match load_scenario(f) {
            Ok(loaded) => menu.push_str(&format!("  {}. {}\n", i + 1, loaded.scenario.title.learner(lang))),
            Err(report) => {
                let errors = report.errors();
                menu.push_str(&format!("  {}. {}  [{errors} error(s): run `frontline check`]\n", i + 1, f.display()));
            }
        }
    }
    menu.push_str("> ");
    crate::cli::print_stdout(&menu);
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
    crate::cli::play::interactive(&loaded, fresh_seed(), lang, false, None)
}
