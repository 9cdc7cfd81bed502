//! `frontline exam SET --learner NAME`: sits an exam set in the terminal — its scenarios in order,
//! seeds by the set's policy, no feedback and no meters on the way, the attempt limit enforced from
//! the progress store, every call recorded as an exam attempt, then the result page (and the
//! debriefs when the set shows feedback).

use crate::cli::play::{Talked, talk};
use crate::cli::print_stdout;
use crate::cli::progress::open_store;
use frontline::core::engine::Conversation;
use frontline::core::exam::{Sitting, may_sit, verdict_text};
use frontline::core::ids::ChoiceId;
use frontline::core::library::load_exam_set;
use frontline::core::progress::record::now_ms;
use frontline::core::random::fresh_seed;
use frontline::core::report_text;
use frontline::core::score::score;
use frontline::core::text::Lang;
use frontline::core::ui_text::{Text, fill};
use std::io::{BufRead, Write};
use std::path::PathBuf;

/// Options of `frontline exam`.
#[derive(Clone, Debug)]
pub struct ExamOptions {
    /// The exam set file.
    pub file: PathBuf,
    /// Who sits it.
    pub learner: String,
    /// The learner's language (the set may fix another).
    pub lang: Lang,
    /// Choices by id per scenario, instead of the keyboard (`a.x,b.y;c.z`).
    pub script: Option<Vec<Vec<ChoiceId>>>,
    /// Print the verdict as JSON.
    pub json: bool,
    /// `--data-dir`.
    pub data_dir: Option<PathBuf>,
    /// The station's private key (`--signing-key` or `$FRONTLINE_SIGNING_KEY`): results are signed.
    pub signing_key: Option<PathBuf>,
    /// Where result files go (`--results`; default: `results/` in the data folder).
    pub results: Option<PathBuf>,
}

/// Parses `--script`: scenarios separated by `;`, choice ids by `,`.
pub fn parse_script(text: &str) -> Vec<Vec<ChoiceId>> {
    text.split(';')
        .map(|part| part.split(',').map(str::trim).filter(|s| !s.is_empty()).map(ChoiceId::new).collect())
        .collect()
}

