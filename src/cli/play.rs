//! `frontline play FILE --text`: plays a call in the terminal, interactively or from `--choices`.

use crate::core::diagnostic::Diagnostic;
use crate::core::engine::{Conversation, EngineError};
use crate::core::library::{LoadedScenario, load_scenario};
use crate::core::random::fresh_seed;
use crate::core::score::{Report, score};
use crate::core::text::Lang;
use crate::core::transcript;
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};

/// Options of `frontline play`.
#[derive(Clone, Debug)]
pub struct PlayOptions {
    /// Scenario file.
    pub file: PathBuf,
    /// Seed (random when absent).
    pub seed: Option<u64>,
    /// Language code.
    pub lang: String,
    /// Scripted option numbers.
    pub choices: Option<Vec<usize>>,
    /// Print the report as JSON.
    pub json: bool,
}

/// Why a play failed.
#[derive(Debug)]
pub enum PlayError {
    /// The scenario has errors.
    Scenario(Vec<Diagnostic>),
    /// The engine refused a step.
    Engine(EngineError),
    /// The scripted choices ended before the call did.
    ScriptTooShort {
        /// Choices made.
        made: usize,
        /// The node still waiting.
        node: String,
    },
    /// Unknown language code.
    BadLanguage(String),
}

impl std::fmt::Display for PlayError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PlayError::Scenario(d) => {
                write!(f, "the scenario has {} error(s)", d.iter().filter(|d| d.is_error()).count())
            }
            PlayError::Engine(e) => write!(f, "{e}"),
            PlayError::ScriptTooShort { made, node } => {
                write!(f, "the scripted choices ran out after {made} choice(s); the call is waiting at node `{node}`")
            }
            PlayError::BadLanguage(l) => write!(f, "unknown language `{l}` (use en or zh)"),
        }
    }
}

/// A finished scripted run.
#[derive(Clone, Debug)]
pub struct ScriptedRun {
    /// The transcript text.
    pub transcript: String,
    /// The debrief.
    pub report: Report,
}

/// Plays `choices` (1-based option numbers) through a loaded scenario with `seed`.
pub fn play_scripted(
    loaded: &LoadedScenario,
    seed: u64,
    choices: &[usize],
    lang: Lang,
) -> Result<ScriptedRun, PlayError> {
    let (mut conv, events) = Conversation::start(loaded.scenario.clone(), seed).map_err(PlayError::Engine)?;
    let mut transcript = transcript::render(&loaded.scenario, &events, lang);
    for &number in choices {
        if conv.is_over() {
            break;
        }
        let events = conv.select(number).map_err(PlayError::Engine)?;
        transcript.push_str(&transcript::render(&loaded.scenario, &events, lang));
    }
    if let Some(node) = conv.current_node() {
        return Err(PlayError::ScriptTooShort { made: conv.state().turns.len(), node: node.id.clone() });
    }
    let report = score(&loaded.scenario, &loaded.catalog, conv.state());
    Ok(ScriptedRun { transcript, report })
}

/// Loads a scenario, printing its diagnostics on failure.
pub fn load_or_report(file: &Path) -> Option<LoadedScenario> {
    match load_scenario(file) {
        Ok(l) => Some(l),
        Err(diags) => {
            // The same text the diagnostics were computed on (UTF-8, byte-order mark removed).
            let text = crate::core::load::SourceFile::read(file).map(|s| s.text).unwrap_or_default();
            for d in &diags {
                // Catalog diagnostics belong to another file; render them without a snippet.
                let t = if d.file == file.display().to_string() { text.as_str() } else { "" };
                eprintln!("{}", d.render(t));
            }
            eprintln!("error: `{}` cannot be played until these are fixed (see `frontline check`)", file.display());
            None
        }
    }
}

/// Runs `frontline play` and returns the exit code.
pub fn run(opts: &PlayOptions) -> i32 {
    let Some(lang) = Lang::from_code(&opts.lang) else {
        eprintln!("error: {}", PlayError::BadLanguage(opts.lang.clone()));
        return 2;
    };
    let Some(loaded) = load_or_report(&opts.file) else { return 1 };
    let seed = opts.seed.unwrap_or_else(fresh_seed);
    if let Some(choices) = &opts.choices {
        return match play_scripted(&loaded, seed, choices, lang) {
            Ok(run) => {
                if opts.json {
                    print_json(&run.report)
                } else {
                    print!("{}", run.transcript);
                    print!("{}", crate::cli::report::render(&run.report, lang));
                    0
                }
            }
            Err(e) => {
                eprintln!("error: {e}");
                1
            }
        };
    }
    interactive(&loaded, seed, lang, opts.json)
}

fn print_json(report: &Report) -> i32 {
    match serde_json::to_string_pretty(report) {
        Ok(s) => {
            println!("{s}");
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
    let zh = lang == Lang::Zh;
    let scenario = &loaded.scenario;
    let mut out: Box<dyn Write> = if json { Box::new(std::io::stderr()) } else { Box::new(std::io::stdout()) };
    let _ = writeln!(out, "{} — {}", scenario.title.get(lang), scenario.summary.get(lang));
    let seed_line = if zh {
        format!("种子 {seed}（用 --seed {seed} 重玩同一通电话）")
    } else {
        format!("Seed {seed} (replay this call with --seed {seed})")
    };
    let _ = writeln!(out, "{seed_line}");
    let _ = writeln!(
        out,
        "{}\n",
        if zh {
            "输入选项编号并回车；q 退出。"
        } else {
            "Type an option number and press Enter; q quits."
        }
    );
    let (mut conv, events) = match Conversation::start(scenario.clone(), seed) {
        Ok(x) => x,
        Err(e) => {
            eprintln!("error: {e}");
            return 1;
        }
    };
    let _ = write!(out, "{}", transcript::render(scenario, &events, lang));
    let stdin = std::io::stdin();
    let mut lines = stdin.lock().lines();
    while !conv.is_over() {
        let _ = write!(out, "> ");
        let _ = out.flush();
        let Some(Ok(line)) = lines.next() else {
            let _ = writeln!(out);
            break;
        };
        let line = line.trim();
        if line.eq_ignore_ascii_case("q") || line.eq_ignore_ascii_case("quit") {
            break;
        }
        let Ok(number) = line.parse::<usize>() else {
            let _ = writeln!(out, "{}", if zh { "请输入选项编号。" } else { "Please type the number of an option." });
            continue;
        };
        match conv.select(number) {
            Ok(events) => {
                let _ = write!(out, "{}", transcript::render(scenario, &events, lang));
            }
            Err(e @ EngineError::NoSuchOption { .. }) => {
                let _ = writeln!(out, "{e}");
            }
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
    let _ = write!(out, "{}", crate::cli::report::render(&report, lang));
    0
}
