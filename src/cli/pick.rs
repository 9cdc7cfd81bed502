//! The terminal scenario picker: lists the scenarios of the scenario folders and plays the chosen one.

use frontline::core::random::fresh_seed;
use frontline::core::scenario_folders::{ScenarioFolders, Standing};
use frontline::core::text::Lang;
use frontline::core::ui_text::{Text, t};
use std::io::{BufRead, Write};

/// Runs the picker over the scenario folders (a trainer's copy of a shipped scenario is listed
/// instead of it) and returns the exit code.
pub fn run(folders: &ScenarioFolders, lang: Lang) -> i32 {
    let survey: Vec<_> =
        folders.survey().into_iter().filter(|s| !matches!(s.standing, Some(Standing::ReplacedBy(_)))).collect();
    if survey.is_empty() {
        let names: Vec<String> = folders.layers.iter().map(|l| format!("`{}`", l.path.display())).collect();
        eprintln!(
            "error: no scenarios found in {}",
            if names.is_empty() { "any folder".into() } else { names.join(" or ") }
        );
        eprintln!("help: {}", t(lang, Text::NoScenariosHelp));
        return 1;
    }
    let mut menu = format!("Frontline — {}:\n", t(lang, Text::ChooseAScenario));
    for (i, s) in survey.iter().enumerate() {
        match (&s.loaded, &s.standing) {
            (Ok(loaded), Some(Standing::Duplicate(d))) => menu.push_str(&format!(
                "  {}. {}  [{}: run `frontline check`]\n",
                i + 1,
                loaded.scenario.title.learner(lang),
                d.headline()
            )),
            (Ok(loaded), Some(Standing::Replaces(_))) => menu.push_str(&format!(
                "  {}. {}  ({})\n",
                i + 1,
                loaded.scenario.title.learner(lang),
                t(lang, Text::YourCopy)
            )),
            (Ok(loaded), _) => menu.push_str(&format!("  {}. {}\n", i + 1, loaded.scenario.title.learner(lang))),
            (Err(report), _) => {
                let errors = report.errors();
                menu.push_str(&format!(
                    "  {}. {}  [{errors} error(s): run `frontline check`]\n",
                    i + 1,
                    s.file.path.display()
                ));
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
    let Some(chosen) = line.trim().parse::<usize>().ok().and_then(|n| n.checked_sub(1)).and_then(|i| survey.get(i))
    else {
        eprintln!("no scenario chosen");
        return 1;
    };
    if let Some(Standing::Duplicate(d)) = &chosen.standing {
        eprintln!("{}", d.headline());
        return 1;
    }
    let Some(loaded) = crate::cli::play::load_or_report(&chosen.file.path) else { return 1 };
    crate::cli::play::interactive(&loaded, fresh_seed(), lang, false, None)
}
