//! The command line: `frontline check`, `frontline play --text`, and the scenario picker.

pub mod check;
pub mod pick;
pub mod play;
pub mod report;

use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// Frontline: practise hard customer conversations.
#[derive(Debug, Parser)]
#[command(name = "frontline", version, about, long_about = None)]
pub struct Cli {
    /// What to do (default: open the game window).
    #[command(subcommand)]
    pub command: Option<Command>,
    /// The scenario folder the game shows.
    #[arg(long, default_value = "scenarios", global = true)]
    pub scenarios: PathBuf,
    /// Game language: en or zh (default: the saved setting).
    #[arg(long = "ui-lang")]
    pub ui_lang: Option<String>,
    /// Render one screen to this PNG file and exit (needs a display, e.g. xvfb-run).
    #[arg(long)]
    pub screenshot: Option<PathBuf>,
    /// Screen to capture: title, library, call or debrief.
    #[arg(long, default_value = "library")]
    pub screen: String,
    /// Scenario for the call and debrief captures (a file in the scenario folder).
    #[arg(long)]
    pub scenario: Option<PathBuf>,
    /// Options to take before capturing the call screen, e.g. `1,2`.
    #[arg(long = "take", value_delimiter = ',')]
    pub take: Vec<usize>,
    /// Seed of the captured call.
    #[arg(long = "capture-seed", default_value_t = 7)]
    pub capture_seed: u64,
    /// Go to `--screen` and stay there without capturing (for measuring idle CPU).
    #[arg(long)]
    pub hold: bool,
    /// For the debrief capture: play the best-rated option at every turn (after `--take`).
    #[arg(long)]
    pub best: bool,
    /// Turn patience timers off for this run.
    #[arg(long)]
    pub no_timers: bool,
    /// UI scale for this run (0.75–2), e.g. to capture screens at a large scale.
    #[arg(long)]
    pub ui_scale: Option<f32>,
}

/// Output format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Messages for people.
    Human,
    /// One JSON document for tools.
    Json,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check scenario and catalog files for mistakes (files or folders; default `scenarios/`).
    Check {
        /// Files or folders to check.
        paths: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// Fail on warnings too.
        #[arg(long)]
        deny_warnings: bool,
    },
    /// Play a scenario.
    Play {
        /// The scenario file.
        file: PathBuf,
        /// Play in the terminal (without it, the call opens in the game window).
        #[arg(long)]
        text: bool,
        /// Seed for line variants, option order and temperament (random if omitted).
        #[arg(long)]
        seed: Option<u64>,
        /// Language: en or zh.
        #[arg(long, default_value = "en")]
        lang: String,
        /// Play these option numbers non-interactively, e.g. `2,1,3`.
        #[arg(long, value_delimiter = ',')]
        choices: Option<Vec<usize>>,
        /// Print the final report as JSON (instead of the transcript and debrief).
        #[arg(long)]
        json: bool,
    },
    /// Choose a scenario from a folder and play it in the terminal.
    Pick {
        /// Folder with scenarios.
        #[arg(default_value = "scenarios")]
        folder: PathBuf,
        /// Language: en or zh.
        #[arg(long, default_value = "en")]
        lang: String,
    },
}

/// Runs the command line and returns the process exit code.
pub fn run() -> i32 {
    let cli = Cli::parse();
    match cli.command {
        Some(Command::Check { paths, format, deny_warnings }) => check::run(&paths, format, deny_warnings),
        Some(Command::Play { file, text, seed, lang, choices, json }) => {
            if text || choices.is_some() || json || !cfg!(feature = "game") {
                play::run(&play::PlayOptions { file, seed, lang, choices, json })
            } else {
                play_in_window(&file, seed, &lang)
            }
        }
        Some(Command::Pick { folder, lang }) => pick::run(&folder, &lang),
        None => game(&cli),
    }
}

/// Without the game feature there is no window: the terminal player is used.
#[cfg(not(feature = "game"))]
fn play_in_window(file: &std::path::Path, seed: Option<u64>, lang: &str) -> i32 {
    play::run(&play::PlayOptions { file: file.to_path_buf(), seed, lang: lang.to_string(), choices: None, json: false })
}

#[cfg(not(feature = "game"))]
fn game(cli: &Cli) -> i32 {
    if cli.screenshot.is_some() || cli.hold {
        eprintln!("error: this build has no game window (built without the `game` feature)");
        return 2;
    }
    pick::run(&cli.scenarios, cli.ui_lang.as_deref().unwrap_or("en"))
}

/// `frontline play FILE` without `--text`: the game window, straight into that call.
#[cfg(feature = "game")]
fn play_in_window(file: &std::path::Path, seed: Option<u64>, lang: &str) -> i32 {
    use crate::core::text::Lang;
    let Some(lang) = Lang::from_code(lang) else {
        eprintln!("error: unknown language `{lang}` (use en or zh)");
        return 2;
    };
    // Check first, so a broken file gets the same diagnostics as `frontline check`.
    if play::load_or_report(file).is_none() {
        return 1;
    }
    let folder = file.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(std::path::Path::new("."));
    let Some(name) = file.file_name() else {
        eprintln!("error: `{}` is not a file", file.display());
        return 2;
    };
    let options = crate::game::GameOptions {
        scenarios: folder.to_path_buf(),
        lang: Some(lang),
        capture: None,
        timers: true,
        ui_scale: None,
        autostart: Some((std::path::PathBuf::from(name), seed)),
    };
    exit_code(crate::game::run(options))
}

#[cfg(feature = "game")]
fn exit_code(exit: bevy::app::AppExit) -> i32 {
    match exit {
        bevy::app::AppExit::Success => 0,
        bevy::app::AppExit::Error(code) => i32::from(code.get()),
    }
}

#[cfg(feature = "game")]
fn game(cli: &Cli) -> i32 {
    use crate::core::text::Lang;
    use crate::game::screen::Screen;
    let lang = match cli.ui_lang.as_deref().map(|l| (l, Lang::from_code(l))) {
        Some((l, None)) => {
            eprintln!("error: unknown language `{l}` (use en or zh)");
            return 2;
        }
        Some((_, lang)) => lang,
        None => None,
    };
    let target = match (&cli.screenshot, cli.hold) {
        (Some(out), _) => Some(out.clone()),
        (None, true) => Some(std::path::PathBuf::from("unused.png")),
        (None, false) => None,
    };
    let capture = match &target {
        None => None,
        Some(out) => {
            let screen = match cli.screen.as_str() {
                "title" => Screen::Title,
                "library" => Screen::Library,
                "call" => Screen::Call,
                "debrief" => Screen::Debrief,
                other => {
                    eprintln!("error: unknown screen `{other}` (title, library, call, debrief)");
                    return 2;
                }
            };
            let scenario = cli.scenario.as_ref().map(|p| {
                // Accept `scenarios/x.ron` as well as `x.ron`.
                p.strip_prefix(&cli.scenarios).map(std::path::Path::to_path_buf).unwrap_or_else(|_| p.clone())
            });
            Some(crate::game::capture::CaptureRequest {
                out: crate::game::absolute(out),
                screen,
                scenario,
                lang: lang.unwrap_or_default(),
                choices: cli.take.clone(),
                seed: cli.capture_seed,
                hold: cli.hold,
                best: cli.best,
            })
        }
    };
    let options = crate::game::GameOptions {
        scenarios: cli.scenarios.clone(),
        lang,
        capture,
        timers: !cli.no_timers,
        ui_scale: cli.ui_scale,
        autostart: None,
    };
    exit_code(crate::game::run(options))
}