/// Runs the exam; returns the exit code (0 when it was sat, whether passed or not).
pub fn run(opts: &ExamOptions) -> i32 {
    let (set, report) = load_exam_set(&opts.file);
    if !report.diagnostics.is_empty() {
        eprintln!("{}", report.render());
    }
    let Some((set, scenarios)) = set else {
        eprintln!("error: `{}` cannot be sat until these are fixed (see `frontline check`)", opts.file.display());
        return 1;
    };
    let store = open_store(opts.data_dir.as_deref());
    let attempt_number = match &store {
        Some(store) => match may_sit(store, &opts.learner, &set) {
            Ok(left) => set.attempts_allowed - left + 1,
            Err(e) => {
                eprintln!("error: {} cannot sit “{}”: {e}", opts.learner, set.title.en);
                return 1;
            }
        },
        None => {
            eprintln!("warning: without the progress store the attempt limit cannot be checked");
            1
        }
    };
    let mut sitting = Sitting::new(set.clone(), scenarios, &opts.learner, opts.lang);
    let lang = sitting.lang;
    let mut out: Box<dyn Write> = if opts.json { Box::new(std::io::stderr()) } else { Box::new(std::io::stdout()) };
    let _ = writeln!(out, "== {} ==\n{}", set.title.learner(lang), set.instructions.learner(lang));
    let _ = writeln!(
        out,
        "{}\n",
        fill(lang, Text::ExamAttemptOf, &[("n", &attempt_number), ("allowed", &set.attempts_allowed)])
    );
    let mut lines = std::io::stdin().lock().lines();
    let mut debriefs = Vec::new();
    let mut calls: Vec<(u64, Vec<String>)> = Vec::new();
    let sitting_started = now_ms();
    for index in 0..sitting.scenarios.len() {
        let loaded = sitting.scenarios[index].clone();
        let seed = sitting.seed(index, fresh_seed());
        let started = now_ms();
        let _ = writeln!(out, "--- {} ---", loaded.scenario.title.learner(lang));
        let (conv, thinking): (Conversation, Vec<u32>) = match &opts.script {
            Some(script) => {
                // The scripted choices, one by one; a script that stops early leaves the call
                // unfinished, as a learner who walks away would.
                let ids = script.get(index).cloned().unwrap_or_default();
                let (mut conv, mut events) = match Conversation::start(loaded.scenario.clone(), seed) {
                    Ok(x) => x,
                    Err(e) => {
                        eprintln!("error: {e}");
                        return 1;
                    }
                };
                for id in &ids {
                    if conv.is_over() {
                        break;
                    }
                    match conv.select_choice(id) {
                        Ok(more) => events.extend(more),
                        Err(e) => {
                            eprintln!("error: {e}");
                            return 1;
                        }
                    }
                }
                let _ = write!(out, "{}", frontline::core::transcript::render_exam(&loaded.scenario, &events, lang));
                (conv, Vec::new())
            }
            None => match talk(&loaded, seed, lang, &mut out, &mut lines, true) {
                Talked::Done(conv, thinking) => (*conv, thinking),
                Talked::Closed => return 0,
                Talked::Failed => return 1,
            },
        };
        let report = score(&loaded.scenario, &loaded.catalog, conv.state());
        calls.push((seed, conv.state().turns.iter().map(|t| t.choice_id.to_string()).collect()));
        let (_, attempt) = sitting.finish(index, conv.state(), &report, (started, now_ms()), thinking);
        if let Some(store) = &store
            && let Err(e) = store.record_attempt(&attempt)
        {
            eprintln!("warning: this exam attempt is not being saved: {e}");
        }
        debriefs.push(report);
        let _ = writeln!(out);
    }
    let verdict = sitting.verdict();
    write_result(opts, &sitting, &verdict, &calls, (sitting_started, now_ms()));
    if opts.json {
        return match serde_json::to_string_pretty(&verdict) {
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
        sitting
            .scenarios
            .iter()
            .find(|l| l.scenario.id.as_str() == id)
            .map_or_else(|| id.to_string(), |l| l.scenario.title.learner(lang))
    };
    print_stdout(&verdict_text::render(&set, &verdict, lang, &title_of));
    if set.show_feedback {
        for report in &debriefs {
            print_stdout(&format!("\n{}", report_text::render(report, lang)));
        }
    }
    0
}

/// Writes the sitting's result file (signed when the station has a key) and says where.
fn write_result(
    opts: &ExamOptions,
    sitting: &Sitting,
    verdict: &frontline::core::exam::ExamVerdict,
    calls: &[(u64, Vec<String>)],
    times: (i64, i64),
) {
    use frontline::core::exam::result::{ExamResultFile, SittingRecord, signing_key};
    let lang = serde_json::to_value(sitting.lang).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default();
    let record = SittingRecord {
        set: &sitting.set,
        learner: &sitting.learner,
        sitting: &sitting.id,
        lang: &lang,
        times,
        calls: sitting.scenarios.iter().zip(calls).map(|(l, (seed, ids))| (l, *seed, ids.clone())).collect(),
        verdict,
    };
    let mut file = ExamResultFile::of(&record);
    let key_path = opts.signing_key.clone().or_else(|| std::env::var_os("FRONTLINE_SIGNING_KEY").map(PathBuf::from));
    match &key_path {
        Some(path) => match std::fs::read_to_string(path).ok().as_deref().and_then(signing_key) {
            Some(key) => file.sign(&key),
            None => eprintln!("warning: {} is not a signing key: the result is unsigned", path.display()),
        },
        None => eprintln!("note: no signing key configured: the result is unsigned"),
    }
    let folder = opts
        .results
        .clone()
        .or_else(|| frontline::core::progress::location::data_dir(opts.data_dir.as_deref()).map(|d| d.join("results")));
    let Some(folder) = folder else {
        eprintln!("warning: no folder for result files (set --results)");
        return;
    };
    let slug: String = sitting.learner.chars().map(|c| if c.is_alphanumeric() { c } else { '_' }).collect();
    let path = folder.join(format!("{}-{slug}-{}.json", sitting.set.id, &sitting.id[..8]));
    let written = std::fs::create_dir_all(&folder)
        .and_then(|()| serde_json::to_string_pretty(&file).map_err(std::io::Error::other))
        .and_then(|text| std::fs::write(&path, text + "\n"));
    match written {
        Ok(()) => eprintln!("result written to {}", frontline::core::library::display_path(&path)),
        Err(e) => eprintln!("warning: the result file could not be written to {}: {e}", path.display()),
    }
}
