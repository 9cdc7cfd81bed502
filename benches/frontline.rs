//! The benchmarks (criterion): parsing and checking each shipped scenario, the engine playing a
//! whole call, scoring it, analysing generated scenarios of 2,000 and 20,000 nodes, recording an
//! attempt, the progress screen's queries over 1,000 learners' history, and the class report for
//! 1,000 learners (from the store and from result files). Figures, never pass/fail: the targets
//! are in the README's performance section, which `scripts/perf-report.sh` fills in.
//!
//!   cargo bench --no-default-features --bench frontline [-- FILTER]

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use frontline::core::analysis::analyze;
use frontline::core::analysis::generate::layered;
use frontline::core::engine::{CallState, Conversation, EndReason};
use frontline::core::exam::Sitting;
use frontline::core::exam::class_report::{build, latest_per_learner, line_from_attempts, line_from_result};
use frontline::core::exam::result::{ExamResultFile, SittingRecord};
use frontline::core::fingerprint::Fingerprint;
use frontline::core::ids::{OptionNumber, ScenarioId};
use frontline::core::library::{load_exam_set, scenario_files};
use frontline::core::load::SourceFile;
use frontline::core::loader::{AssumeAssetsExist, CatalogInput, LoadedScenario, load_scenario_text};
use frontline::core::progress::record::{HesitationRecord, TechniqueRecord, TurnRecord};
use frontline::core::progress::{AttemptRecord, Mode, ProgressReport, ScenarioOffer, Store};
use frontline::core::scenario::{Difficulty, Outcome};
use frontline::core::score::score;
use frontline::core::technique::Family;
use frontline::core::text::Lang;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Every shipped scenario: (name, scenario text, catalog text).
fn shipped() -> Vec<(String, String, String)> {
    let catalog = std::fs::read_to_string("scenarios/techniques.ron").expect("the shipped catalog");
    scenario_files(Path::new("scenarios"))
        .into_iter()
        .filter(|p| p.parent() == Some(Path::new("scenarios")))
        .map(|p| {
            let name = p.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
            (name, std::fs::read_to_string(&p).expect("a shipped scenario"), catalog.clone())
        })
        .collect()
}

fn load(name: &str, text: &str, catalog: &str) -> LoadedScenario {
    let outcome = load_scenario_text(
        SourceFile::from_text(name, text),
        |_| CatalogInput::Text(SourceFile::from_text("techniques.ron", catalog)),
        &AssumeAssetsExist,
    );
    outcome.loaded.unwrap_or_else(|| panic!("{}", outcome.report.render()))
}

/// A whole call, always taking the first option on screen.
fn play_call(loaded: &LoadedScenario, seed: u64) -> CallState {
    let (mut conv, _) = Conversation::start(loaded.scenario.clone(), seed).expect("start");
    while !conv.is_over() {
        if conv.select(OptionNumber(1)).is_err() {
            break;
        }
    }
    conv.state().clone()
}

fn scenarios(c: &mut Criterion) {
    let shipped = shipped();
    let mut group = c.benchmark_group("parse_and_check");
    for (name, text, catalog) in &shipped {
        group.bench_with_input(BenchmarkId::from_parameter(name), text, |b, text| {
            b.iter(|| load(name, black_box(text), catalog));
        });
    }
    group.finish();
    let loaded: Vec<(String, LoadedScenario)> = shipped.iter().map(|(n, t, c)| (n.clone(), load(n, t, c))).collect();
    let mut group = c.benchmark_group("engine_full_call");
    for (name, l) in &loaded {
        group.bench_function(BenchmarkId::from_parameter(name), |b| b.iter(|| play_call(l, black_box(7))));
    }
    group.finish();
    let mut group = c.benchmark_group("scoring");
    for (name, l) in &loaded {
        let state = play_call(l, 7);
        group.bench_function(BenchmarkId::from_parameter(name), |b| {
            b.iter(|| score(&l.scenario, &l.catalog, black_box(&state)));
        });
    }
    group.finish();
}

fn analysis(c: &mut Criterion) {
    let catalog = load("c", &shipped()[0].1, &shipped()[0].2).catalog;
    let mut group = c.benchmark_group("analysis_generated");
    group.sample_size(10).measurement_time(Duration::from_secs(20));
    for nodes in [2_000usize, 20_000] {
        let scenario = layered(nodes, 1);
        group.bench_function(BenchmarkId::from_parameter(nodes), |b| {
            b.iter(|| analyze(black_box(&scenario), &catalog, &[]).expect("analysis"));
        });
    }
    group.finish();
}

const TECHNIQUES: [&str; 16] =
    ["L1", "L2", "L3", "L4", "L5", "L6", "R1", "R2", "R3", "R4", "R5", "R6", "R7", "R8", "R9", "G1"];
const SCENARIOS: [&str; 12] = ["s01", "s02", "s03", "s04", "s05", "s06", "s07", "s08", "s09", "s10", "s11", "s12"];

/// A deterministic pseudo-random number (no extra dependency): xorshift.
fn next(state: &mut u64) -> u64 {
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    *state
}

