//! `frontline class keygen` (the exam stations' signing key pair) and `frontline verify` (checks
//! result files: the signature, and a replay of every choice through the engine).

use crate::cli::print_stdout;
use frontline::core::exam::ExamSet;
use frontline::core::exam::result::{Verification, hex, new_signing_key, verify, verifying_key};
use frontline::core::library::load_exam_set;
use frontline::core::scenario_folders::ScenarioFolders;
use std::path::{Path, PathBuf};

/// `frontline class keygen --out DIR`: writes `exam-signing.key` (private: stays on the exam
/// stations, readable by its owner only) and `exam-signing.pub` (give it to whoever verifies).
pub fn keygen(out: &Path) -> i32 {
    let key = new_signing_key();
    let private = out.join("exam-signing.key");
    let public = out.join("exam-signing.pub");
    if private.exists() {
        eprintln!("error: {} exists already: not overwritten", private.display());
        return 1;
    }
    let written = std::fs::create_dir_all(out)
        .and_then(|()| std::fs::write(&private, hex(&key.to_bytes()) + "\n"))
        .and_then(|()| restrict(&private))
        .and_then(|()| std::fs::write(&public, hex(key.verifying_key().as_bytes()) + "\n"));
    match written {
        Ok(()) => {
            print_stdout(&format!(
                "private key: {} (keep it on the exam stations; point --signing-key or FRONTLINE_SIGNING_KEY at it)\npublic key:  {} (give it to whoever verifies results)\n",
                private.display(),
                public.display()
            ));
            0
        }
        Err(e) => {
            eprintln!("error: cannot write the keys in {}: {e}", out.display());
            1
        }
    }
}

#[cfg(unix)]
fn restrict(path: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))
}

#[cfg(not(unix))]
fn restrict(_path: &Path) -> std::io::Result<()> {
    Ok(())
}

/// The exam set with this id in `exams/` of the scenario folders (the trainer's first).
fn find_set(scenarios: &ScenarioFolders, id: &str) -> Option<ExamSet> {
    scenarios.layers.iter().rev().find_map(|layer| {
        let entries = std::fs::read_dir(layer.path.join("exams")).ok()?;
        entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "ron"))
            .filter_map(|p| load_exam_set(&p).0.map(|(set, _)| set))
            .find(|s| s.id == id)
    })
}

/// `frontline verify FILE... --public-key KEY`: one line per file; exit 0 only when every file is
/// valid.
pub fn verify_files(files: &[PathBuf], public_key: Option<&Path>, scenarios: &ScenarioFolders) -> i32 {
    let key = match public_key {
        Some(path) => match std::fs::read_to_string(path).ok().as_deref().and_then(verifying_key) {
            Some(k) => Some(k),
            None => {
                eprintln!(
                    "error: {} is not a public key (64 hex digits from `frontline class keygen`)",
                    path.display()
                );
                return 2;
            }
        },
        None => None,
    };
    let library = scenarios.load_playable();
    let mut all_valid = true;
    let mut out = String::new();
    for file in files {
        let text = match std::fs::read_to_string(file) {
            Ok(t) => t,
            Err(e) => {
                out.push_str(&format!("{}: unreadable: {e}\n", file.display()));
                all_valid = false;
                continue;
            }
        };
        let set_id = serde_json::from_str::<serde_json::Value>(&text)
            .ok()
            .and_then(|v| v["exam_set"].as_str().map(str::to_string));
        let set = set_id.and_then(|id| find_set(scenarios, &id));
        let verdict = verify(&text, key.as_ref(), &library, set.as_ref());
        let line = match &verdict {
            Verification::Valid => "valid".to_string(),
            Verification::Unsigned if key.is_some() => {
                "unsigned (the replay matches, but nothing proves who made it)".into()
            }
            Verification::Unsigned => "unsigned; the replay matches".into(),
            Verification::WrongKey { signed_by, given } => {
                format!("signed with another key (key {signed_by}; the given key is {given})")
            }
            Verification::Tampered { fields } if fields.is_empty() => {
                "tampered: the signature does not match (a field the replay cannot check: learner, dates, ids)".into()
            }
            Verification::Tampered { fields } => format!("tampered: {}", fields.join(", ")),
            Verification::ScenarioChanged { scenario_id } => {
                format!("scenario changed: `{scenario_id}` is not the version the exam was taken on")
            }
            Verification::Unreadable(why) => format!("unreadable: {why}"),
        };
        all_valid &= verdict == Verification::Valid || (key.is_none() && verdict == Verification::Unsigned);
        out.push_str(&format!("{}: {line}\n", file.display()));
    }
    print_stdout(&out);
    if all_valid { 0 } else { 1 }
}

