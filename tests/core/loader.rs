//! The one loader over text: no disk needed, the same result as loading from disk, catalog
//! problems reported on the scenario, the content fingerprint, and scenario ids unique across a folder.

use frontline::core::diagnostic::Diagnostic;
use frontline::core::fingerprint::Fingerprint;
use frontline::core::library::{check_paths, load_scenario};
use frontline::core::load::SourceFile;
use frontline::core::loader::{AssumeAssetsExist, CatalogInput, LoadOutcome, load_scenario_text};
use std::path::Path;

const SMALL: &str = include_str!("../fixtures/small.ron");
const CATALOG: &str = include_str!("../fixtures/techniques.ron");

fn from_text(scenario: &str, catalog: &str) -> LoadOutcome {
    let mut asked = None;
    let outcome = load_scenario_text(
        SourceFile::from_text("small.ron", scenario),
        |name| {
            asked = Some(name.to_string());
            CatalogInput::Text(SourceFile::from_text("techniques.ron", catalog))
        },
        &AssumeAssetsExist,
    );
    assert_eq!(asked.as_deref(), Some("techniques.ron"), "the loader asks for the catalog the scenario names");
    outcome
}

#[test]
fn a_scenario_loads_from_text_alone() {
    let outcome = from_text(SMALL, CATALOG);
    assert_eq!(outcome.report.errors(), 0, "{}", outcome.report.render());
    let loaded = outcome.loaded.expect("loads");
    assert_eq!(loaded.scenario.id, "small");
    assert_eq!(loaded.path, Path::new("small.ron"));
    assert!(loaded.catalog.get("L1").is_some());
    assert_eq!(loaded.fingerprint, Fingerprint::of(&*loaded.scenario));
}

#[test]
fn text_and_disk_give_the_same_scenario() {
    let from_disk = load_scenario(Path::new("tests/fixtures/small.ron")).unwrap_or_else(|r| panic!("{}", r.render()));
    let from_text = from_text(SMALL, CATALOG).loaded.expect("loads");
    assert_eq!(from_disk.scenario, from_text.scenario);
    assert_eq!(from_disk.fingerprint, from_text.fingerprint);
}

#[test]
fn a_broken_catalog_is_reported_on_the_scenario_with_the_catalog_text_for_context() {
    let broken = CATALOG.replacen("id: \"L1\"", "id: \"R1\"", 1);
    let outcome = from_text(SMALL, &broken);
    assert!(outcome.loaded.is_none());
    let head = outcome.report.diagnostics.iter().find(|d| d.code == "catalog").expect("a catalog error");
    assert!(head.notes.iter().any(|n| n.contains("techniques.ron") && n.contains("defined twice")), "{head:?}");
    assert!(outcome.report.render().contains("the technique catalog `techniques.ron` could not be loaded"));
}

#[test]
fn an_unreadable_catalog_says_why() {
    let outcome = load_scenario_text(
        SourceFile::from_text("small.ron", SMALL),
        |name| CatalogInput::Unreadable(Box::new(Diagnostic::error("io", name, "no such file"))),
        &AssumeAssetsExist,
    );
    assert!(outcome.loaded.is_none());
    let head = outcome.report.diagnostics.iter().find(|d| d.code == "catalog").expect("a catalog error");
    assert!(head.notes.iter().any(|n| n.contains("no such file")), "{head:?}");
    assert!(head.location.is_some(), "it points at the scenario's `catalog` field or the file start");
}

#[test]
fn a_syntax_error_stops_before_the_catalog_is_read() {
    let outcome = load_scenario_text(
        SourceFile::from_text("small.ron", SMALL.replacen("minutes: 2,", "minutes: 2", 1)),
        |_| panic!("the catalog must not be read for a file that does not parse"),
        &AssumeAssetsExist,
    );
    assert_eq!(outcome.report.diagnostics[0].code, "syntax");
}

#[test]
fn the_fingerprint_ignores_layout_and_comments_but_not_content() {
    let base = from_text(SMALL, CATALOG).loaded.expect("loads").fingerprint;
    let relaid = SMALL.replace("    ", "\t").replacen("Scenario(", "// a comment\nScenario(", 1);
    assert_eq!(from_text(&relaid, CATALOG).loaded.expect("loads").fingerprint, base);
    let edited = SMALL.replacen("Tell me more.", "Tell me more, please.", 1);
    assert_ne!(from_text(&edited, CATALOG).loaded.expect("loads").fingerprint, base);
}

#[test]
fn the_fingerprint_of_the_fixture_is_pinned() {
    // The canonical form is the project's own (see src/core/fingerprint.rs): this value may only
    // change when the fixture or the model changes, never with a dependency upgrade.
    let loaded = from_text(SMALL, CATALOG).loaded.expect("loads");
    assert_eq!(loaded.fingerprint.to_hex(), PINNED_SMALL_FINGERPRINT);
}

const PINNED_SMALL_FINGERPRINT: &str = "97de05fb20a57f99c7459203e3f9e4c9c2e81fc198a752d24889f241ce22f5ad";

fn temp_folder(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("frontline-loader-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp folder");
    dir
}

#[test]
fn two_files_with_one_scenario_id_is_an_error_naming_both() {
    let dir = temp_folder("dup");
    std::fs::write(dir.join("techniques.ron"), CATALOG).expect("write");
    std::fs::write(dir.join("a.ron"), SMALL).expect("write");
    std::fs::write(dir.join("b.ron"), SMALL).expect("write");
    let reports = check_paths(std::slice::from_ref(&dir)).expect("checks");
    let a = reports.iter().find(|r| r.name.ends_with("a.ron")).expect("a");
    let b = reports.iter().find(|r| r.name.ends_with("b.ron")).expect("b");
    assert_eq!(a.errors(), 0, "the first file keeps its id");
    let d = b.diagnostics.iter().find(|d| d.code == "duplicate-scenario-id").expect("duplicate error");
    assert!(d.message.contains("a.ron"), "{}", d.message);
    assert!(d.notes.iter().any(|n| n.contains("a.ron") && n.contains("b.ron")), "{d:?}");
    let at = d.location.expect("placed");
    assert_eq!((at.line, at.col), (3, 9), "at the value of `id:` in b.ron");
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn random_bytes_never_panic() {
    // A fixed pseudo-random generator: reproducible garbage, including RON-ish fragments.
    let mut x: u64 = 0x1234_5678;
    let mut next = || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    let small = std::fs::read("tests/fixtures/small.ron").expect("fixture");
    for i in 0..300 {
        let bytes: Vec<u8> = if i % 2 == 0 {
            (0..(next() % 400)).map(|_| (next() % 256) as u8).collect()
        } else {
            // Mutate the valid fixture: truncate and flip bytes.
            let mut b = small.clone();
            b.truncate((next() as usize) % b.len());
            for _ in 0..(next() % 5) {
                if b.is_empty() {
                    break;
                }
                let at = (next() as usize) % b.len();
                b[at] = (next() % 128) as u8;
            }
            b
        };
        match SourceFile::from_bytes("fuzz.ron", bytes) {
            Ok(src) => {
                if let Ok(parsed) = frontline::core::load::parse_scenario(src) {
                    let _ = frontline::core::check::check_scenario(&parsed, None, &AssumeAssetsExist);
                }
            }
            Err(d) => assert!(d.is_error()),
        }
    }
}
