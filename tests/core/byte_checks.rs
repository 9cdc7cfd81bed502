//! What any bytes must give, read as a scenario, an exam set, a result file or a settings file:
//! diagnostics that render, never a panic; a scenario that loads plays to its end; settings that,
//! once read, stay in range and survive a save. Called by the fuzz targets `check_scenario` and
//! `parse_records` and, over their committed corpus and every file of tests/bad, by the tests.

use frontline::core::engine::Conversation;
use frontline::core::exam::check_exam_set;
use frontline::core::exam::result::{check_result, verify};
use frontline::core::ids::OptionNumber;
use frontline::core::load::{FileKind, SourceFile, parse_catalog, parse_exam_set, parse_settings};
use frontline::core::loader::{AssumeAssetsExist, CatalogInput, FileReport, LoadedScenario, load_scenario_text};
use frontline::core::settings::{UI_SCALE, VOLUME};
use std::sync::OnceLock;

const CATALOG: &str = include_str!("../../scenarios/techniques.ron");
const SMALL: &str = include_str!("../fixtures/small.ron");

/// The scenarios exam sets and results are checked against: the small fixture, from memory.
fn library() -> &'static [LoadedScenario] {
    static LIBRARY: OnceLock<Vec<LoadedScenario>> = OnceLock::new();
    LIBRARY.get_or_init(|| {
        let outcome = load_scenario_text(
            SourceFile::from_text("small.ron", SMALL),
            |_| CatalogInput::Text(SourceFile::from_text("techniques.ron", CATALOG)),
            &AssumeAssetsExist,
        );
        outcome.loaded.into_iter().collect()
    })
}

/// Reads `data` as each kind of record; panics only when a property breaks.
pub fn parse_records(data: &[u8]) {
    let source = match SourceFile::from_bytes("record.ron", data.to_vec()) {
        Ok(s) => s,
        Err(d) => {
            let _ = d.headline();
            return;
        }
    };
    let render = |kind, diagnostics| {
        let _ = FileReport::new(&source.name, &source.text, Some(kind), diagnostics).render();
    };
    match parse_exam_set(source.clone()) {
        Ok(parsed) => render(FileKind::ExamSet, check_exam_set(&parsed, library())),
        Err(d) => render(FileKind::ExamSet, vec![*d]),
    }
    match parse_settings(source.clone()) {
        Ok(parsed) => {
            let diagnostics = frontline::core::settings::check_settings(&parsed);
            render(FileKind::Settings, diagnostics);
            let settings = parsed.value.sanitized();
            assert!(VOLUME.contains(&settings.volume) && UI_SCALE.contains(&settings.ui_scale), "{settings:?}");
            let text = ron::ser::to_string_pretty(&settings, ron::ser::PrettyConfig::default().struct_names(true))
                .expect("settings serialise");
            let back = parse_settings(SourceFile::from_text("settings.ron", text.clone()))
                .unwrap_or_else(|d| panic!("saved settings read back: {}\n{text}", d.render(&text)));
            assert_eq!(back.value.sanitized(), settings, "saved settings read back differently:\n{text}");
        }
        Err(d) => render(FileKind::Settings, vec![*d]),
    }
    render(FileKind::ExamResult, check_result(&source));
    let _ = verify(&source.text, None, library(), None);
}

/// Reads `data` as a catalog and as a scenario (with the shipped catalog); whatever loads is
/// played to its end, always taking the first option.
pub fn check_scenario(data: &[u8]) {
    let Ok(source) = SourceFile::from_bytes("fuzz.ron", data.to_vec()) else { return };
    let _ = parse_catalog(source.clone());
    let outcome = load_scenario_text(
        source,
        |_| CatalogInput::Text(SourceFile::from_text("techniques.ron", CATALOG)),
        &AssumeAssetsExist,
    );
    let _ = outcome.report.render();
    let Some(loaded) = outcome.loaded else { return };
    let Ok((mut conversation, _)) = Conversation::start(loaded.scenario, 1) else { return };
    for _ in 0..200 {
        if conversation.is_over() || conversation.select(OptionNumber(1)).is_err() {
            break;
        }
    }
}
