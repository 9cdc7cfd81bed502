//! The progress store's benchmark (prints figures; not a test): writes 1,000 learners × 20 attempts
//! of about 12 turns each into a fresh SQLite file, then times the progress screen's queries for one
//! learner and the library's best-per-scenario query. Targets on a 2-core machine: the bulk write
//! under 10 s; each screen's queries under 20 ms.
//!
//!   cargo run --example progress_bench --no-default-features [-- LEARNERS ATTEMPTS]

use frontline::core::engine::EndReason;
use frontline::core::fingerprint::Fingerprint;
use frontline::core::ids::ScenarioId;
use frontline::core::progress::record::{HesitationRecord, TechniqueRecord, TurnRecord};
use frontline::core::progress::{AttemptRecord, Mode, ProgressReport, ScenarioOffer, Store};
use frontline::core::scenario::{Difficulty, Outcome};
use frontline::core::technique::Family;
use frontline::core::text::Lang;
use std::time::{Duration, Instant};

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

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn main() {
    let args: Vec<usize> = std::env::args().skip(1).filter_map(|a| a.parse().ok()).collect();
    let learners = args.first().copied().unwrap_or(1_000);
    let per_learner = args.get(1).copied().unwrap_or(20);
    let dir = std::env::temp_dir().join(format!("frontline-bench-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let path = dir.join("progress.db");
    let (store, _) = Store::open(&path).expect("open a fresh store");
    let mut rng = 0x9E37_79B9_7F4A_7C15u64;

    println!("Progress store benchmark: {learners} learners x {per_learner} attempts, file {}", path.display());
    let started = Instant::now();
    let mut turns = 0usize;
    for l in 0..learners {
        let name = format!("Learner {l:04}");
        let batch: Vec<AttemptRecord> = (0..per_learner as u64).map(|i| attempt(&name, i, &mut rng)).collect();
        turns += batch.iter().map(|a| a.turns.len()).sum::<usize>();
        store.record_attempts(&batch).expect("write");
    }
    let bulk = started.elapsed();
    println!(
        "bulk write (one transaction per learner): {:.2} s for {} attempts, {turns} turns  (target < 10 s)",
        bulk.as_secs_f64(),
        learners * per_learner
    );

    // As the game writes: one transaction per finished call.
    let single = 200;
    let started = Instant::now();
    for i in 0..single {
        store.record_attempt(&attempt("Learner 0000", 10_000 + i, &mut rng)).expect("write");
    }
    let per_call = started.elapsed() / single as u32;
    println!(
        "one finished call (its own transaction): {:.2} ms each, over {single} calls",
        per_call.as_secs_f64() * 1e3
    );

    let library: Vec<ScenarioOffer> = SCENARIOS
        .iter()
        .enumerate()
        .map(|(i, s)| ScenarioOffer {
            scenario_id: (*s).into(),
            difficulty: [Difficulty::Easy, Difficulty::Medium, Difficulty::Hard][i % 3],
            techniques: TECHNIQUES.iter().skip(i % 5).take(6).map(|t| ((*t).to_string(), 3)).collect(),
        })
        .collect();
    let who = format!("Learner {:04}", learners / 2);
    let mut screen = Vec::new();
    let mut cards = Vec::new();
    for _ in 0..25 {
        let t = Instant::now();
        let report = ProgressReport::build(&store, &who, &library).expect("progress");
        screen.push(t.elapsed());
        assert_eq!(report.attempts.len(), per_learner);
        let t = Instant::now();
        let results = store.scenario_results(&who).expect("results");
        cards.push(t.elapsed());
        assert!(!results.is_empty());
    }
    println!(
        "progress screen queries for one learner (history, results, mastery, recommendation): {:.2} ms median  (target < 20 ms)",
        median(screen).as_secs_f64() * 1e3
    );
    println!("library best-per-scenario query: {:.2} ms median  (target < 20 ms)", median(cards).as_secs_f64() * 1e3);
    let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0)
        + std::fs::metadata(dir.join("progress.db-wal")).map(|m| m.len()).unwrap_or(0);
    println!("database size: {:.1} MiB", size as f64 / (1024.0 * 1024.0));
    drop(store);
    let _ = std::fs::remove_dir_all(&dir);
}