fn attempt(learner: &str, i: u64, rng: &mut u64) -> AttemptRecord {
    let scenario = SCENARIOS[(next(rng) % SCENARIOS.len() as u64) as usize];
    let turns = (10 + next(rng) % 5) as usize;
    let score = |rng: &mut u64| (next(rng) % 101) as u32;
    AttemptRecord {
        id: format!("{learner}-{i}-{:x}", next(rng)),
        learner: learner.to_string(),
        scenario_id: ScenarioId::from(scenario),
        fingerprint: Fingerprint([7; 32]),
        seed: next(rng),
        lang: if i.is_multiple_of(2) { Lang::En } else { Lang::Zh },
        mode: Mode::Practice,
        exam: None,
        started_ms: 1_700_000_000_000 + i as i64 * 3_600_000,
        ended_ms: 1_700_000_000_000 + i as i64 * 3_600_000 + 600_000,
        ending_id: Some("end".into()),
        outcome: Some(Outcome::Satisfied),
        silent_exit: false,
        end_reason: Some(EndReason::Reached),
        listening: Some(score(rng)),
        recovery: Some(score(rng)),
        techniques_score: score(rng),
        overall: score(rng),
        turns: (0..turns)
            .map(|t| TurnRecord {
                node_id: format!("node{t}"),
                choice_id: format!("node{t}.choice{}", next(rng) % 4),
                said: "I understand, let me look into that for you right now.".into(),
                shows: vec![TECHNIQUES[(next(rng) % 16) as usize].into()],
                breaks: Vec::new(),
                meters_after: [50, 50, 10, 10],
                thinking_ms: Some((next(rng) % 20_000) as u32),
            })
            .collect(),
        hesitations: vec![HesitationRecord {
            node_id: "node3".into(),
            patience_before: 40,
            patience_after: 32,
            walked_out: false,
        }],
        techniques: TECHNIQUES
            .iter()
            .take(8 + (next(rng) % 8) as usize)
            .map(|t| TechniqueRecord {
                technique_id: (*t).into(),
                family: if t.starts_with('L') { Family::Listening } else { Family::Recovery },
                opportunities: 2,
                earned: (next(rng) % 3) as u32,
                penalty: 0,
                violations: 0,
                score: Some(score(rng)),
            })
            .collect(),
    }
}

/// A fresh store file holding `learners` × `per_learner` attempts.
fn filled_store(dir: &Path, learners: usize, per_learner: u64) -> Store {
    let _ = std::fs::remove_dir_all(dir);
    let (store, _) = Store::open(&dir.join("progress.db")).expect("open a fresh store");
    let mut rng = 0x9E37_79B9_7F4A_7C15u64;
    for l in 0..learners {
        let name = format!("Learner {l:04}");
        let batch: Vec<AttemptRecord> = (0..per_learner).map(|i| attempt(&name, i, &mut rng)).collect();
        store.record_attempts(&batch).expect("write");
    }
    store
}

fn temp_dir(name: &str) -> PathBuf {
    std::env::temp_dir().join(format!("frontline-bench-{name}-{}", std::process::id()))
}

fn progress(c: &mut Criterion) {
    let dir = temp_dir("progress");
    let store = filled_store(&dir, 1_000, 20);
    let mut group = c.benchmark_group("progress");
    let mut rng = 0x5151_u64;
    let mut i = 100_000;
    group.bench_function("record_attempt", |b| {
        b.iter(|| {
            i += 1;
            store.record_attempt(&attempt("Learner 0000", i, &mut rng)).expect("write");
        });
    });
    let library: Vec<ScenarioOffer> = SCENARIOS
        .iter()
        .enumerate()
        .map(|(i, s)| ScenarioOffer {
            scenario_id: (*s).into(),
            difficulty: [Difficulty::Easy, Difficulty::Medium, Difficulty::Hard][i % 3],
            techniques: TECHNIQUES.iter().skip(i % 5).take(6).map(|t| ((*t).to_string(), 3)).collect(),
        })
        .collect();
    group.bench_function("progress_screen_1000_learners", |b| {
        b.iter(|| ProgressReport::build(&store, black_box("Learner 0500"), &library).expect("progress"));
    });
    group.bench_function("best_per_scenario", |b| {
        b.iter(|| store.scenario_results(black_box("Learner 0500")).expect("results"));
    });
    group.finish();
    drop(store);
    let _ = std::fs::remove_dir_all(&dir);
}

fn class_report(c: &mut Criterion) {
    let learners = 1_000usize;
    let (set, report) = load_exam_set(Path::new("scenarios/exams/front_desk_cert.ron"));
    let Some((set, scenarios)) = set else { panic!("{}", report.render()) };
    let dir = temp_dir("class");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("results")).expect("folder");
    let (store, _) = Store::open(&dir.join("progress.db")).expect("store");
    let mut rng = 0x2545_F491_4F6C_DD1Du64;
    let per_learner_sittings = 20usize.div_ceil(set.scenarios.len());
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
                    let pick = OptionNumber::from_position((next(&mut rng) % offered) as usize);
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

    let mut group = c.benchmark_group("class_report_1000_learners");
    group.sample_size(10);
    group.bench_function("from_the_store", |b| {
        b.iter(|| {
            let sittings = store.exam_sittings_of_set(&set.id).expect("sittings");
            let lines: Vec<_> = sittings
                .iter()
                .filter_map(|(learner, used, ids)| {
                    let records: Vec<_> = ids.iter().filter_map(|id| store.attempt(id).ok().flatten()).collect();
                    line_from_attempts(learner, *used, &records, &set)
                })
                .collect();
            build(&set, &scenarios, &lines)
        });
    });
    group.bench_function("from_result_files", |b| {
        b.iter(|| {
            let mut lines = Vec::new();
            for entry in std::fs::read_dir(dir.join("results")).expect("folder").filter_map(Result::ok) {
                let text = std::fs::read_to_string(entry.path()).expect("read");
                let file: ExamResultFile = serde_json::from_str(&text).expect("parse");
                lines.push(line_from_result(&file));
            }
            build(&set, &scenarios, &latest_per_learner(lines))
        });
    });
    group.finish();
    drop(store);
    let _ = std::fs::remove_dir_all(&dir);
}

criterion_group!(benches, scenarios, analysis, progress, class_report);
criterion_main!(benches);
