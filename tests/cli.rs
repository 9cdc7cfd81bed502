//! The `frontline` command line, run as a user would: shipped scenarios, a folder of bad inputs, odd bytes.

use serde_json::Value;
use std::path::Path;
use std::process::{Command, Output};

fn frontline(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_frontline")).args(args).output().expect("run frontline")
}

#[test]
fn shipped_scenarios_check_clean() {
    let out = frontline(&["check", "scenarios", "--deny-warnings"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("0 error(s), 0 warning(s)"), "{stderr}");
}

#[test]
fn the_version_names_the_commit_it_was_built_from() {
    let out = frontline(&["--version"]);
    assert_eq!(out.status.code(), Some(0));
    let line = String::from_utf8_lossy(&out.stdout).trim().to_string();
    assert!(line.starts_with(&format!("frontline {} (commit ", env!("CARGO_PKG_VERSION"))), "{line}");
    // Built from this checkout (as the tests are), the commit is git's HEAD, unless the build was
    // told another with FRONTLINE_COMMIT.
    let head = Command::new("git").args(["rev-parse", "--short=12", "HEAD"]).output().ok();
    if let Some(head) = head.filter(|h| h.status.success() && std::env::var_os("FRONTLINE_COMMIT").is_none()) {
        let head = String::from_utf8_lossy(&head.stdout).trim().to_string();
        assert!(line.ends_with(&format!("(commit {head})")), "{line} is not built from {head}");
    }
}

#[test]
fn every_bad_input_gets_its_diagnostic_at_the_right_place() {
    // Folders are searched for `.ron` files (scenarios, catalogs, exam sets, settings); result
    // files are JSON and named one by one.
    let mut args = vec!["check".to_string(), "tests/bad".into(), "--format".into(), "json".into()];
    let mut results: Vec<String> = std::fs::read_dir("tests/bad/results")
        .expect("results")
        .filter_map(Result::ok)
        .map(|e| e.path().display().to_string())
        .collect();
    results.sort();
    args.extend(results);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = frontline(&args);
    assert_eq!(out.status.code(), Some(1));
    let json: Value = serde_json::from_slice(&out.stdout).expect("json output");
    let expectations = std::fs::read_to_string("tests/bad/expectations.txt").expect("expectations");
    let mut checked = 0;
    for line in expectations.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()) {
        let parts: Vec<&str> = line.split_whitespace().collect();
        let (file, code, at) = (parts[0], parts[1], parts[2]);
        let entry = json["files"]
            .as_array()
            .expect("files")
            .iter()
            .find(|f| f["file"].as_str().is_some_and(|n| Path::new(n).file_name() == Some(std::ffi::OsStr::new(file))))
            .unwrap_or_else(|| panic!("{file} was not checked"));
        let diags = entry["diagnostics"].as_array().expect("diagnostics");
        let d = diags
            .iter()
            .find(|d| d["code"] == code)
            .unwrap_or_else(|| panic!("{file}: no `{code}` diagnostic in {diags:#?}"));
        assert_eq!(d["severity"], "error", "{file}");
        assert!(!d["message"].as_str().unwrap_or("").is_empty());
        if at != "-" {
            let loc = format!("{}:{}", d["location"]["line"], d["location"]["col"]);
            assert_eq!(loc, at, "{file}: {}", d["message"]);
        }
        checked += 1;
    }
    assert!(checked >= 60, "the corpus covers every error kind: {checked} lines");
}

