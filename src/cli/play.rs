//! `frontline play FILE --text`: plays a call in the terminal, interactively or from a script of
//! option numbers or choice ids (replayed by the core).

use crate::cli::print_stdout;
use frontline::core::engine::{Conversation, EngineError};
use frontline::core::ids::{ChoiceId, OptionNumber};
use frontline::core::library::load_scenario;
use frontline::core::loader::LoadedScenario;
use frontline::core::progress::record::now_ms;
use frontline::core::progress::{AttemptContext, AttemptRecord, Mode};
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
    /// Record the finished call for a learner.
    pub record: Option<Recording>,
}

/// Where and for whom a finished call is recorded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Recording {
    /// The learner's name.
    pub learner: String,
    /// `--data-dir`, if given.
    pub data_dir: Option<PathBuf>,
}

/// Records a finished call; a store that cannot be used is reported and the call is not lost on
/// screen (the debrief is still printed).
fn record(
    recording: &Recording,
    conv: &Conversation,
    report: &Report,
    lang: Lang,
    started_ms: i64,
    thinking_ms: Vec<u32>,
) {
    if !conv.is_over() {
        eprintln!("note: the call was not finished, so it is not recorded");
        return;
    }
    let Some(store) = crate::cli::progress::open_store(recording.data_dir.as_deref()) else { return };
    let context = AttemptContext {
        learner: recording.learner.clone(),
        lang,
        mode: Mode::Practice,
        exam: None,
        started_ms,
        ended_ms: now_ms(),
        thinking_ms,
    };
    let attempt = AttemptRecord::new(&context, conv.state(), report);
    match store.record_attempt(&attempt) {
        Ok(()) => eprintln!("recorded for {} in {}", recording.learner, store.path().display()),
        Err(e) => eprintln!("warning: progress is not being saved: {e}"),
    }
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
    let started_ms = now_ms();
    let script = match &opts.script {
        ScriptArg::None => return interactive(&loaded, seed, lang, opts.json, opts.record.as_ref()),
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
            if let Some(recording) = &opts.record {
                record(recording, &run.conversation, &report, lang, started_ms, Vec::new());
            }
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

/// How a conversation in the terminal ended.
pub enum Talked {
    /// Over, or left with `q` / the end of input: the conversation as it stands, and the time
    /// taken before each decision.
    Done(Box<Conversation>, Vec<u32>),
    /// The output was closed (a pipe that stopped reading).
    Closed,
    /// The engine failed (already reported).
    Failed,
}

/// Runs one conversation on `lines` and `out`: the lines, the numbered options, the learner's
/// numbers. In an exam (`exam`), the meters' movements are not shown.
pub fn talk(
    loaded: &LoadedScenario,
    seed: u64,
    lang: Lang,
    out: &mut dyn Write,
    lines: &mut dyn Iterator<Item = std::io::Result<String>>,
    exam: bool,
) -> Talked {
    let scenario = &loaded.scenario;
    let render = if exam { transcript::render_exam } else { transcript::render };
    let mut thinking_ms = Vec::new();
    macro_rules! say {
        ($($arg:tt)*) => {
            if write!(out, $($arg)*).and_then(|()| out.flush()).is_err() {
                return Talked::Closed;
            }
        };
    }
    let (mut conv, events) = match Conversation::start(scenario.clone(), seed) {
        Ok(x) => x,
        Err(e) => {
            eprintln!("error: {e}");
            return Talked::Failed;
        }
    };
    say!("{}", render(scenario, &events, lang));
    while !conv.is_over() {
        say!("> ");
        let asked = std::time::Instant::now();
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
            Ok(events) => {
                thinking_ms.push(u32::try_from(asked.elapsed().as_millis()).unwrap_or(u32::MAX));
                say!("{}", render(scenario, &events, lang))
            }
            Err(e @ EngineError::NoSuchOption { .. }) => say!("{e}\n"),
            Err(e) => {
                eprintln!("error: {e}");
                return Talked::Failed;
            }
        }
    }
    Talked::Done(Box::new(conv), thinking_ms)
}

/// Plays interactively on stdin/stdout. With `json`, stdout carries only the JSON report and the
/// conversation goes to stderr.
pub fn interactive(loaded: &LoadedScenario, seed: u64, lang: Lang, json: bool, recording: Option<&Recording>) -> i32 {
    let scenario = &loaded.scenario;
    let started_ms = now_ms();
    let mut out: Box<dyn Write> = if json { Box::new(std::io::stderr()) } else { Box::new(std::io::stdout()) };
    let header = format!(
        "{} — {}\n{}\n{}\n\n",
        scenario.title.get(lang),
        scenario.summary.get(lang),
        fill(lang, Text::SeedLine, &[("seed", &seed)]),
        t(lang, Text::TypeAnOptionNumber)
    );
    if write!(out, "{header}").is_err() {
        return 0;
    }
    let mut lines = std::io::stdin().lock().lines();
    let (conv, thinking_ms) = match talk(loaded, seed, lang, &mut out, &mut lines, false) {
        Talked::Done(conv, thinking) => (*conv, thinking),
        Talked::Closed => return 0,
        Talked::Failed => return 1,
    };
    // A closed terminal or pipe ends the call quietly.
    macro_rules! say {
        ($($arg:tt)*) => {
            if write!(out, $($arg)*).and_then(|()| out.flush()).is_err() {
                return 0;
            }
        };
    }
    let report = score(&loaded.scenario, &loaded.catalog, conv.state());
    if let Some(recording) = recording {
        record(recording, &conv, &report, lang, started_ms, thinking_ms);
    }
    if json {
        return print_json(&report);
    }
    say!("{}", report_text::render(&report, lang));
    0
}
