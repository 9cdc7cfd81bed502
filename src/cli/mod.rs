//! The command line: `frontline check`, `frontline play`, `frontline pick`, and starting the game.
//! Parsing (clap) lives here in the binary; everything it does is a call into the library.

pub mod analyze;
pub mod check;
pub mod class;
pub mod exam;
pub mod pick;
pub mod play;
pub mod progress;

use clap::{Parser, Subcommand, ValueEnum};
use frontline::core::ids::{ChoiceId, OptionNumber};
use frontline::core::scenario_folders::ScenarioFolders;
use frontline::core::text::Lang;
use std::io::Write;
use std::path::PathBuf;

/// Frontline: practise hard customer conversations.
#[derive(Debug, Parser)]
#[command(name = "frontline", version = frontline::core::build_info::VERSION_WITH_COMMIT, about, long_about = None)]
pub struct Cli {
    /// What to do (default: open the game window).
    #[command(subcommand)]
    pub command: Option<Command>,
    /// The trainer's scenario folder (default: `scenarios` in the data folder). The shipped
    /// scenarios are shown under it; a scenario there with a shipped one's id replaces it.
    #[arg(long, global = true)]
    pub scenarios: Option<PathBuf>,
    /// Where learner progress is kept (default: $FRONTLINE_DATA_DIR, else the OS data folder,
    /// ~/.local/share/frontline on Linux).
    #[arg(long = "data-dir", global = true)]
    pub data_dir: Option<PathBuf>,
    /// Game language (default: the saved setting).
    #[arg(long = "ui-lang", value_enum)]
    pub ui_lang: Option<LangArg>,
    /// Render one screen to this PNG file and exit (needs a display, e.g. xvfb-run).
    #[arg(long)]
    pub screenshot: Option<PathBuf>,
    /// Screen to capture.
    #[arg(long, value_enum, default_value_t = ScreenArg::Library)]
    pub screen: ScreenArg,
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
    /// With `--hold --screen call`: leave the phone ringing (for measuring a moving screen).
    #[arg(long)]
    pub ringing: bool,
    /// For the debrief capture: play the best-rated option at every turn (after `--take`).
    #[arg(long)]
    pub best: bool,
    /// Turn patience timers off for this run.
    #[arg(long)]
    pub no_timers: bool,
    /// UI scale for this run (0.75–2), e.g. to capture screens at a large scale.
    #[arg(long)]
    pub ui_scale: Option<f32>,
    /// For a library capture: the search box's text.
    #[arg(long)]
    pub search: Option<String>,
    /// For a library capture: show only this channel.
    #[arg(long, value_enum)]
    pub channel: Option<ChannelArg>,
}

/// A channel on the command line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ChannelArg {
    /// A phone call.
    Phone,
    /// Face to face.
    InPerson,
    /// A written chat.
    Chat,
    /// An e-mail thread.
    Email,
}

impl From<ChannelArg> for frontline::core::scenario::Channel {
    fn from(arg: ChannelArg) -> Self {
        use frontline::core::scenario::Channel;
        match arg {
            ChannelArg::Phone => Channel::Phone,
            ChannelArg::InPerson => Channel::InPerson,
            ChannelArg::Chat => Channel::Chat,
            ChannelArg::Email => Channel::Email,
        }
    }
}

/// A language on the command line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum LangArg {
    /// English.
    #[value(alias = "english")]
    En,
    /// Simplified Chinese.
    #[value(alias = "cn", alias = "chinese", alias = "中文")]
    Zh,
}

impl From<LangArg> for Lang {
    fn from(arg: LangArg) -> Lang {
        match arg {
            LangArg::En => Lang::En,
            LangArg::Zh => Lang::Zh,
        }
    }
}

