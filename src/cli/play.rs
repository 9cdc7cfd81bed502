//! `frontline play FILE --text`: plays a call in the terminal, interactively or from a script of
//! option numbers or choice ids (replayed by the core).

use crate::cli::print_stdout;
use frontline::core::engine::{Conversation, EngineError};
use frontline::core::ids::{ChoiceId, OptionNumber};
use frontline::core::library::load_scenario;
use frontline::core::loader::LoadedScenario;
use frontline::core::random::fresh_seed;
use frontline::core::replay::{Script, replay};
use frontline::core::report_text;
use frontline::core::score::{Report, score};
use frontline::core::text::Lang;
use frontline::core::transcript;
use frontline::core::ui_text::{Text, fill, t};
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};

/// Decisions given on the command line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ScriptArg {
    /// Play interactively.
    None,
    /// `--choices 2,1,3`.
    Numbers(Vec<OptionNumber>),
    /// `--choice-ids a,b,c`.
    Choices(Vec<ChoiceId>),
}

/// Options of `frontline play`.
#[derive(Clone, Debug)]
pub struct PlayOptions {
    /// Scenario file.
    pub file: PathBuf,
    /// Seed (random when absent).
    pub seed: Option<u64>,
    /// Language.
    pub lang: Lang,
    /// Scripted decisions.
    pub script: ScriptArg,
    /// Print the report as JSON.
    pub json: bool,
}

/// Loads a scenario, printing its diagnostics on failure.
pub fn load_or_report(file: &Path) -> Option<LoadedScenario> {
    match load_scenario(file) {
        Ok(l) => Some(l),
        Err(report) => {
            eprintln!("{}", report.render());
            eprintln!("error: `{}` cannot be played until these are fixed (see `frontline check`)", file.display());
            None
        }
    }
}

/// Runs `frontline play` and returns the exit code.
pub fn run(opts: &PlayOptions) -> i32 {
    let lang = opts.lang;
    let Some(loaded) = load_or_report(&opts.file) else { return 1 };
    let seed = opts.seed.unwrap_or_else(fresh_seed);
    let script = match &opts.script {
        ScriptArg::None => return interactive(&loaded, seed, lang, opts.json),
        ScriptArg::Numbers(n) => Script::Numbers(n),
        ScriptArg::Choices(c) => Script::Choices(c),
    };
    match replay(loaded.scenario.clone(), seed, script) {
        Ok(run) => {
            if run.unused > 0 {
                eprintln!(
                    "warning: the call ended before the last {} scripted choice(s); they were ignored",
                    run.unused
                );
            }
            let report = run.report(&loaded.catalog);
            if opts.json {
                print_json(&report)
            } else {
                print_stdout(&run.transcript(lang));
                print_stdout(&report_text::render(&report, lang));
                0
            }
        }
        Err(e) => {
            eprintln!("error: {e}");
            1
        }
    }
}

fn print_json(report: &Report) -> i32 {
    match serde_json::to_string_pretty(report) {
        Ok(s) => {
            print_stdout(&format!("{s}\n"));
            0
        }
        Err(e) => {
            eprintln!("error: cannot write JSON: {e}");
            1
        }
    }
}

/// Plays interactively on stdin/stdout. With `json`, stdout carries only the JSON report and the
/// conversation goes to stderr.
pub fn interactive(loaded: &LoadedScenario, seed: u64, lang: Lang, json: bool) -> i32 {
    let scenario = &loaded.scenario;
    let mut out: Box<dyn Write> = if json { Box::new(std::io::stderr()) } else { Box::new(std::io::stdout()) };
    // A closed terminal or pipe ends the call quietly.
    macro_rules! say {
        ($($arg:tt)*) => {
            if write!(out, $($arg)*).and_then(|()| out.flush()).is_err() {
                return 0;
            }
        };
    }
    say!("{} — {}\n", scenario.title.get(lang), scenario.summary.get(lang));
    say!("{}\n", fill(lang, Text::SeedLine, &[("seed", &seed)]));
    say!("{}\n\n", t(lang, Text::TypeAnOptionNumber));
    let (mut conv, events) = match Conversation::start(scenario.clone(), seed) {
        Ok(x) => x,
        Err(e) => {
            eprintln!("error: {e}");
            return 1;
        }
    };
    say!("{}", transcript::render(scenario, &events, lang));
    let stdin = std::io::stdin();
    let mut lines = stdin.lock().lines();
    while !conv.is_over() {
        say!("> ");
        let Some(Ok(line)) = lines.next() else {
            say!("\n");
            break;
        };
        let line = line.trim();
        if line.eq_ignore_ascii_case("q") || line.eq_ignore_ascii_case("quit") {
            break;
        }
        let Ok(number) = line.parse::<usize>() else {
            say!("{}\n", t(lang, Text::PleaseTypeANumber));
            continue;
        };
        match conv.select(OptionNumber(number)) {
            Ok(events) => say!("{}", transcript::render(scenario, &events, lang)),
            Err(e @ EngineError::NoSuchOption { .. }) => say!("{e}\n"),
            Err(e) => {
                eprintln!("error: {e}");
                return 1;
            }
        }
    }
    let report = score(scenario, &loaded.catalog, conv.state());
    if json {
        return print_json(&report);
    }
    say!("{}", report_text::render(&report, lang));
    0
}
