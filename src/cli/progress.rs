//! Learner progress on the command line: opening the store (saying once why progress is not being
//! saved when it cannot be), `frontline learners`, `progress`, `export` and `forget`.

use crate::cli::{Format, print_stdout};
use frontline::core::progress::location::database_path;
use frontline::core::progress::{AttemptRecord, ProgressReport, Store, offers};
use frontline::core::scenario_folders::ScenarioFolders;
use frontline::core::text::Lang;
use std::io::BufRead;
use std::path::Path;

/// Opens the progress store for `--data-dir` (or the default place). On failure, says why on
/// standard error and returns `None`: the caller goes on without saving.
pub fn open_store(data_dir: Option<&Path>) -> Option<Store> {
    let Some(path) = database_path(data_dir) else {
        eprintln!("warning: progress is not being saved: no data folder (set FRONTLINE_DATA_DIR or --data-dir)");
        return None;
    };
    match Store::open(&path) {
        Ok((store, notice)) => {
            if let Some(notice) = notice {
                eprintln!("warning: {notice}");
            }
            Some(store)
        }
        Err(e) => {
            eprintln!("warning: progress is not being saved: {e}");
            None
        }
    }
}

/// Opens the store for a command that cannot work without it.
fn require_store(data_dir: Option<&Path>) -> Result<Store, i32> {
    let path = database_path(data_dir).ok_or_else(|| {
        eprintln!("error: no data folder (set FRONTLINE_DATA_DIR or --data-dir)");
        2
    })?;
    match Store::open(&path) {
        Ok((store, notice)) => {
            if let Some(notice) = notice {
                eprintln!("warning: {notice}");
            }
            Ok(store)
        }
        Err(e) => {
            eprintln!("error: {e}");
            Err(1)
        }
    }
}

/// The learner a command is about: the one named, or the only one there is.
fn which_learner(store: &Store, named: Option<&str>) -> Result<String, i32> {
    let learners = store.learners().map_err(|e| {
        eprintln!("error: {e}");
        1
    })?;
    match named {
        Some(name) => match store.learner(name) {
            Ok(Some(l)) => Ok(l.name),
            Ok(None) => {
                eprintln!("error: no learner named `{name}` (see `frontline learners`)");
                Err(1)
            }
            Err(e) => {
                eprintln!("error: {e}");
                Err(1)
            }
        },
        None if learners.len() == 1 => Ok(learners[0].name.clone()),
        None if learners.is_empty() => {
            eprintln!("error: no learners yet: play a call with `--learner NAME` or in the game first");
            Err(1)
        }
        None => {
            let names: Vec<&str> = learners.iter().map(|l| l.name.as_str()).collect();
            eprintln!("error: say which learner with --learner (one of: {})", names.join(", "));
            Err(2)
        }
    }
}

/// `frontline learners`.
pub fn learners(data_dir: Option<&Path>, format: Format) -> i32 {
    let store = match require_store(data_dir) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let mut rows = Vec::new();
    let learners = match store.learners() {
        Ok(l) => l,
        Err(e) => {
            eprintln!("error: {e}");
            return 1;
        }
    };
    for l in &learners {
        let history = store.history(&l.name).unwrap_or_default();
        let last = history.last().map(|a| iso(a.ended_ms));
        rows.push(serde_json::json!({"name": l.name, "created": iso(l.created_ms), "attempts": history.len(), "last_played": last}));
    }
    match format {
        Format::Json => print_stdout(&format!("{}\n", serde_json::Value::Array(rows))),
        Format::Human if learners.is_empty() => print_stdout("no learners yet\n"),
        Format::Human => {
            let mut text = String::new();
            for r in &rows {
                text.push_str(&format!(
                    "{}  ({} calls{})\n",
                    r["name"].as_str().unwrap_or_default(),
                    r["attempts"],
                    r["last_played"].as_str().map(|d| format!(", last {d}")).unwrap_or_default()
                ));
            }
            print_stdout(&text);
        }
    }
    0
}

/// `frontline progress`.
pub fn progress(
    data_dir: Option<&Path>,
    learner: Option<&str>,
    scenarios: &ScenarioFolders,
    lang: Lang,
    json: bool,
) -> i32 {
    let store = match require_store(data_dir) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let name = match which_learner(&store, learner) {
        Ok(n) => n,
        Err(code) => return code,
    };
    let library = scenarios.load_playable();
    let report = match ProgressReport::build(&store, &name, &offers(&library)) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: {e}");
            return 1;
        }
    };
    if json {
        return match serde_json::to_string_pretty(&report) {
            Ok(s) => {
                print_stdout(&format!("{s}\n"));
                0
            }
            Err(e) => {
                eprintln!("error: cannot write JSON: {e}");
                1
            }
        };
    }
    let title_of = |id: &str| {
        library
            .iter()
            .find(|l| l.scenario.id.as_str() == id)
            .map_or_else(|| id.to_string(), |l| l.scenario.title.learner(lang))
    };
    let technique_of =
        |id: &str| library.iter().find_map(|l| l.catalog.get(id)).map_or_else(String::new, |t| t.name.learner(lang));
    print_stdout(&report.render(lang, &title_of, &technique_of));
    0
}