/// A game screen on the command line (for captures).
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ScreenArg {
    /// Learner, language and settings.
    Title,
    /// The scenario cards.
    Library,
    /// A call in progress.
    Call,
    /// The debrief after a call.
    Debrief,
    /// The learner's progress (with `--data-dir` to show recorded calls).
    Progress,
    /// The scenario's map after a call, the call's path highlighted.
    Map,
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
    /// Check scenario and catalog files for mistakes (files or folders; default: the scenario folders).
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
    /// Analyse scenarios for fairness: exact best and worst scores, the best call, what a learner
    /// who does not listen would score, and smells to fix (files or folders; default: the scenario folders).
    Analyze {
        /// Files or folders to analyse.
        paths: Vec<PathBuf>,
        /// Print one JSON document.
        #[arg(long)]
        json: bool,
    },
    /// Print a scenario's map as Graphviz DOT or Mermaid.
    Graph {
        /// The scenario file.
        file: PathBuf,
        /// The format.
        #[arg(long, value_enum, default_value_t = analyze::GraphFormat::Dot)]
        format: analyze::GraphFormat,
        /// Language of the texts.
        #[arg(long, value_enum, default_value_t = LangArg::En)]
        lang: LangArg,
    },
    /// Print a generated scenario with this many nodes (for the analysis benchmark).
    GenBench {
        /// Number of nodes (at least).
        #[arg(long, default_value_t = 2000)]
        nodes: usize,
        /// Seed of the generator.
        #[arg(long, default_value_t = 1)]
        seed: u64,
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
        /// Language.
        #[arg(long, value_enum, default_value_t = LangArg::En)]
        lang: LangArg,
        /// Play these option numbers (as shown on screen) non-interactively, e.g. `2,1,3`.
        #[arg(long, value_delimiter = ',', conflicts_with = "choice_ids")]
        choices: Option<Vec<usize>>,
        /// Play these choices by their stable ids non-interactively, e.g. `greeting.listen,offer.refund`.
        #[arg(long = "choice-ids", value_delimiter = ',')]
        choice_ids: Option<Vec<String>>,
        /// Print the final report as JSON (instead of the transcript and debrief).
        #[arg(long)]
        json: bool,
        /// Record the finished call for this learner (made if new), like the game does.
        #[arg(long)]
        learner: Option<String>,
    },
    /// Sit an exam set in the terminal (no feedback until the end; attempts are counted).
    Exam {
        /// The exam set file (e.g. `scenarios/exams/front_desk_cert.ron`).
        file: PathBuf,
        /// Who sits it.
        #[arg(long)]
        learner: String,
        /// Language (the set may fix another).
        #[arg(long, value_enum, default_value_t = LangArg::En)]
        lang: LangArg,
        /// Take these choices by id instead of the keyboard: scenarios separated by `;`, e.g.
        /// `a.listen,b.fixed;c.ask`.
        #[arg(long)]
        script: Option<String>,
        /// Print the verdict as JSON.
        #[arg(long)]
        json: bool,
        /// Accepted for symmetry with `play`: the exam runs in the terminal.
        #[arg(long)]
        text: bool,
        /// The station's private key: the result file is signed (also $FRONTLINE_SIGNING_KEY).
        #[arg(long = "signing-key")]
        signing_key: Option<PathBuf>,
        /// Where result files are written (default: `results/` in the data folder).
        #[arg(long)]
        results: Option<PathBuf>,
    },
    /// Exam stations: `frontline class keygen --out DIR` makes the signing key pair.
    Class {
        /// What to do.
        #[command(subcommand)]
        action: ClassAction,
    },
    /// The class report of an exam set: from the progress store (default) or a folder of result files.
    Report {
        /// The exam set file.
        #[arg(long)]
        exam: PathBuf,
        /// A progress database (default: the data folder's).
        #[arg(long, conflicts_with = "results")]
        db: Option<PathBuf>,
        /// A folder of result files instead of a database.
        #[arg(long, conflicts_with = "lrs")]
        results: Option<PathBuf>,
        /// A Learning Record Store to read the statements from (with --auth).
        #[arg(long, requires = "auth", conflicts_with = "db")]
        lrs: Option<String>,
        /// The LRS credentials, `KEY:SECRET`.
        #[arg(long)]
        auth: Option<String>,
        /// The xAPI version to speak.
        #[arg(long = "xapi-version", default_value = "1.0.3")]
        xapi_version: String,
        /// The base of the activity ids the statements were sent with.
        #[arg(long = "activity-base", default_value = "https://frontline.example/xapi")]
        activity_base: String,
        /// Output format.
        #[arg(long, value_enum, default_value_t = class::ReportFormat::Html)]
        format: class::ReportFormat,
        /// Language of the texts.
        #[arg(long, value_enum, default_value_t = LangArg::En)]
        lang: LangArg,
    },
    /// The xAPI statements of recorded attempts (for a Learning Record Store), as one JSON array.
    ExportXapi {
        /// Only this learner's attempts.
        #[arg(long)]
        learner: Option<String>,
        /// Only attempts of this exam set (its file): adds the set and passed/failed.
        #[arg(long)]
        exam: Option<PathBuf>,
        /// The home page of the learners' accounts.
        #[arg(long = "home-page", default_value = "https://frontline.example")]
        home_page: String,
        /// The base of the activity ids.
        #[arg(long = "activity-base", default_value = "https://frontline.example/xapi")]
        activity_base: String,
        /// Send them to this LRS endpoint (instead of printing them); what fails waits in the outbox.
        #[arg(long, requires = "auth")]
        endpoint: Option<String>,
        /// The LRS credentials, `KEY:SECRET`.
        #[arg(long)]
        auth: Option<String>,
        /// The xAPI version to speak.
        #[arg(long = "xapi-version", default_value = "1.0.3")]
        xapi_version: String,
        /// Seconds to wait for one request.
        #[arg(long, default_value_t = 10)]
        timeout: u64,
    },
    /// Send the xAPI statements waiting in the outbox now.
    Sync {
        /// The LRS endpoint.
        #[arg(long)]
        endpoint: String,
        /// The LRS credentials, `KEY:SECRET`.
        #[arg(long)]
        auth: String,
        /// The xAPI version to speak.
        #[arg(long = "xapi-version", default_value = "1.0.3")]
        xapi_version: String,
        /// Seconds to wait for one request.
        #[arg(long, default_value_t = 10)]
        timeout: u64,
    },
    /// Check exam result files: the signature, and a replay of every choice against the scenarios.
    Verify {
        /// Result files.
        files: Vec<PathBuf>,
        /// The public key from `frontline class keygen`.
        #[arg(long = "public-key")]
        public_key: Option<PathBuf>,
    },
    /// List the learners with recorded progress.
    Learners {
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
    /// A learner's history, mastery per technique and what to practise next.
    Progress {
        /// The learner (may be left out when there is only one).
        #[arg(long)]
        learner: Option<String>,
        /// Language of the text.
        #[arg(long, value_enum, default_value_t = LangArg::En)]
        lang: LangArg,
        /// Print it as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Give a learner all of their recorded data.
    Export {
        /// The learner.
        #[arg(long)]
        learner: String,
        /// JSON (everything) or CSV (one row per decision).
        #[arg(long, value_enum, default_value_t = progress::ExportFormat::Json)]
        format: progress::ExportFormat,
    },
    /// Delete a learner and everything recorded for them.
    Forget {
        /// The learner.
        #[arg(long)]
        learner: String,
        /// Do not ask for confirmation.
        #[arg(long)]
        yes: bool,
    },
    /// Choose a scenario and play it in the terminal.
    Pick {
        /// A folder with scenarios (default: the scenario folders; see `--scenarios`).
        folder: Option<PathBuf>,
        /// Language.
        #[arg(long, value_enum, default_value_t = LangArg::En)]
        lang: LangArg,
    },
}

/// `frontline class …`.
#[derive(Debug, Subcommand)]
pub enum ClassAction {
    /// Make the exam stations' signing key pair.
    Keygen {
        /// The folder for `exam-signing.key` and `exam-signing.pub`.
        #[arg(long, default_value = ".")]
        out: PathBuf,
    },
}

/// Writes to standard output. When the reader has gone away (`frontline … | head`), the program
/// ends quietly with success, like other Unix tools; any other write failure is an error.
pub fn print_stdout(text: &str) {
    let mut out = std::io::stdout().lock();
    if let Err(e) = out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
        eprintln!("error: cannot write to standard output: {e}");
        std::process::exit(1);
    }
}

/// Runs the command line and returns the process exit code.
pub fn run() -> i32 {
    let cli = Cli::parse();
    // The shipped scenarios under the trainer's (`--scenarios`, else `scenarios` in the data folder).
    let folders = ScenarioFolders::discover(cli.scenarios.as_deref(), cli.data_dir.as_deref());
    // The files or folders named, else the scenario folders that exist.
    let paths_or_folders = |paths: Vec<PathBuf>| if paths.is_empty() { folders.existing() } else { paths };
    match cli.command {
        Some(Command::Check { paths, format, deny_warnings }) => {
            check::run(&paths_or_folders(paths), format, deny_warnings)
        }
        Some(Command::Analyze { paths, json }) => analyze::run(&paths_or_folders(paths), json),
        Some(Command::Graph { file, format, lang }) => analyze::graph(&file, format, lang.into()),
        Some(Command::GenBench { nodes, seed }) => analyze::gen_bench(nodes, seed),
        Some(Command::Play { file, text, seed, lang, choices, choice_ids, json, learner }) => {
            let script = match (choices, choice_ids) {
                (Some(numbers), _) => play::ScriptArg::Numbers(numbers.into_iter().map(OptionNumber).collect()),
                (None, Some(ids)) => play::ScriptArg::Choices(ids.into_iter().map(ChoiceId::new).collect()),
                (None, None) => play::ScriptArg::None,
            };
            let scripted = script != play::ScriptArg::None;
            // A file name that is not a path names a scenario in the folders (`frontline play late_flight.ron`).
            let file = folders.resolve(&file).unwrap_or(file);
            if text || scripted || json || learner.is_some() || !cfg!(feature = "game") {
                let record = learner.map(|name| play::Recording { learner: name, data_dir: cli.data_dir.clone() });
                play::run(&play::PlayOptions { file, seed, lang: lang.into(), script, json, record })
            } else {
                play_in_window(&file, seed, lang.into(), cli.data_dir.clone())
            }
        }
        Some(Command::Exam { file, learner, lang, script, json, text: _, signing_key, results }) => {
            exam::run(&exam::ExamOptions {
                file,
                learner,
                lang: lang.into(),
                script: script.as_deref().map(exam::parse_script),
                json,
                data_dir: cli.data_dir.clone(),
                signing_key,
                results,
            })
        }
        Some(Command::Class { action: ClassAction::Keygen { out } }) => class::keygen(&out),
        Some(Command::Report { exam, db, results, lrs, auth, xapi_version, activity_base, format, lang }) => {
            let lrs = lrs.map(|endpoint| class::LrsOptions {
                endpoint,
                auth: auth.unwrap_or_default(),
                version: xapi_version,
                timeout: std::time::Duration::from_secs(30),
            });
            class::report(
                &exam,
                (db.as_deref(), results.as_deref(), lrs.as_ref().map(|l| (l, activity_base.as_str()))),
                cli.data_dir.as_deref(),
                format,
                lang.into(),
            )
        }
        Some(Command::ExportXapi {
            learner,
            exam,
            home_page,
            activity_base,
            endpoint,
            auth,
            xapi_version,
            timeout,
        }) => {
            let send = endpoint.map(|endpoint| class::LrsOptions {
                endpoint,
                auth: auth.unwrap_or_default(),
                version: xapi_version,
                timeout: std::time::Duration::from_secs(timeout),
            });
            class::export_xapi(
                cli.data_dir.as_deref(),
                learner.as_deref(),
                exam.as_deref(),
                &folders,
                &frontline::core::xapi::XapiConfig { home_page, activity_base },
                send.as_ref(),
            )
        }
        Some(Command::Sync { endpoint, auth, xapi_version, timeout }) => class::sync(
            cli.data_dir.as_deref(),
            &class::LrsOptions {
                endpoint,
                auth,
                version: xapi_version,
                timeout: std::time::Duration::from_secs(timeout),
            },
        ),
        Some(Command::Verify { files, public_key }) => class::verify_files(&files, public_key.as_deref(), &folders),
        Some(Command::Learners { format }) => progress::learners(cli.data_dir.as_deref(), format),
        Some(Command::Progress { learner, lang, json }) => {
            progress::progress(cli.data_dir.as_deref(), learner.as_deref(), &folders, lang.into(), json)
        }
        Some(Command::Export { learner, format }) => progress::export(cli.data_dir.as_deref(), &learner, format),
        Some(Command::Forget { learner, yes }) => progress::forget(cli.data_dir.as_deref(), &learner, yes),
        Some(Command::Pick { folder: Some(folder), lang }) => {
            pick::run(&ScenarioFolders::discover(Some(&folder), cli.data_dir.as_deref()), lang.into())
        }
        Some(Command::Pick { folder: None, lang }) => pick::run(&folders, lang.into()),
        None => game(&cli, folders),
    }
}

/// Without the game feature there is no window: the terminal player is used.
#[cfg(not(feature = "game"))]
fn play_in_window(file: &std::path::Path, seed: Option<u64>, lang: Lang, _data_dir: Option<PathBuf>) -> i32 {
    play::run(&play::PlayOptions {
        file: file.to_path_buf(),
        seed,
        lang,
        script: play::ScriptArg::None,
        json: false,
        record: None,
    })
}

#[cfg(not(feature = "game"))]
fn game(cli: &Cli, folders: ScenarioFolders) -> i32 {
    if cli.screenshot.is_some() || cli.hold {
        eprintln!("error: this build has no game window (built without the `game` feature)");
        return 2;
    }
    pick::run(&folders, cli.ui_lang.map(Lang::from).unwrap_or_default())
}

/// `frontline play FILE` without `--text`: the game window, straight into that call.
#[cfg(feature = "game")]
fn play_in_window(file: &std::path::Path, seed: Option<u64>, lang: Lang, data_dir: Option<PathBuf>) -> i32 {
    // Check first, so a broken file gets the same diagnostics as `frontline check`.
    if play::load_or_report(file).is_none() {
        return 1;
    }
    let folder = ScenarioFolders::single(&frontline::core::library::folder_of(file));
    let Some(name) = file.file_name() else {
        eprintln!("error: `{}` is not a file", file.display());
        return 2;
    };
    let options = frontline::game::GameOptions {
        scenarios: folder,
        lang: Some(lang),
        capture: None,
        timers: true,
        ui_scale: None,
        autostart: Some((PathBuf::from(name), seed)),
        data_dir,
    };
    exit_code(frontline::game::run(options))
}

#[cfg(feature = "game")]
fn exit_code(exit: bevy::app::AppExit) -> i32 {
    match exit {
        bevy::app::AppExit::Success => 0,
        bevy::app::AppExit::Error(code) => i32::from(code.get()),
    }
}

#[cfg(feature = "game")]
fn game(cli: &Cli, folders: ScenarioFolders) -> i32 {
    use frontline::game::screen::Screen;
    let lang = cli.ui_lang.map(Lang::from);
    let target = match (&cli.screenshot, cli.hold) {
        (Some(out), _) => Some(out.clone()),
        (None, true) => Some(PathBuf::from("unused.png")),
        (None, false) => None,
    };
    let capture = target.map(|out| {
        let screen = match cli.screen {
            ScreenArg::Title => Screen::Title,
            ScreenArg::Library => Screen::Library,
            ScreenArg::Call => Screen::Call,
            ScreenArg::Debrief => Screen::Debrief,
            ScreenArg::Progress => Screen::Progress,
            ScreenArg::Map => Screen::Map,
        };
        // `x.ron` names a file of the folders (the trainer's first); `scenarios/x.ron` is a path.
        let scenario = cli.scenario.as_ref().map(|p| folders.resolve(p).unwrap_or_else(|| p.clone()));
        frontline::game::capture::CaptureRequest {
            out: frontline::game::absolute(&out),
            screen,
            scenario,
            lang: lang.unwrap_or_default(),
            choices: cli.take.clone(),
            seed: cli.capture_seed,
            hold: cli.hold,
            ringing: cli.ringing,
            best: cli.best,
            library: frontline::core::library_filter::LibraryQuery {
                search: cli.search.clone().unwrap_or_default(),
                channel: cli.channel.map(Into::into),
                ..Default::default()
            },
        }
    });
    let options = frontline::game::GameOptions {
        scenarios: folders,
        lang,
        capture,
        timers: !cli.no_timers,
        ui_scale: cli.ui_scale,
        autostart: None,
        data_dir: cli.data_dir.clone(),
    };
    exit_code(frontline::game::run(options))
}
