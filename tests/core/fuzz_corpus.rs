//! The committed fuzz corpus (tests/fuzz_corpus/<target>/) replayed as ordinary tests, through the very
//! checks the fuzz targets run; and every file of the bad-input corpus through the byte checks.

use crate::byte_checks::{check_scenario, parse_records};
use crate::drawn_checks::{analyse_drawn, play_drawn};
use std::path::{Path, PathBuf};

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    for path in entries.filter_map(Result::ok).map(|e| e.path()) {
        if path.is_dir() {
            out.extend(files_under(&path));
        } else if path.is_file() {
            out.push(path);
        }
    }
    out.sort();
    out
}

/// Runs `check` on every file under `dir`, naming the file that fails; returns how many ran.
fn replay(dir: &str, check: fn(&[u8])) -> usize {
    let files = files_under(Path::new(dir));
    for file in &files {
        let data = std::fs::read(file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        if let Err(panic) = std::panic::catch_unwind(|| check(&data)) {
            let why =
                panic.downcast_ref::<String>().cloned().or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()));
            panic!("{}: {}", file.display(), why.unwrap_or_default());
        }
    }
    files.len()
}

#[test]
fn the_check_scenario_corpus_replays() {
    assert!(replay("tests/fuzz_corpus/check_scenario", check_scenario) > 0);
}

#[test]
fn the_parse_records_corpus_replays() {
    assert!(replay("tests/fuzz_corpus/parse_records", parse_records) > 0);
}

#[test]
fn the_play_drawn_corpus_replays() {
    assert!(replay("tests/fuzz_corpus/play_drawn", play_drawn) > 0);
}

#[test]
fn the_analyse_drawn_corpus_replays() {
    assert!(replay("tests/fuzz_corpus/analyse_drawn", analyse_drawn) > 0);
}

#[test]
fn every_bad_input_is_read_without_a_panic_as_every_kind_of_file() {
    assert!(replay("tests/bad", check_scenario) >= 80);
    replay("tests/bad", parse_records);
}
