//! The progress store against a real SQLite file in a temporary folder: migrations from an empty
//! file and from every earlier version, an attempt's round trip, mastery and the recommendation on
//! hand-computed histories, damaged, foreign and newer files, two writers at once, and a writer
//! killed (SIGKILL) mid-write 50 times at pseudo-random moments.

use crate::common;
use frontline::core::ids::OptionNumber;
use frontline::core::progress::mastery::{Reason, weighted_mean};
use frontline::core::progress::schema::{self, SCHEMA_VERSION};
use frontline::core::progress::{
    AttemptContext, AttemptRecord, CallInProgress, Mode, OpenNotice, ScenarioOffer, ScenarioResult, Store, StoreError,
    TechniqueSample, mastery, recommend,
};
use frontline::core::replay::{Script, replay};
use frontline::core::scenario::Difficulty;
use frontline::core::score::score;
use frontline::core::technique::Family;
use frontline::core::text::Lang;
use std::path::PathBuf;

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("frontline-progress-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

/// A finished call of the fixture scenario (first option every time), as an attempt record.
fn played_attempt(learner: &str, seed: u64, ended_ms: i64) -> AttemptRecord {
    let loaded = common::small();
    let script = vec![OptionNumber(1); 10];
    let played = replay(loaded.scenario.clone(), seed, Script::Numbers(&script)).expect("replay");
    let state = played.conversation.state();
    let report = score(&loaded.scenario, &loaded.catalog, state);
    let context = AttemptContext {
        learner: learner.into(),
        lang: Lang::Zh,
        mode: Mode::Practice,
        exam: None,
        started_ms: ended_ms - 60_000,
        ended_ms,
        thinking_ms: vec![1200, 3400],
    };
    AttemptRecord::new(&context, state, &report)
}

#[test]
fn a_new_file_gets_every_migration_and_marks_itself_as_frontlines() {
    let dir = temp_dir("fresh");
    let path = dir.join("progress.db");
    let (store, notice) = Store::open(&path).expect("open");
    assert_eq!(notice, None);
    assert_eq!(store.schema_version().expect("version"), SCHEMA_VERSION);
    assert_eq!(store.integrity_check().expect("check"), "ok");
    drop(store);
    // Opening again changes nothing.
    let (store, notice) = Store::open(&path).expect("reopen");
    assert_eq!(notice, None);
    assert_eq!(store.schema_version().expect("version"), SCHEMA_VERSION);
}

#[test]
fn every_earlier_version_migrates_and_keeps_its_data() {
    for from in 1..SCHEMA_VERSION {
        let dir = temp_dir(&format!("from-{from}"));
        let path = dir.join("progress.db");
        {
            let mut conn = rusqlite::Connection::open(&path).expect("sqlite");
            schema::migrate_to(&mut conn, from).expect("build the old version");
            conn.execute("INSERT INTO learner (name, created_ms) VALUES ('Old Timer', 1)", []).expect("learner");
        }
        let (store, notice) = Store::open(&path).expect("open an old file");
        assert_eq!(notice, None, "an old version is not damage");
        assert_eq!(store.schema_version().expect("version"), SCHEMA_VERSION, "from version {from}");
        assert!(store.learner("Old Timer").expect("query").is_some(), "data kept from version {from}");
        // The newest tables work.
        store.record_attempt(&played_attempt("Old Timer", 3, 1_000)).expect("record after migrating");
        assert_eq!(store.integrity_check().expect("check"), "ok");
    }
}

#[test]
fn an_attempt_reads_back_exactly_as_it_was_recorded() {
    let dir = temp_dir("roundtrip");
    let (store, _) = Store::open(&dir.join("progress.db")).expect("open");
    let attempt = played_attempt("Mei", 11, 5_000);
    assert!(!attempt.turns.is_empty() && !attempt.techniques.is_empty());
    store.record_attempt(&attempt).expect("record");
    let back = store.attempt(&attempt.id).expect("read").expect("present");
    assert_eq!(back, attempt);
    assert_eq!(back.turns[0].thinking_ms, Some(1200));
    let history = store.history("Mei").expect("history");
    assert_eq!(history.len(), 1);
    assert_eq!(history[0].overall, attempt.overall);
    assert_eq!(history[0].lang, Lang::Zh);
}

#[test]
fn best_latest_and_count_per_scenario() {
    let store = Store::in_memory().expect("store");
    let mut scores = Vec::new();
    for (i, overall) in [40u32, 90, 65].into_iter().enumerate() {
        let mut a = played_attempt("Ana", i as u64, 1_000 * (i as i64 + 1));
        a.overall = overall;
        store.record_attempt(&a).expect("record");
        scores.push(overall);
    }
    let results = store.scenario_results("Ana").expect("results");
    assert_eq!(results, vec![ScenarioResult { scenario_id: "small".into(), best: 90, latest: 65, attempts: 3 }]);
    assert!(store.scenario_results("Nobody").expect("no learner").is_empty());
}

#[test]
fn learners_are_added_renamed_and_forgotten_with_their_data() {
    let store = Store::in_memory().expect("store");
    assert!(store.add_learner("   ").is_err(), "a blank name is refused");
    let li = store.add_learner("  Li  ").expect("add");
    assert_eq!(li.name, "Li");
    assert_eq!(store.add_learner("Li").expect("again").id, li.id, "adding twice keeps one learner");
    let attempt = played_attempt("Li", 1, 10);
    store.record_attempt(&attempt).expect("record");
    store.rename_learner("Li", "Li Na").expect("rename");
    assert_eq!(store.history("Li Na").expect("history").len(), 1, "the history follows the new name");
    assert!(matches!(store.history("Li"), Err(StoreError::NoSuchLearner(_))));
    assert!(store.forget_learner("Li Na").expect("forget"));
    assert!(store.learners().expect("list").is_empty());
    assert_eq!(store.attempt(&attempt.id).expect("read"), None, "their attempts go with them");
    assert!(!store.forget_learner("Li Na").expect("forget again"), "nobody left to forget");
}

#[test]
fn the_call_in_progress_is_saved_replaced_and_cleared_by_the_finished_attempt() {
    let store = Store::in_memory().expect("store");
    let loaded = common::small();
    let (conversation, _) = frontline::core::engine::Conversation::start(loaded.scenario.clone(), 9).expect("start");
    let call = CallInProgress {
        scenario_file: "small.ron".into(),
        fingerprint: loaded.fingerprint,
        lang: Lang::En,
        mode: Mode::Practice,
        started_ms: 77,
        state: conversation.state().clone(),
        thinking_ms: vec![500],
    };
    store.save_call_in_progress("Bo", &call).expect("save");
    store.save_call_in_progress("Bo", &call).expect("save again (replaces)");
    assert_eq!(store.call_in_progress("Bo").expect("load"), Some(call));
    store.record_attempt(&played_attempt("Bo", 9, 100)).expect("finish");
    assert_eq!(store.call_in_progress("Bo").expect("load"), None, "a finished call is no longer in progress");
}

#[test]
fn a_damaged_or_foreign_file_is_moved_aside_and_a_new_one_started() {
    for (name, make) in [
        (
            "garbage",
            Box::new(|p: &std::path::Path| std::fs::write(p, vec![0x5Au8; 8192]).expect("write"))
                as Box<dyn Fn(&std::path::Path)>,
        ),
        (
            "foreign",
            Box::new(|p: &std::path::Path| {
                let conn = rusqlite::Connection::open(p).expect("sqlite");
                conn.execute_batch("CREATE TABLE invoices (id INTEGER); INSERT INTO invoices VALUES (1);")
                    .expect("foreign table");
            }),
        ),
    ] {
        let dir = temp_dir(name);
        let path = dir.join("progress.db");
        make(&path);
        let before = std::fs::read(&path).expect("read");
        let (store, notice) = Store::open(&path).expect("open anyway");
        let Some(OpenNotice::MovedAside { moved_to, .. }) = notice else { panic!("{name}: no notice") };
        assert!(moved_to.to_string_lossy().contains("progress.db.corrupt-"), "{moved_to:?}");
        assert_eq!(std::fs::read(&moved_to).expect("moved file"), before, "{name}: the old bytes are kept");
        let message = notice_text(&path, &moved_to);
        assert!(message.contains(&path.display().to_string()) && message.contains(&moved_to.display().to_string()));
        store.record_attempt(&played_attempt("Zoe", 1, 1)).expect("the new file works");
        assert_eq!(store.integrity_check().expect("check"), "ok");
    }
}

fn notice_text(path: &std::path::Path, moved_to: &std::path::Path) -> String {
    OpenNotice::MovedAside { path: path.into(), moved_to: moved_to.into(), why: "x".into() }.to_string()
}

#[test]
fn a_file_from_a_newer_frontline_is_refused_and_left_untouched() {
    let dir = temp_dir("newer");
    let path = dir.join("progress.db");
    {
        let (store, _) = Store::open(&path).expect("create");
        drop(store);
        let conn = rusqlite::Connection::open(&path).expect("sqlite");
        conn.execute("UPDATE meta SET value = '9.9.0' WHERE key = 'written_by'", []).expect("meta");
        conn.pragma_update(None, "user_version", SCHEMA_VERSION + 5).expect("version");
        conn.pragma_update(None, "journal_mode", "delete").expect("no wal");
    }
    let before = std::fs::read(&path).expect("read");
    let error = Store::open(&path).expect_err("refused");
    let text = error.to_string();
    assert!(matches!(error, StoreError::Newer { found, .. } if found == SCHEMA_VERSION + 5), "{text}");
    assert!(text.contains("9.9.0"), "the message names the version that wrote it: {text}");
    assert_eq!(std::fs::read(&path).expect("read"), before, "not a byte changed");
}

#[test]
fn a_folder_that_cannot_be_written_is_a_clear_error() {
    let dir = temp_dir("blocked");
    // A file where the data folder should be: nothing can be created inside it.
    let blocker = dir.join("data");
    std::fs::write(&blocker, b"not a folder").expect("write");
    let error = Store::open(&blocker.join("progress.db")).expect_err("cannot open");
    assert!(matches!(error, StoreError::Unavailable { .. }), "{error}");
    assert!(error.to_string().contains("data"), "{error}");
}

#[test]
fn two_writers_at_once_both_record_everything() {
    let dir = temp_dir("two-writers");
    let path = dir.join("progress.db");
    drop(Store::open(&path).expect("create"));
    let writers: Vec<_> = (0..2)
        .map(|w| {
            let path = path.clone();
            std::thread::spawn(move || {
                let (store, _) = Store::open(&path).expect("open");
                for i in 0..40 {
                    store.record_attempt(&played_attempt(&format!("Writer {w}"), i, i as i64)).expect("record");
                }
            })
        })
        .collect();
    for w in writers {
        w.join().expect("writer");
    }
    let (store, _) = Store::open(&path).expect("open");
    assert_eq!(store.integrity_check().expect("check"), "ok");
    for w in 0..2 {
        assert_eq!(store.history(&format!("Writer {w}")).expect("history").len(), 40);
    }
}

/// Run as a child process by the kill test: records attempts until killed, printing each id once
/// its transaction has committed.
#[test]
#[ignore = "a helper: run by `a_writer_killed_mid_write_loses_nothing_committed`"]
fn progress_writer_child() {
    use std::io::Write;
    let Some(path) = std::env::var_os("FRONTLINE_TEST_WRITER_DB") else { return };
    let (store, _) = Store::open(std::path::Path::new(&path)).expect("open");
    let mut out = std::io::stdout();
    for i in 0.. {
        let attempt = played_attempt("Killed", i, i as i64);
        store.record_attempt(&attempt).expect("record");
        let _ = writeln!(out, "committed {}", attempt.id);
        let _ = out.flush();
    }
}

#[test]
fn a_writer_killed_mid_write_loses_nothing_committed() {
    use std::io::Read;
    let dir = temp_dir("killed");
    let path = dir.join("progress.db");
    drop(Store::open(&path).expect("create"));
    let exe = std::env::current_exe().expect("test binary");
    let mut committed = Vec::new();
    // 50 kills at pseudo-random moments (a fixed xorshift sequence, so a failure is reproducible).
    let mut moment = 0x9e37_79b9_7f4a_7c15u64;
    for round in 0..50u64 {
        let mut child = std::process::Command::new(&exe)
            .args(["--ignored", "--exact", "progress::progress_writer_child", "--nocapture", "--test-threads", "1"])
            .env("FRONTLINE_TEST_WRITER_DB", &path)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("spawn the writer");
        // Kill at a different moment each round (between 40 and 340 ms), in the middle of writing.
        moment ^= moment << 13;
        moment ^= moment >> 7;
        moment ^= moment << 17;
        std::thread::sleep(std::time::Duration::from_millis(40 + moment % 300));
        child.kill().expect("SIGKILL");
        let _ = child.wait();
        let mut output = String::new();
        if let Some(mut stdout) = child.stdout.take() {
            let _ = stdout.read_to_string(&mut output);
        }
        committed.extend(output.lines().filter_map(|l| l.strip_prefix("committed ")).map(str::to_string));
        let (store, notice) = Store::open(&path).expect("reopen after the kill");
        assert_eq!(notice, None, "round {round}: the file is never damaged");
        assert_eq!(store.integrity_check().expect("check"), "ok", "round {round}");
    }
    let (store, _) = Store::open(&path).expect("open");
    assert!(!committed.is_empty(), "the writer committed something before being killed");
    for id in &committed {
        assert!(store.attempt(id).expect("read").is_some(), "committed attempt {id} survived");
    }
}

// ----- mastery and the recommendation, on hand-computed histories -----

fn sample(technique: &str, ended_ms: i64, opportunities: u32, score: Option<u32>) -> TechniqueSample {
    TechniqueSample {
        technique_id: technique.into(),
        family: Family::Listening,
        ended_ms,
        scenario_id: "s".into(),
        opportunities,
        earned: 0,
        violations: 0,
        score,
    }
}

#[test]
fn mastery_is_the_recency_weighted_mean_of_the_last_five_attempts_that_offered_it() {
    // (50·1 + 100·2) / 3 = 83.3
    assert_eq!(weighted_mean(&[50, 100]), Some(83));
    // Six scores: the oldest (0) falls out; (100·1 + 100·2 + 100·3 + 0·4 + 100·5) / 15 = 73.3
    assert_eq!(weighted_mean(&[0, 100, 100, 100, 0, 100]), Some(73));
    assert_eq!(weighted_mean(&[]), None);
    let samples = vec![
        sample("L1", 1, 2, Some(50)),
        sample("L1", 2, 0, None), // not on offer: says nothing
        sample("L1", 3, 2, Some(100)),
        sample("R4", 1, 1, Some(0)),
    ];
    let m = mastery(&samples);
    assert_eq!(m.len(), 2);
    assert_eq!((m[0].technique_id.as_str(), m[0].mastery, m[0].trend, m[0].evidence), ("L1", 83, Some(33), 2));
    assert_eq!((m[1].technique_id.as_str(), m[1].mastery, m[1].trend, m[1].evidence), ("R4", 0, None, 1));
}

fn offer(id: &str, difficulty: Difficulty, techniques: &[(&str, u32)]) -> ScenarioOffer {
    ScenarioOffer {
        scenario_id: id.into(),
        difficulty,
        techniques: techniques.iter().map(|(t, p)| ((*t).to_string(), *p)).collect(),
    }
}

#[test]
fn the_recommendation_follows_the_weakest_technique_with_evidence() {
    let library = vec![
        offer("hard", Difficulty::Hard, &[("L1", 5), ("R4", 1)]),
        offer("easy", Difficulty::Easy, &[("L1", 1)]),
        offer("medium", Difficulty::Medium, &[("R4", 6)]),
    ];
    // Nothing played: the easiest scenario.
    let first = recommend(&[], &[], &library).expect("some");
    assert_eq!((first.scenario_id.as_str(), first.reason.clone()), ("easy", Reason::FirstCall));
    // L1 weak with two attempts, R4 weaker but with one only: L1, where it is offered most.
    let samples = vec![sample("L1", 1, 2, Some(40)), sample("L1", 2, 2, Some(40)), sample("R4", 2, 1, Some(0))];
    let results = vec![ScenarioResult { scenario_id: "easy".into(), best: 40, latest: 40, attempts: 2 }];
    let r = recommend(&mastery(&samples), &results, &library).expect("some");
    assert_eq!(r.scenario_id, "hard");
    assert_eq!(r.reason, Reason::Weakest { technique_id: "L1".into(), mastery: 40 });
    // Without enough evidence: the easiest scenario not played yet.
    let r = recommend(&mastery(&samples[2..]), &results, &library).expect("some");
    assert_eq!((r.scenario_id.as_str(), r.reason), ("medium", Reason::NotPlayedYet));
    // Everything played, no evidence: the lowest best score.
    let all = vec![
        ScenarioResult { scenario_id: "easy".into(), best: 70, latest: 70, attempts: 1 },
        ScenarioResult { scenario_id: "medium".into(), best: 20, latest: 20, attempts: 1 },
        ScenarioResult { scenario_id: "hard".into(), best: 50, latest: 50, attempts: 1 },
    ];
    let r = recommend(&[], &all, &library).expect("some");
    assert_eq!((r.scenario_id.as_str(), r.reason), ("medium", Reason::LowestBest { best: 20 }));
}

#[test]
fn a_store_in_memory_has_no_folder_to_write_next_to() {
    let store = Store::in_memory().expect("in memory");
    assert_eq!(store.folder(), None, "exam results of an unsaved session must not land in the working folder");
}

#[test]
fn a_full_disk_is_a_clear_error_and_keeps_what_was_saved() {
    let dir = temp_dir("full");
    let path = dir.join("progress.db");
    let (store, _) = Store::open(&path).expect("create");
    store.record_attempt(&played_attempt("Ann", 1, 1)).expect("the first call is saved");
    drop(store);
    // The write-ahead log is where every write goes first: make it the device that is always full.
    let wal = dir.join("progress.db-wal");
    let _ = std::fs::remove_file(&wal);
    std::os::unix::fs::symlink("/dev/full", &wal).expect("link the log to /dev/full");
    let full = Store::open(&path).map(|(s, _)| s.record_attempt(&played_attempt("Ann", 2, 2)));
    let message = match full {
        Err(e) | Ok(Err(e)) => e.to_string(),
        Ok(Ok(())) => panic!("a write to a full disk reported success"),
    };
    assert!(message.contains("full"), "{message}");
    // Space again: the call saved before is still there and the file is sound.
    std::fs::remove_file(&wal).expect("unlink");
    let (store, _) = Store::open(&path).expect("reopen");
    assert_eq!(store.integrity_check().expect("check"), "ok");
    assert_eq!(store.scenario_results("Ann").expect("results").len(), 1);
}