/// Report formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    /// One row per learner.
    Csv,
    /// One self-contained page (inline SVG charts).
    Html,
    /// Everything, for tools.
    Json,
}

/// `frontline report --exam SET [--db PATH | --results DIR] --format csv|html|json`.
pub fn report(
    exam: &Path,
    (db, results, lrs): (Option<&Path>, Option<&Path>, Option<(&LrsOptions, &str)>),
    data_dir: Option<&Path>,
    format: ReportFormat,
    lang: frontline::core::text::Lang,
) -> i32 {
    use frontline::core::exam::class_report::{build, latest_per_learner, line_from_attempts, line_from_result};
    use frontline::core::exam::class_report_format::{csv, html};
    use frontline::core::exam::result::ExamResultFile;
    let (set, report) = load_exam_set(exam);
    let Some((set, scenarios)) = set else {
        eprintln!("{}", report.render());
        return 1;
    };
    let lines = match (results, lrs) {
        (_, Some((lrs, activity_base))) => {
            let config = frontline::core::xapi::XapiConfig {
                home_page: String::new(),
                activity_base: activity_base.to_string(),
            };
            let iri = format!("{}/exams/{}", activity_base.trim_end_matches('/'), set.id);
            match lrs.lrs().statements_about(&iri) {
                Ok(statements) => {
                    latest_per_learner(frontline::core::xapi::sittings_from_statements(&statements, &set, &config))
                }
                Err(e) => {
                    eprintln!("error: cannot read the statements from {}: {e}", lrs.endpoint);
                    return 1;
                }
            }
        }
        (Some(folder), None) => {
            let Ok(entries) = std::fs::read_dir(folder) else {
                eprintln!("error: cannot read the folder {}", folder.display());
                return 1;
            };
            let mut lines = Vec::new();
            for path in
                entries.filter_map(Result::ok).map(|e| e.path()).filter(|p| p.extension().is_some_and(|x| x == "json"))
            {
                match std::fs::read_to_string(&path).ok().and_then(|t| serde_json::from_str::<ExamResultFile>(&t).ok())
                {
                    Some(file) if file.exam_set == set.id => lines.push(line_from_result(&file)),
                    Some(_) => {}
                    None => eprintln!("warning: {} is not a result file: skipped", path.display()),
                }
            }
            latest_per_learner(lines)
        }
        (None, None) => {
            let store = match db {
                Some(path) => frontline::core::progress::Store::open(path).map(|(s, _)| s),
                None => match frontline::core::progress::location::database_path(data_dir) {
                    Some(path) => frontline::core::progress::Store::open(&path).map(|(s, _)| s),
                    None => {
                        eprintln!("error: no data folder (set --db, --data-dir or FRONTLINE_DATA_DIR)");
                        return 2;
                    }
                },
            };
            let store = match store {
                Ok(s) => s,
                Err(e) => {
                    eprintln!("error: {e}");
                    return 1;
                }
            };
            let sittings = match store.exam_sittings_of_set(&set.id) {
                Ok(s) => s,
                Err(e) => {
                    eprintln!("error: {e}");
                    return 1;
                }
            };
            let mut lines = Vec::new();
            for (learner, used, ids) in sittings {
                let records: Vec<_> = ids.iter().filter_map(|id| store.attempt(id).ok().flatten()).collect();
                lines.extend(line_from_attempts(&learner, used, &records, &set));
            }
            lines
        }
    };
    let class = build(&set, &scenarios, &lines);
    let text = match format {
        ReportFormat::Csv => csv(&class),
        ReportFormat::Html => html(&class, &set, lang),
        ReportFormat::Json => match serde_json::to_string_pretty(&class) {
            Ok(s) => s + "\n",
            Err(e) => {
                eprintln!("error: cannot write JSON: {e}");
                return 1;
            }
        },
    };
    print_stdout(&text);
    0
}

