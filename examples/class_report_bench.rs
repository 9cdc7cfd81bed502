//! The class report's benchmark (prints figures; not a test): 1,000 learners sit the shipped
//! front-desk exam (3 scenarios) until each has 20 recorded attempts, with choices played through
//! the engine; then the class report is built from the progress store, and from 1,000 result files.
//! Target on a 2-core machine: under 2 s each.
//!
//!   cargo run --example class_report_bench --no-default-features [-- LEARNERS]

use frontline::core::engine::Conversation;
use frontline::core::exam::Sitting;
use frontline::core::exam::class_report::{build, latest_per_learner, line_from_attempts, line_from_result};
use frontline::core::exam::result::{ExamResultFile, SittingRecord};
use frontline::core::library::load_exam_set;
use frontline::core::progress::Store;
use frontline::core::score::score;
use frontline::core::text::Lang;
use std::path::Path;
use std::time::Instant;

fn next(state: &mut u64) -> u64 {
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    *state
}

fn main() {
    let learners: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(1_000);
    let (set, report) = load_exam_set(Path::new("scenarios/exams/front_desk_cert.ron"));
    let Some((set, scenarios)) = set else {
        eprintln!("{}", report.render());
        std::process::exit(1);
    };
    let dir = std::env::temp_dir().join(format!("frontline-class-bench-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("results")).expect("folder");
    let (store, _) = Store::open(&dir.join("progress.db")).expect("store");
    let mut rng = 0x2545_F491_4F6C_DD1Du64;
    let per_learner_sittings = 20usize.div_ceil(set.scenarios.len());
    println!(
        "Class report benchmark: {learners} learners x {} attempts ({per_learner_sittings} sittings of {} scenarios)",
        per_learner_sittings * set.scenarios.len(),
        set.scenarios.len()
    );
    let started = Instant::now();
    for l in 0..learners {
        let name = format!("Learner {l:04}");
        let mut batch = Vec::new();
        for s in 0..per_learner_sittings {
            let mut sitting = Sitting::new(set.clone(), scenarios.clone(), &name, Lang::En);
            let mut calls = Vec::new();
            for i in 0..sitting.scenarios.len() {
                let loaded = sitting.scenarios[i].clone();
                let seed = next(&mut rng);
                let (mut conv, _) = Conversation::start(loaded.scenario.clone(), seed).expect("start");
                while !conv.is_over() {
                    let offered = conv.offered().len().max(1) as u64;
                    let pick = frontline::core::ids::OptionNumber::from_position((next(&mut rng) % offered) as usize);
                    if conv.select(pick).is_err() {
                        break;
                    }
                }
                let report = score(&loaded.scenario, &loaded.catalog, conv.state());
                let t = 1_700_000_000_000 + (l * 100 + s * 10 + i) as i64 * 1000;
                let (_, attempt) = sitting.finish(i, conv.state(), &report, (t, t + 500), Vec::new());
                calls.push((seed, conv.state().turns.iter().map(|t| t.choice_id.to_string()).collect::<Vec<_>>()));
                batch.push(attempt);
            }
            if s + 1 == per_learner_sittings {
                let verdict = sitting.verdict();
                let record = SittingRecord {
                    set: &sitting.set,
                    learner: &sitting.learner,
                    sitting: &sitting.id,
                    lang: "En",
                    times: (0, 1),
                    calls: sitting
                        .scenarios
                        .iter()
                        .zip(&calls)
                        .map(|(l, (seed, ids))| (l, *seed, ids.clone()))
                        .collect(),
                    verdict: &verdict,
                };
                let file = ExamResultFile::of(&record);
                let text = serde_json::to_string(&file).expect("json");
                std::fs::write(dir.join("results").join(format!("{l:04}.json")), text).expect("write");
            }
        }
        store.record_attempts(&batch).expect("record");
    }
    println!("  (setting up: {:.1} s)", started.elapsed().as_secs_f64());

    let t = Instant::now();
    let sittings = store.exam_sittings_of_set(&set.id).expect("sittings");
    let lines: Vec<_> = sittings
        .iter()
        .filter_map(|(learner, used, ids)| {
            let records: Vec<_> = ids.iter().filter_map(|id| store.attempt(id).ok().flatten()).collect();
            line_from_attempts(learner, *used, &records, &set)
        })
        .collect();
    let from_store = build(&set, &scenarios, &lines);
    let store_time = t.elapsed();
    println!(
        "class report from the store: {:.2} s  ({} learners, {} decisions; target < 2 s)",
        store_time.as_secs_f64(),
        from_store.learners.len(),
        from_store.decisions.len()
    );

    let t = Instant::now();
    let mut lines = Vec::new();
    for entry in std::fs::read_dir(dir.join("results")).expect("folder").filter_map(Result::ok) {
        let text = std::fs::read_to_string(entry.path()).expect("read");
        let file: ExamResultFile = serde_json::from_str(&text).expect("parse");
        lines.push(line_from_result(&file));
    }
    let from_files = build(&set, &scenarios, &latest_per_learner(lines));
    println!(
        "class report from {} result files: {:.2} s  (target < 2 s)",
        from_files.learners.len(),
        t.elapsed().as_secs_f64()
    );
    let _ = std::fs::remove_dir_all(&dir);
}