/// Export formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    /// One JSON document: the learner and every attempt, whole.
    Json,
    /// One row per decision, with its attempt's columns.
    Csv,
}

/// `frontline export`.
pub fn export(data_dir: Option<&Path>, learner: &str, format: ExportFormat) -> i32 {
    let store = match require_store(data_dir) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let name = match which_learner(&store, Some(learner)) {
        Ok(n) => n,
        Err(code) => return code,
    };
    let attempts: Vec<AttemptRecord> = match store
        .history(&name)
        .and_then(|h| h.iter().map(|a| store.attempt(&a.id)).collect::<Result<Vec<_>, _>>())
    {
        Ok(a) => a.into_iter().flatten().collect(),
        Err(e) => {
            eprintln!("error: {e}");
            return 1;
        }
    };
    match format {
        ExportFormat::Json => {
            let doc = serde_json::json!({ "learner": name, "attempts": attempts });
            match serde_json::to_string_pretty(&doc) {
                Ok(s) => print_stdout(&format!("{s}\n")),
                Err(e) => {
                    eprintln!("error: cannot write JSON: {e}");
                    return 1;
                }
            }
        }
        ExportFormat::Csv => match csv_of(&attempts) {
            Ok(text) => print_stdout(&text),
            Err(e) => {
                eprintln!("error: cannot write CSV: {e}");
                return 1;
            }
        },
    }
    0
}

fn csv_of(attempts: &[AttemptRecord]) -> Result<String, Box<dyn std::error::Error>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "attempt_id",
        "learner",
        "scenario_id",
        "fingerprint",
        "seed",
        "lang",
        "mode",
        "started",
        "ended",
        "outcome",
        "listening",
        "recovery",
        "overall",
        "turn",
        "node_id",
        "choice_id",
        "said",
        "shows",
        "breaks",
        "mood",
        "patience",
        "valued",
        "solved",
        "thinking_ms",
    ])?;
    let opt = |v: Option<u32>| v.map(|v| v.to_string()).unwrap_or_default();
    for a in attempts {
        for (i, t) in a.turns.iter().enumerate() {
            let [mood, patience, valued, solved] = t.meters_after;
            w.write_record([
                a.id.clone(),
                a.learner.clone(),
                a.scenario_id.to_string(),
                a.fingerprint.to_hex(),
                a.seed.to_string(),
                serde_json::to_value(a.lang)?.as_str().unwrap_or_default().to_string(),
                a.mode.as_str().to_string(),
                iso(a.started_ms),
                iso(a.ended_ms),
                a.outcome.map(|o| format!("{o:?}")).unwrap_or_default(),
                opt(a.listening),
                opt(a.recovery),
                a.overall.to_string(),
                (i + 1).to_string(),
                t.node_id.clone(),
                t.choice_id.clone(),
                t.said.clone(),
                t.shows.join(" "),
                t.breaks.join(" "),
                mood.to_string(),
                patience.to_string(),
                valued.to_string(),
                solved.to_string(),
                opt(t.thinking_ms),
            ])?;
        }
    }
    Ok(String::from_utf8(w.into_inner()?)?)
}

/// `frontline forget`.
pub fn forget(data_dir: Option<&Path>, learner: &str, yes: bool) -> i32 {
    let store = match require_store(data_dir) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let name = match which_learner(&store, Some(learner)) {
        Ok(n) => n,
        Err(code) => return code,
    };
    let calls = store.history(&name).map(|h| h.len()).unwrap_or(0);
    if !yes {
        eprint!("Delete {name} and all {calls} recorded call(s)? This cannot be undone. Type yes to confirm: ");
        let mut answer = String::new();
        let _ = std::io::stdin().lock().read_line(&mut answer);
        if answer.trim() != "yes" {
            eprintln!("nothing deleted");
            return 1;
        }
    }
    match store.forget_learner(&name) {
        Ok(_) => {
            print_stdout(&format!("deleted {name} and {calls} recorded call(s)\n"));
            0
        }
        Err(e) => {
            eprintln!("error: {e}");
            1
        }
    }
}

/// A UTC time as ISO 8601 (`2026-11-24T10:15:00Z`).
pub fn iso(ms: i64) -> String {
    jiff::Timestamp::from_millisecond(ms).map(|t| t.strftime("%Y-%m-%dT%H:%M:%SZ").to_string()).unwrap_or_default()
}