#[test]
fn human_output_has_location_source_line_and_caret() {
    let out = frontline(&["check", "tests/bad/unknown_technique.ron"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("tests/bad/unknown_technique.ron:51:40: error: unknown technique `R9`"), "{stderr}");
    assert!(stderr.contains("techniques: [Shows(\"R9\")]"), "{stderr}");
    assert!(stderr.contains("^^^^ not in the technique catalog"), "{stderr}");
    assert!(stderr.contains("did you mean"), "{stderr}");
}

#[test]
fn warnings_fail_only_when_denied() {
    let dir = tempdir("warn");
    std::fs::copy("tests/fixtures/techniques.ron", dir.join("techniques.ron")).expect("copy");
    let text = std::fs::read_to_string("tests/fixtures/small.ron").expect("read");
    let text = text.replace("(\n            id: \"verdict\"", "(id: \"orphan\", lines: [(en: \"Hi\", zh: \"嗨\")], routes: [(next: \"meh\")]),\n        (\n            id: \"verdict\"");
    std::fs::write(dir.join("warn.ron"), text).expect("write");
    let path = dir.join("warn.ron");
    let path = path.to_str().expect("utf8 path");
    assert_eq!(frontline(&["check", path]).status.code(), Some(0));
    assert_eq!(frontline(&["check", path, "--deny-warnings"]).status.code(), Some(1));
}

fn tempdir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("frontline-test-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("tempdir");
    dir
}

#[test]
fn a_fifty_megabyte_file_is_refused_clearly() {
    let dir = tempdir("huge");
    let path = dir.join("huge.ron");
    let mut text = String::from("Scenario(id: \"");
    text.push_str(&"x".repeat(50 * 1024 * 1024));
    text.push_str("\")");
    std::fs::write(&path, text).expect("write");
    let out = frontline(&["check", path.to_str().expect("utf8")]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("error: the file is 52428816 bytes"), "{stderr}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn missing_path_is_an_error() {
    let out = frontline(&["check", "no/such/dir"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no such file or folder"));
}

#[test]
fn scripted_play_prints_transcript_and_debrief() {
    let out = frontline(&["play", "tests/fixtures/small.ron", "--text", "--seed", "1", "--choices", "1,1"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(stdout.contains("Ann: Hello?"), "{stdout}");
    assert!(stdout.contains("=== Debrief"), "{stdout}");
}

#[test]
fn the_shipped_scenarios_sit_under_the_trainers_own_and_a_copy_replaces_its_original() {
    let dir = tempdir("layers");
    let (share, data) = (dir.join("share"), dir.join("data"));
    std::fs::create_dir_all(share.join("scenarios")).expect("share");
    std::fs::create_dir_all(data.join("scenarios")).expect("own");
    for f in ["small.ron", "techniques.ron"] {
        std::fs::copy(Path::new("tests/fixtures").join(f), share.join("scenarios").join(f)).expect("copy");
    }
    // The trainer's copy has no catalog of its own: it uses the shipped techniques.ron.
    let text = std::fs::read_to_string("tests/fixtures/small.ron").expect("fixture");
    let copy = text.replacen("en: \"Small\"", "en: \"My small\"", 1);
    assert_ne!(copy, text);
    std::fs::write(data.join("scenarios/my_small.ron"), copy).expect("write");
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_frontline"))
            .args(["--data-dir", data.to_str().expect("utf-8")])
            .args(args)
            .env("FRONTLINE_SHARE_DIR", &share)
            .stdin(std::process::Stdio::null())
            .output()
            .expect("run frontline")
    };
    // The picker lists the copy, says so, and leaves the replaced original out.
    let out = run(&["pick"]);
    let menu = String::from_utf8_lossy(&out.stdout);
    assert!(menu.contains("1. My small  (your copy)"), "{menu}");
    assert!(!menu.contains("2."), "the shipped original is replaced: {menu}");
    // check with no paths checks both folders; the catalog is found in the shipped folder.
    let out = run(&["check", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stdout));
    let json: Value = serde_json::from_slice(&out.stdout).expect("json");
    let names: Vec<&str> = json["files"].as_array().expect("files").iter().filter_map(|f| f["file"].as_str()).collect();
    assert!(names.iter().any(|n| n.ends_with("data/scenarios/my_small.ron")), "{names:?}");
    assert!(names.iter().any(|n| n.ends_with("share/scenarios/small.ron")), "{names:?}");
    assert_eq!(json["errors"], 0, "a copy in the trainer's folder is not a duplicate");
    // A bare file name plays the scenario of that name in the folders.
    let out = run(&["play", "small.ron", "--text", "--seed", "1", "--choices", "1,1"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("=== Debrief"));
    // A folder given with --scenarios takes the own folder's place.
    let out = run(&["--scenarios", share.join("scenarios").to_str().expect("utf-8"), "pick"]);
    let menu = String::from_utf8_lossy(&out.stdout);
    assert!(menu.contains("1. Small\n") && !menu.contains("My small"), "{menu}");
}

#[test]
fn scripted_play_json_report() {
    let out = frontline(&[
        "play",
        "tests/fixtures/small.ron",
        "--text",
        "--seed",
        "1",
        "--choices",
        "1,1",
        "--json",
        "--lang",
        "zh",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let json: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(json["scenario_id"], "small");
    assert!(json["overall"].as_u64().is_some_and(|v| v <= 100));
    assert_eq!(json["turns"].as_array().map(Vec::len), Some(2));
}

#[test]
fn scripted_play_with_a_bad_option_fails_cleanly() {
    let out = frontline(&["play", "tests/fixtures/small.ron", "--text", "--seed", "1", "--choices", "9"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("option 9 is not on offer"));
    let out = frontline(&["play", "tests/fixtures/small.ron", "--text", "--seed", "1", "--choices", "1"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("ran out after 1 decision"));
}

#[test]
fn playing_a_broken_scenario_shows_its_errors() {
    let out = frontline(&["play", "tests/bad/missing_node.ron", "--text", "--choices", "1"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("missing_node.ron:27:27: error"), "{stderr}");
}

#[test]
fn interactive_play_reads_numbers_from_stdin() {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_frontline"))
        .args(["play", "tests/fixtures/small.ron", "--text", "--seed", "3"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    child.stdin.take().expect("stdin").write_all(b"x\n7\n1\n1\n").expect("write");
    let out = child.wait_with_output().expect("wait");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout.contains("Please type the number of an option."), "{stdout}");
    assert!(stdout.contains("option 7 is not on offer"), "{stdout}");
    assert!(stdout.contains("=== Debrief"), "{stdout}");
    assert!(Path::new("tests/fixtures/small.ron").exists());
}

#[test]
fn interactive_json_keeps_stdout_pure_json() {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_frontline"))
        .args(["play", "tests/fixtures/small.ron", "--text", "--seed", "3", "--json"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    child.stdin.take().expect("stdin").write_all(b"1\n1\n").expect("write");
    let out = child.wait_with_output().expect("wait");
    assert_eq!(out.status.code(), Some(0));
    let json: Value = serde_json::from_slice(&out.stdout).expect("stdout is one JSON document");
    assert_eq!(json["scenario_id"], "small");
    assert!(String::from_utf8_lossy(&out.stderr).contains("Ann:"));
}

#[cfg(unix)]
#[test]
fn devices_and_symlink_loops_do_not_hang_the_checker() {
    let dir = tempdir("odd");
    std::fs::copy("tests/fixtures/techniques.ron", dir.join("techniques.ron")).expect("copy");
    let text = std::fs::read_to_string("tests/fixtures/small.ron").expect("read");
    std::fs::write(dir.join("s.ron"), text.replace("Scenario(\n", "Scenario(\n    catalog: \"/dev/zero\",\n"))
        .expect("write");
    std::os::unix::fs::symlink(&dir, dir.join("loop")).expect("symlink");
    let out = frontline(&["check", dir.to_str().expect("utf8")]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("not a regular file"), "{stderr}");
    assert!(stderr.contains("2 file(s) checked"), "{stderr}");
}

#[test]
fn files_that_cannot_be_read_are_named_with_the_reason() {
    let dir = tempdir("unreadable");
    std::os::unix::fs::symlink(dir.join("nowhere.ron"), dir.join("ghost.ron")).expect("dangling link");
    std::os::unix::fs::symlink(dir.join("spin.ron"), dir.join("spin.ron")).expect("self link");
    std::fs::create_dir_all(dir.join("x.ron")).expect("a folder named x.ron");
    let big = dir.join("big.ron");
    std::fs::write(&big, vec![b' '; 5 * 1024 * 1024]).expect("write");
    let out = frontline(&["check", dir.to_str().expect("utf8"), "--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let json: Value = serde_json::from_slice(&out.stdout).expect("json output");
    let code_of = |name: &str| {
        let files = json["files"].as_array().expect("files");
        let file = files.iter().find(|f| f["file"].as_str().is_some_and(|n| n.ends_with(name)));
        file.and_then(|f| f["diagnostics"][0]["code"].as_str()).map(str::to_string)
    };
    assert_eq!(code_of("big.ron").as_deref(), Some("too-large"), "{json:#}");
    assert_eq!(code_of("ghost.ron").as_deref(), Some("io"), "{json:#}");
    assert_eq!(code_of("spin.ron").as_deref(), Some("io"), "{json:#}");
    // The folder named like a file is searched (it is empty), not read as a file.
    assert_eq!(code_of("x.ron"), None, "{json:#}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn without_a_display_the_game_names_the_terminal_mode() {
    let out = Command::new(env!("CARGO_BIN_EXE_frontline"))
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .output()
        .expect("run frontline");
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("no display"), "{stderr}");
    assert!(stderr.contains("frontline pick"), "{stderr}");
}

#[test]
fn unknown_language_is_a_usage_error() {
    assert_eq!(frontline(&["pick", "--lang", "fr"]).status.code(), Some(2));
    assert_eq!(frontline(&["play", "tests/fixtures/small.ron", "--text", "--lang", "fr"]).status.code(), Some(2));
}

#[test]
fn a_closed_pipe_ends_the_program_quietly() {
    // Like `frontline play … --json | head -c 100`: the reader is gone before anything is written.
    for args in [
        &["play", "tests/fixtures/small.ron", "--text", "--seed", "1", "--choices", "1,1", "--json"][..],
        &["play", "tests/fixtures/small.ron", "--text", "--seed", "1", "--choices", "1,1"][..],
        &["check", "tests/bad", "--format", "json"][..],
    ] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_frontline"))
            .args(args)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("spawn");
        drop(child.stdout.take());
        let out = child.wait_with_output().expect("wait");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert!(out.status.code().is_some_and(|c| c == 0 || c == 1), "{args:?}: {:?} {stderr}", out.status);
    }
}

#[test]
fn scripted_play_by_choice_ids_is_the_same_call_for_any_seed() {
    let mut endings = Vec::new();
    for seed in ["1", "2", "3"] {
        let out = frontline(&[
            "play",
            "tests/fixtures/small.ron",
            "--text",
            "--seed",
            seed,
            "--choice-ids",
            "a.listen,b.fixed",
            "--json",
        ]);
        assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
        let json: Value = serde_json::from_slice(&out.stdout).expect("json");
        let ids: Vec<&str> =
            json["turns"].as_array().expect("turns").iter().filter_map(|t| t["choice_id"].as_str()).collect();
        assert_eq!(ids, ["a.listen", "b.fixed"]);
        endings.push(json["ending"]["id"].as_str().map(str::to_string));
    }
    assert!(endings.iter().all(|e| e.as_deref() == Some("happy")), "{endings:?}");
    let out = frontline(&["play", "tests/fixtures/small.ron", "--text", "--seed", "1", "--choice-ids", "a.nope"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("choice `a.nope` is not on offer at node `a`"));
}

#[test]
fn check_reports_a_scenario_id_used_by_two_files() {
    let dir = tempdir("dup-ids");
    std::fs::copy("tests/fixtures/techniques.ron", dir.join("techniques.ron")).expect("copy");
    std::fs::copy("tests/fixtures/small.ron", dir.join("first.ron")).expect("copy");
    std::fs::copy("tests/fixtures/small.ron", dir.join("second.ron")).expect("copy");
    let out = frontline(&["check", dir.to_str().expect("utf8 path")]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("second.ron:3:9: error: scenario id `small` is already used by"), "{stderr}");
    assert!(stderr.contains("first.ron"), "{stderr}");
}

#[test]
fn a_learners_calls_are_recorded_and_their_progress_exported_and_forgotten() {
    let data = tempdir("progress-data");
    let data = data.to_str().expect("utf-8 path");
    for (file, seed) in [("late_flight.ron", "3"), ("lost_passport.ron", "4"), ("late_flight.ron", "5")] {
        let out = frontline(&[
            "--data-dir",
            data,
            "play",
            &format!("scenarios/{file}"),
            "--choices",
            "1,1,1,1,1,1,1,1,1,1,1,1",
            "--seed",
            seed,
            "--learner",
            "Wang Fang",
        ]);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        assert!(String::from_utf8_lossy(&out.stderr).contains("recorded for Wang Fang"));
    }
    let learners = frontline(&["--data-dir", data, "learners", "--format", "json"]);
    let learners: Value = serde_json::from_slice(&learners.stdout).expect("json");
    assert_eq!(learners[0]["name"], "Wang Fang");
    assert_eq!(learners[0]["attempts"], 3);

    // Without --learner: the only learner there is.
    let progress = frontline(&["--data-dir", data, "progress", "--json"]);
    assert!(progress.status.success(), "{}", String::from_utf8_lossy(&progress.stderr));
    let progress: Value = serde_json::from_slice(&progress.stdout).expect("json");
    assert_eq!(progress["attempts"].as_array().map(Vec::len), Some(3));
    let late = progress["scenarios"].as_array().expect("scenarios").iter().find(|s| s["scenario_id"] == "late_flight");
    assert_eq!(late.map(|s| s["attempts"].clone()), Some(Value::from(2)));
    assert!(progress["mastery"].as_array().is_some_and(|m| !m.is_empty()));
    assert!(progress["recommendation"]["scenario_id"].is_string());
    let text = frontline(&["--data-dir", data, "progress", "--lang", "zh"]);
    assert!(String::from_utf8_lossy(&text.stdout).contains("下一步练习："));

    // Export: JSON holds every attempt whole; CSV one row per decision (plus the header).
    let json = frontline(&["--data-dir", data, "export", "--learner", "Wang Fang"]);
    let json: Value = serde_json::from_slice(&json.stdout).expect("json");
    let attempts = json["attempts"].as_array().expect("attempts");
    let turns: usize = attempts.iter().map(|a| a["turns"].as_array().map_or(0, Vec::len)).sum();
    assert_eq!(attempts.len(), 3);
    let csv = frontline(&["--data-dir", data, "export", "--learner", "Wang Fang", "--format", "csv"]);
    let csv = String::from_utf8_lossy(&csv.stdout).into_owned();
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    assert_eq!(reader.records().count(), turns, "one CSV row per decision");

    // Forget asks first; --yes deletes.
    let refused = Command::new(env!("CARGO_BIN_EXE_frontline"))
        .args(["--data-dir", data, "forget", "--learner", "Wang Fang"])
        .stdin(std::process::Stdio::null())
        .output()
        .expect("run");
    assert!(!refused.status.success(), "no confirmation, nothing deleted");
    let gone = frontline(&["--data-dir", data, "forget", "--learner", "Wang Fang", "--yes"]);
    assert!(gone.status.success());
    let after = frontline(&["--data-dir", data, "progress", "--learner", "Wang Fang"]);
    assert!(!after.status.success());
    assert!(String::from_utf8_lossy(&after.stderr).contains("no learner named"));
}

#[test]
fn a_data_folder_that_cannot_be_used_does_not_stop_play() {
    let dir = tempdir("blocked-data");
    let blocker = dir.join("not-a-folder");
    std::fs::write(&blocker, b"x").expect("write");
    let out = frontline(&[
        "--data-dir",
        blocker.to_str().expect("utf-8"),
        "play",
        "scenarios/late_flight.ron",
        "--choices",
        "1,1,1,1,1,1,1,1,1,1",
        "--seed",
        "1",
        "--learner",
        "Ann",
    ]);
    assert!(out.status.success(), "the call is played and its debrief printed");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.matches("progress is not being saved").count(), 1, "said once: {stderr}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("=="), "the transcript is there");
}

/// A scenario folder with the fixture scenario (`b.promise` marked critical) and an exam set.
fn exam_folder(name: &str) -> std::path::PathBuf {
    let dir = tempdir(name);
    std::fs::create_dir_all(dir.join("exams")).expect("exams");
    let small = std::fs::read_to_string("tests/fixtures/small.ron").expect("fixture");
    let small = small.replacen("id: \"b.promise\",", "id: \"b.promise\",\n                    critical: true,", 1);
    std::fs::write(dir.join("small.ron"), small).expect("write");
    std::fs::copy("tests/fixtures/techniques.ron", dir.join("techniques.ron")).expect("copy");
    std::fs::write(
        dir.join("exams/cert.ron"),
        r#"ExamSet(
    id: "cert",
    title: (en: "Cert", zh: "认证"),
    instructions: (en: "One call.", zh: "一通电话。"),
    scenarios: [(id: "small")],
    seeds: Fixed(5),
    pass_each: (overall: 50),
    pass_set: (overall: 50),
    attempts_allowed: 2,
)"#,
    )
    .expect("exam");
    dir
}

#[test]
fn an_exam_is_passed_failed_on_a_critical_choice_and_limited_in_attempts() {
    let dir = exam_folder("exam");
    let data = dir.join("data");
    let (set, data) = (dir.join("exams/cert.ron"), data.to_str().expect("utf-8").to_string());
    let sit = |learner: &str, script: &str| {
        frontline(&[
            "--data-dir",
            &data,
            "exam",
            set.to_str().expect("utf-8"),
            "--learner",
            learner,
            "--script",
            script,
            "--json",
        ])
    };
    let passed = sit("Ann", "a.listen,b.fixed");
    assert!(passed.status.success(), "{}", String::from_utf8_lossy(&passed.stderr));
    let verdict: Value = serde_json::from_slice(&passed.stdout).expect("json");
    assert_eq!(verdict["passed"], true, "{verdict}");

    let critical = sit("Bo", "a.listen,b.promise");
    let verdict: Value = serde_json::from_slice(&critical.stdout).expect("json");
    assert_eq!(verdict["passed"], false);
    assert_eq!(verdict["scenarios"][0]["reasons"][0]["CriticalChoice"]["choice_id"], "b.promise", "{verdict}");

    // Bo's second sitting is allowed, the third is not.
    assert!(sit("Bo", "a.listen,b.fixed").status.success());
    let refused = sit("Bo", "a.listen,b.fixed");
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("every attempt allowed has been used (2 of 2)"));

    // Exam attempts are recorded as such.
    let export = frontline(&["--data-dir", &data, "export", "--learner", "Bo"]);
    let export: Value = serde_json::from_slice(&export.stdout).expect("json");
    let attempts = export["attempts"].as_array().expect("attempts");
    assert_eq!(attempts.len(), 2);
    assert!(attempts.iter().all(|a| a["mode"] == "exam" && a["exam"]["set_id"] == "cert"));

    // The text result page, in Chinese, with the reason.
    let text = frontline(&[
        "--data-dir",
        &data,
        "exam",
        set.to_str().expect("utf-8"),
        "--learner",
        "Cy",
        "--lang",
        "zh",
        "--script",
        "a.listen,b.promise",
    ]);
    let page = String::from_utf8_lossy(&text.stdout);
    assert!(page.contains("未通过") && page.contains("b.promise"), "{page}");
}

#[test]
fn check_reads_exam_sets_with_their_diagnostics() {
    let dir = exam_folder("exam-check");
    let bad =
        std::fs::read_to_string(dir.join("exams/cert.ron")).expect("read").replace("(id: \"small\")", "(id: \"smal\")");
    std::fs::write(dir.join("exams/cert.ron"), bad).expect("write");
    let out = frontline(&["check", dir.to_str().expect("utf-8")]);
    assert!(!out.status.success());
    let text = String::from_utf8_lossy(&out.stdout) + String::from_utf8_lossy(&out.stderr);
    assert!(text.contains("cert.ron:5:22: error: no scenario with id `smal`"), "{text}");
    assert!(text.contains("did you mean `small`?"), "{text}");
}

#[test]
fn signed_results_are_verified_by_signature_and_replay() {
    let dir = exam_folder("signed");
    let s = |p: &Path| p.to_str().expect("utf-8").to_string();
    let (data, keys, results) = (dir.join("data"), dir.join("keys"), dir.join("results"));
    assert!(frontline(&["class", "keygen", "--out", &s(&keys)]).status.success());
    let key = keys.join("exam-signing.key");
    let public = s(&keys.join("exam-signing.pub"));
    let sat = frontline(&[
        "--data-dir",
        &s(&data),
        "exam",
        &s(&dir.join("exams/cert.ron")),
        "--learner",
        "Ann",
        "--script",
        "a.listen,b.fixed",
        "--signing-key",
        &s(&key),
        "--results",
        &s(&results),
    ]);
    assert!(sat.status.success(), "{}", String::from_utf8_lossy(&sat.stderr));
    let result = std::fs::read_dir(&results).expect("results").next().expect("one file").expect("entry").path();
    let original = std::fs::read_to_string(&result).expect("read");
    let check = |name: &str, text: &str, key: &str| -> String {
        let path = dir.join(name);
        std::fs::write(&path, text).expect("write");
        let out = frontline(&["--scenarios", &s(&dir), "verify", &s(&path), "--public-key", key]);
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    assert!(check("valid.json", &original, &public).ends_with(": valid\n"));
    // The result names the Frontline that wrote it, and the signature covers that too.
    let version =
        String::from_utf8_lossy(&frontline(&["--version"]).stdout).trim().replacen("frontline", "Frontline", 1);
    assert!(original.contains(&format!("\"written_by\": \"{version}\"")), "{original}");
    let other_version = original.replacen("(commit ", "(commit 0", 1);
    assert!(check("version.json", &other_version, &public).contains("tampered: the signature does not match"));
    // An edited score, an edited choice, another key, a truncated file, not JSON.
    let edited = original.replacen("\"overall\": 72", "\"overall\": 99", 1);
    assert_ne!(edited, original, "this call scores 72");
    assert!(check("score.json", &edited, &public).contains("tampered: scenarios[0].overall"));
    let choice = original.replace("\"b.fixed\"", "\"b.rest\"");
    assert!(check("choice.json", &choice, &public).contains("tampered"));
    let name = original.replace("\"Ann\"", "\"Eve\"");
    assert!(check("name.json", &name, &public).contains("tampered: the signature does not match"));
    assert!(frontline(&["class", "keygen", "--out", &s(&dir.join("other"))]).status.success());
    assert!(
        check("other.json", &original, &s(&dir.join("other/exam-signing.pub"))).contains("signed with another key")
    );
    assert!(check("cut.json", &original[..original.len() / 2], &public).contains("unreadable"));
    assert!(check("text.json", "not a result", &public).contains("unreadable"));
    // The scenario changed since the exam.
    let scenario = std::fs::read_to_string(dir.join("small.ron")).expect("read");
    std::fs::write(dir.join("small.ron"), scenario.replace("Tell me more.", "Tell me more, please.")).expect("write");
    assert!(check("changed.json", &original, &public).contains("scenario changed: `small`"));
    // Without a key, an exam still runs and its result says unsigned.
    std::fs::write(dir.join("small.ron"), scenario).expect("restore");
    let unsigned = frontline(&[
        "--data-dir",
        &s(&data),
        "exam",
        &s(&dir.join("exams/cert.ron")),
        "--learner",
        "Bo",
        "--script",
        "a.listen,b.fixed",
        "--results",
        &s(&dir.join("unsigned")),
    ]);
    assert!(String::from_utf8_lossy(&unsigned.stderr).contains("unsigned"));
    let file = std::fs::read_dir(dir.join("unsigned")).expect("dir").next().expect("file").expect("entry").path();
    let out = frontline(&["--scenarios", &s(&dir), "verify", &s(&file), "--public-key", &public]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("unsigned"));
    assert!(!out.status.success(), "an unsigned result is not valid when a key is expected");
}

#[test]
fn the_class_report_reads_the_store_or_a_folder_of_results() {
    let dir = exam_folder("class-report");
    let s = |p: &Path| p.to_str().expect("utf-8").to_string();
    let (data, results, set) = (s(&dir.join("data")), s(&dir.join("results")), s(&dir.join("exams/cert.ron")));
    for (learner, script) in [("Ann", "a.listen,b.fixed"), ("Bo", "a.listen,b.promise"), ("Cy", "a.calm_down,b.fixed")]
    {
        let out = frontline(&[
            "--data-dir",
            &data,
            "exam",
            &set,
            "--learner",
            learner,
            "--script",
            script,
            "--results",
            &results,
        ]);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    }
    let csv = frontline(&["--data-dir", &data, "report", "--exam", &set, "--format", "csv"]);
    assert!(csv.status.success(), "{}", String::from_utf8_lossy(&csv.stderr));
    let csv = String::from_utf8_lossy(&csv.stdout).into_owned();
    let rows: Vec<&str> = csv.lines().collect();
    assert_eq!(rows.len(), 4, "{csv}");
    assert!(rows[1].starts_with("Ann,true,") && rows[2].starts_with("Bo,false,"), "{csv}");
    let json =
        frontline(&["--scenarios", &s(&dir), "report", "--exam", &set, "--results", &results, "--format", "json"]);
    let json: Value = serde_json::from_slice(&json.stdout).expect("json");
    assert_eq!(json["learners"].as_array().map(Vec::len), Some(3));
    assert!(json["decisions"].as_array().is_some_and(|d| !d.is_empty()));
    let html = frontline(&["--data-dir", &data, "report", "--exam", &set]);
    assert!(String::from_utf8_lossy(&html.stdout).contains("<svg"));
}

/// One request a fake LRS saw.
#[derive(Clone, Debug)]
struct Seen {
    method: String,
    path: String,
    headers: String,
}

/// A loopback fake LRS for faults: `respond(method, path, body)` gives (status, body, delay).
fn fake_lrs(
    port: u16,
    respond: impl Fn(&str, &str, &str) -> (u16, String, u64) + Send + Sync + 'static,
) -> std::sync::Arc<std::sync::Mutex<Vec<Seen>>> {
    use std::io::{BufRead, BufReader, Read, Write};
    let listener = std::net::TcpListener::bind(("127.0.0.1", port)).expect("bind");
    let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let log = seen.clone();
    let respond = std::sync::Arc::new(respond);
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let (log, respond) = (log.clone(), respond.clone());
            // One thread per connection: a slow reply does not hold up the next request.
            std::thread::spawn(move || {
                let mut reader = BufReader::new(stream.try_clone().expect("clone"));
                let mut request_line = String::new();
                if reader.read_line(&mut request_line).is_err() {
                    return;
                }
                let mut headers = String::new();
                let mut length = 0usize;
                loop {
                    let mut line = String::new();
                    if reader.read_line(&mut line).is_err() || line == "\r\n" || line.is_empty() {
                        break;
                    }
                    if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                        length = v.trim().parse().unwrap_or(0);
                    }
                    headers.push_str(&line);
                }
                let mut body = vec![0u8; length];
                let _ = reader.read_exact(&mut body);
                let mut parts = request_line.split_whitespace();
                let (method, path) = (parts.next().unwrap_or("").to_string(), parts.next().unwrap_or("").to_string());
                let body = String::from_utf8_lossy(&body).into_owned();
                log.lock().expect("log").push(Seen { method: method.clone(), path: path.clone(), headers });
                let (status, reply, delay) = respond(&method, &path, &body);
                std::thread::sleep(std::time::Duration::from_millis(delay));
                let _ = write!(
                    stream,
                    "HTTP/1.1 {status} X\r\nContent-Length: {}\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n{reply}",
                    reply.len()
                );
            });
        }
    });
    seen
}

#[test]
fn xapi_statements_reach_an_lrs_and_wait_in_the_outbox_when_it_fails() {
    let dir = exam_folder("xapi");
    let s = |p: &Path| p.to_str().expect("utf-8").to_string();
    let data = s(&dir.join("data"));
    let set = s(&dir.join("exams/cert.ron"));
    let sat = frontline(&["--data-dir", &data, "exam", &set, "--learner", "Ann", "--script", "a.listen,b.fixed"]);
    assert!(sat.status.success(), "{}", String::from_utf8_lossy(&sat.stderr));
    let printed = frontline(&["--data-dir", &data, "--scenarios", &s(&dir), "export-xapi", "--exam", &set]);
    let statements: Value = serde_json::from_slice(&printed.stdout).expect("json");
    let count = statements.as_array().map_or(0, Vec::len);
    assert!(count >= 5, "initialized, answered x2, completed, passed, terminated");

    // Nobody listening yet: refused connections; everything waits in the outbox.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = closed.local_addr().expect("addr").port();
    drop(closed);
    let endpoint = format!("http://127.0.0.1:{port}/xapi");
    let send = |command: &str| {
        let scen = s(&dir);
        let mut args = vec!["--data-dir", &data, "--scenarios", &scen, command, "--endpoint", &endpoint];
        args.extend(["--auth", "key:secret", "--timeout", "1"]);
        if command == "export-xapi" {
            args.extend(["--exam", &set]);
        }
        frontline(&args)
    };
    let refused = send("export-xapi");
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stdout).contains(&format!("waiting {count}")));

    // The LRS starts, failing at first (500), then slow (past the timeout), then well.
    let mode = std::sync::Arc::new(std::sync::atomic::AtomicU8::new(0));
    let by_id: std::collections::HashMap<String, String> = statements
        .as_array()
        .expect("array")
        .iter()
        .map(|st| (st["id"].as_str().unwrap_or_default().to_string(), st.to_string()))
        .collect();
    let m = mode.clone();
    let seen = fake_lrs(port, move |method, path, _| match m.load(std::sync::atomic::Ordering::SeqCst) {
        0 => (500, String::new(), 0),
        1 => (204, String::new(), 1_500),
        2 => (204, String::new(), 0),
        _ => {
            let id = path.split("statementId=").nth(1).unwrap_or_default().to_string();
            if method == "PUT" {
                (409, String::new(), 0)
            } else {
                (200, by_id.get(&id).cloned().unwrap_or_default(), 0)
            }
        }
    });
    assert!(String::from_utf8_lossy(&send("sync").stdout).contains(&format!("waiting {count}")));
    mode.store(1, std::sync::atomic::Ordering::SeqCst);
    let slow = send("sync");
    assert!(String::from_utf8_lossy(&slow.stdout).contains("waiting"), "{}", String::from_utf8_lossy(&slow.stdout));

    // The LRS answers well: sync sends what waits, with the version header and the credentials.
    mode.store(2, std::sync::atomic::Ordering::SeqCst);
    seen.lock().expect("log").clear();
    let done = send("sync");
    assert!(done.status.success(), "{}", String::from_utf8_lossy(&done.stdout));
    let log = seen.lock().expect("log").clone();
    let puts = log.iter().filter(|r| r.method == "PUT").count();
    assert!(puts >= 1 && puts <= count, "{puts} of {count}");
    assert!(log.iter().all(|r| r.path.starts_with("/xapi/statements?statementId=")));
    assert!(log.iter().all(|r| r.headers.to_ascii_lowercase().contains("x-experience-api-version: 1.0.3")));
    assert!(log.iter().all(|r| r.headers.contains("Basic a2V5OnNlY3JldA==")), "key:secret in Basic auth");
    assert!(String::from_utf8_lossy(&send("sync").stdout).contains("sent 0, already stored 0, waiting 0"));

    // Sending again: the LRS has them already (409), and the GET shows the same statements.
    mode.store(3, std::sync::atomic::Ordering::SeqCst);
    let again = send("export-xapi");
    assert!(
        String::from_utf8_lossy(&again.stdout).contains(&format!("already stored {count}")),
        "{}",
        String::from_utf8_lossy(&again.stdout)
    );
}

#[test]
fn the_shipped_library_analyses_clean_with_its_coverage() {
    // Every scenario in the folder (the exam sets in scenarios/exams/ are not scenarios).
    let shipped = frontline::core::library::scenario_files(Path::new("scenarios"))
        .into_iter()
        .filter(|p| p.parent() == Some(Path::new("scenarios")))
        .count();
    assert!(shipped >= 3, "{shipped}");
    let out = frontline(&["analyze", "scenarios"]);
    let (stdout, stderr) = (String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert_eq!(out.status.code(), Some(0), "{stdout}\n{stderr}");
    assert!(stderr.contains(&format!("ok: {shipped} scenario(s) analysed, 0 problem(s) to fix")), "{stderr}");
    assert!(stdout.contains("Library coverage"), "{stdout}");
    assert!(stdout.contains("--choice-ids "), "the best call is printed ready to replay: {stdout}");
    let out = frontline(&["analyze", "scenarios", "--json"]);
    let json: Value = serde_json::from_slice(&out.stdout).expect("json output");
    let files = json["files"].as_array().expect("files");
    assert_eq!(files.len(), shipped);
    for f in files {
        let a = &f["analysis"];
        // The perfect call scores 100, and length does not give the answer away.
        assert_eq!(a["best_call"]["overall"], 100, "{}", f["file"]);
        for s in a["strategies"].as_array().expect("strategies") {
            if s["lang"].is_string() {
                assert!(s["overall_high"].as_u64().unwrap_or(100) <= 35, "{}: {s}", f["file"]);
            }
        }
    }
    let library = &json["coverage"]["length"];
    for lang in library.as_array().expect("library length cues") {
        let (longest, nodes) =
            (lang["best_is_longest"].as_u64().unwrap_or(0), lang["decision_nodes"].as_u64().unwrap_or(1));
        assert!(longest * 100 <= 40 * nodes, "best option longest in {longest} of {nodes}");
    }
}

#[test]
fn the_best_call_printed_by_analyze_replays_to_its_score() {
    let out = frontline(&["analyze", "scenarios/late_flight.ron", "--json"]);
    let json: Value = serde_json::from_slice(&out.stdout).expect("json output");
    let best = &json["files"][0]["analysis"]["best_call"];
    let ids: Vec<&str> = best["choices"].as_array().expect("choices").iter().filter_map(|c| c.as_str()).collect();
    let seed = best["seed"].to_string();
    let out =
        frontline(&["play", "scenarios/late_flight.ron", "--seed", &seed, "--choice-ids", &ids.join(","), "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let report: Value = serde_json::from_slice(&out.stdout).expect("report");
    assert_eq!(report["overall"], best["overall"]);
}

#[test]
fn smells_are_reported_at_file_line_col_and_fail_the_run() {
    let out = frontline(&["analyze", "tests/fixtures/analysis/ratio.ron"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("tests/fixtures/analysis/ratio.ron:28:17: warning: `L2`"), "{stderr}");
    assert!(stderr.contains("a perfect call cannot earn it"), "{stderr}");
    assert!(stderr.contains("FAILED: 1 scenario(s) analysed"), "{stderr}");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("overall 15–65"), "{stdout}");
}

#[test]
fn the_map_renders_with_graphviz_and_as_mermaid() {
    let out = frontline(&["graph", "scenarios/lost_passport.ron", "--format", "mermaid"]);
    assert_eq!(out.status.code(), Some(0));
    let mermaid = String::from_utf8_lossy(&out.stdout);
    assert!(mermaid.starts_with("flowchart LR\n") && mermaid.contains("-->|"), "{mermaid}");
    let out = frontline(&["graph", "scenarios/lost_passport.ron", "--format", "dot", "--lang", "zh"]);
    assert_eq!(out.status.code(), Some(0));
    let dir = tempdir("graph");
    let dot_file = dir.join("map.dot");
    std::fs::write(&dot_file, &out.stdout).expect("write dot");
    // `make test` installs Graphviz; without it (a bare `cargo test`) the render is skipped.
    let Ok(render) = Command::new("dot").arg("-Tsvg").arg(&dot_file).output() else {
        eprintln!("note: Graphviz `dot` is not installed; the DOT output was not rendered");
        return;
    };
    let warnings = String::from_utf8_lossy(&render.stderr);
    assert_eq!(render.status.code(), Some(0), "{warnings}");
    assert!(warnings.trim().is_empty(), "dot printed warnings: {warnings}");
    let svg = String::from_utf8_lossy(&render.stdout);
    assert!(svg.contains("<svg") && svg.contains("handover"), "the map names the nodes");
}

#[test]
fn a_generated_benchmark_scenario_checks_and_analyses() {
    let dir = tempdir("gen-bench");
    std::fs::copy("scenarios/techniques.ron", dir.join("techniques.ron")).expect("catalog");
    let out = frontline(&["gen-bench", "--nodes", "300", "--seed", "3"]);
    assert_eq!(out.status.code(), Some(0));
    std::fs::write(dir.join("generated.ron"), &out.stdout).expect("write");
    let path = dir.join("generated.ron");
    let out = frontline(&["check", path.to_str().unwrap_or_default(), "--deny-warnings"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let out = frontline(&["analyze", path.to_str().unwrap_or_default(), "--json"]);
    let json: Value = serde_json::from_slice(&out.stdout).expect("json output");
    assert!(json["files"][0]["analysis"]["states"].as_u64().unwrap_or(0) > 300);
}

#[test]
fn a_utf16_file_is_told_to_be_saved_as_utf8() {
    let out = frontline(&["check", "tests/bad/utf16.ron"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("UTF-16") && stderr.contains("save it as UTF-8"), "{stderr}");
}
