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
    /// What to do (default: pick a scenario and play it).
    #[command(subcommand)]
    pub command: Option<Command>,
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
        /// Play in the terminal.
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
        Some(Command::Play { file, text: _, seed, lang, choices, json }) => {
            play::run(&play::PlayOptions { file, seed, lang, choices, json })
        }
        Some(Command::Pick { folder, lang }) => pick::run(&folder, &lang),
        None => pick::run(std::path::Path::new("scenarios"), "en"),
    }
}