/// `frontline export-xapi`: the xAPI statements of recorded attempts, as one JSON array.
pub fn export_xapi(
    data_dir: Option<&Path>,
    learner: Option<&str>,
    exam: Option<&Path>,
    scenarios: &ScenarioFolders,
    config: &frontline::core::xapi::XapiConfig,
    send: Option<&LrsOptions>,
) -> i32 {
    use frontline::core::exam::grade::grade_recorded;
    let Some(path) = frontline::core::progress::location::database_path(data_dir) else {
        eprintln!("error: no data folder (set --data-dir or FRONTLINE_DATA_DIR)");
        return 2;
    };
    let store = match frontline::core::progress::Store::open(&path) {
        Ok((s, _)) => s,
        Err(e) => {
            eprintln!("error: {e}");
            return 1;
        }
    };
    let set = match exam {
        Some(file) => match load_exam_set(file) {
            (Some((set, _)), _) => Some(set),
            (None, report) => {
                eprintln!("{}", report.render());
                return 1;
            }
        },
        None => None,
    };
    let library = scenarios.load_playable();
    let ids = match store.attempt_ids(learner, set.as_ref().map(|s| s.id.as_str())) {
        Ok(ids) => ids,
        Err(e) => {
            eprintln!("error: {e}");
            return 1;
        }
    };
    let mut all = Vec::new();
    for id in ids {
        let Ok(Some(attempt)) = store.attempt(&id) else { continue };
        // The scenario version played, when the folder still has it.
        let scenario =
            library.iter().find(|l| l.scenario.id == attempt.scenario_id && l.fingerprint == attempt.fingerprint);
        let verdict = set.as_ref().map(|set| {
            let choices: Vec<String> = attempt.turns.iter().map(|t| t.choice_id.clone()).collect();
            let v = grade_recorded(
                set,
                scenario.map(|l| &*l.scenario),
                attempt.scenario_id.as_str(),
                &choices,
                (attempt.overall, attempt.listening, attempt.recovery),
                attempt.ending_id.is_some(),
            );
            (set, v)
        });
        all.extend(frontline::core::xapi::statements(
            &attempt,
            scenario,
            verdict.as_ref().map(|(s, v)| (*s, v)),
            config,
        ));
    }
    if let Some(send) = send {
        // Into the outbox first: nothing is lost if the LRS cannot be reached.
        let queued: Vec<(String, String)> =
            all.iter().map(|s| (s["id"].as_str().unwrap_or_default().to_string(), s.to_string())).collect();
        let lrs = send.lrs();
        if let Err(e) = store.outbox_add(lrs.endpoint(), &queued) {
            eprintln!("error: {e}");
            return 1;
        }
        return deliver_and_say(&store, &lrs, false);
    }
    match serde_json::to_string_pretty(&all) {
        Ok(text) => {
            print_stdout(&format!("{text}\n"));
            0
        }
        Err(e) => {
            eprintln!("error: cannot write JSON: {e}");
            1
        }
    }
}

/// Where and how to send statements.
#[derive(Clone, Debug)]
pub struct LrsOptions {
    /// The LRS endpoint.
    pub endpoint: String,
    /// `KEY:SECRET`.
    pub auth: String,
    /// xAPI version header.
    pub version: String,
    /// Longest wait for one request.
    pub timeout: std::time::Duration,
}

impl LrsOptions {
    fn lrs(&self) -> frontline::core::xapi_send::Lrs {
        frontline::core::xapi_send::Lrs::new(&self.endpoint, &self.auth, &self.version, self.timeout)
    }
}

fn deliver_and_say(store: &frontline::core::progress::Store, lrs: &frontline::core::xapi_send::Lrs, all: bool) -> i32 {
    match frontline::core::xapi_send::deliver(store, lrs, all) {
        Ok(r) => {
            print_stdout(&format!(
                "sent {}, already stored {}, waiting {}{}\n",
                r.stored,
                r.already,
                r.waiting,
                r.last_error
                    .as_ref()
                    .map(|e| format!(" (last error: {e}; `frontline sync` retries)"))
                    .unwrap_or_default()
            ));
            if r.waiting == 0 { 0 } else { 1 }
        }
        Err(e) => {
            eprintln!("error: {e}");
            1
        }
    }
}

/// `frontline sync`: sends every statement waiting for this LRS now.
pub fn sync(data_dir: Option<&Path>, send: &LrsOptions) -> i32 {
    let Some(path) = frontline::core::progress::location::database_path(data_dir) else {
        eprintln!("error: no data folder (set --data-dir or FRONTLINE_DATA_DIR)");
        return 2;
    };
    match frontline::core::progress::Store::open(&path) {
        Ok((store, _)) => deliver_and_say(&store, &send.lrs(), true),
        Err(e) => {
            eprintln!("error: {e}");
            1
        }
    }
}
