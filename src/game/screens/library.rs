//! Scenario library: a card per scenario file, broken files listed with their error.

use crate::core::text::Lang;
use crate::core::ui_text::{Text, fill, t};
use crate::game::progress::{LearnerResults, ResumeAction, ResumeOffer};
use crate::game::scenario_asset::{RescanLibrary, ScenarioAsset, ScenarioLibrary};
use crate::game::screen::GoTo;
use crate::game::screen::Screen;
use crate::game::screens::map::OpenMap;
use crate::game::session::{StartCall, StartError};
use crate::game::settings::Settings;
use crate::game::style::{ACCENT, BAD, MUTED, root_ui};
use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};
use std::path::PathBuf;

/// Marks the library screen's lifetime.
#[derive(Component)]
pub struct LibraryScreen;

fn enter(mut commands: Commands, mut rescan: MessageWriter<RescanLibrary>) {
    commands.spawn((Name::new("Library screen"), LibraryScreen, DespawnOnExit(Screen::Library)));
    rescan.write(RescanLibrary);
}

/// Files that can be played right now, in display order (the number keys follow it).
pub fn playable(library: &ScenarioLibrary, scenarios: &Assets<ScenarioAsset>) -> Vec<PathBuf> {
    library
        .in_display_order(scenarios)
        .into_iter()
        .filter(|e| library.playable(&e.file, scenarios).is_some())
        .map(|e| e.file.clone())
        .collect()
}

/// How many of a scenario's techniques its card names; the rest are listed on hover.
pub const TECHNIQUES_ON_CARD: usize = 4;

#[allow(clippy::too_many_arguments)] // a Bevy system: each parameter is a resource it reads or writes
fn keyboard(
    keys: Res<ButtonInput<KeyCode>>,
    library: Res<ScenarioLibrary>,
    scenarios: Res<Assets<ScenarioAsset>>,
    resume: Res<ResumeOffer>,
    mut resumes: MessageWriter<ResumeAction>,
    mut starts: MessageWriter<StartCall>,
    mut go: MessageWriter<GoTo>,
) {
    if keys.just_pressed(KeyCode::Escape) {
        go.write(GoTo(Screen::Title));
        return;
    }
    if keys.just_pressed(KeyCode::KeyP) {
        go.write(GoTo(Screen::Progress));
        return;
    }
    // R resumes the call left unfinished, when there is one that can resume.
    if keys.just_pressed(KeyCode::KeyR) && resume.0.as_ref().is_some_and(|c| !c.changed) {
        resumes.write(ResumeAction::Resume);
        return;
    }
    let files = playable(&library, &scenarios);
    for (i, file) in files.iter().enumerate().take(9) {
        if keys.just_pressed(crate::game::screens::call::digit_key(i + 1)) {
            starts.write(StartCall { file: file.clone(), seed: None });
        }
    }
}

#[allow(clippy::too_many_arguments)] // a Bevy system: each parameter is a resource it reads
fn library_ui(
    mut contexts: EguiContexts,
    settings: Res<Settings>,
    library: Res<ScenarioLibrary>,
    scenarios: Res<Assets<ScenarioAsset>>,
    (results, resume, progress): (Res<LearnerResults>, Res<ResumeOffer>, Res<crate::game::progress::Progress>),
    mut resumes: MessageWriter<ResumeAction>,
    (exams, mut start_exams): (
        (Res<crate::game::exam::ExamCatalog>, Res<crate::game::exam::ExamProblem>),
        MessageWriter<crate::game::exam::StartExam>,
    ),
    start_error: Res<StartError>,
    (mut starts, mut maps): (MessageWriter<StartCall>, MessageWriter<OpenMap>),
    mut go: MessageWriter<GoTo>,
) -> Result {
    let ctx = contexts.ctx_mut()?.clone();
    let lang = settings.lang;
    let mut root = root_ui(&ctx);
    let top = egui::Panel::top("library-top").show(&mut root, |ui| {
        ui.horizontal(|ui| {
            if ui.button(t(lang, Text::TitleEsc)).clicked() {
                go.write(GoTo(Screen::Title));
            }
            ui.heading(t(lang, Text::ChooseACall));
            if ui.button(t(lang, Text::ProgressP)).clicked() {
                go.write(GoTo(Screen::Progress));
            }
            if let Some(l) = &settings.learner {
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    ui.label(format!("{}{}{l}", t(lang, Text::Learner), t(lang, Text::ColonSeparator)));
                });
            }
        });
    });
    crate::game::widgets::settle(&root, "library-top", top.response.rect);
    egui::CentralPanel::default().show(&mut root, |ui| {
        if let Some(e) = &start_error.0 {
            ui.colored_label(BAD, e.to_string());
        }
        if let Some(problem) = &progress.problem {
            ui.colored_label(BAD, format!("{}{problem}", t(lang, Text::ProgressNotSaved)));
        }
        resume_banner(ui, lang, &resume, &mut resumes);
        exams_panel(ui, lang, &exams, &mut start_exams);
        if library.entries.is_empty() {
            ui.label(format!("{} {}", t(lang, Text::NoScenariosFoundIn), library.root.display()));
        }
        egui::ScrollArea::vertical().id_salt("library-cards").show(ui, |ui| {
            let mut number = 0;
            for entry in library.in_display_order(&scenarios) {
                let asset = library.playable(&entry.file, &scenarios);
                let error = entry.duplicate.as_ref().or(entry.error.as_ref());
                let frame_color = if error.is_some() { BAD } else { MUTED.gamma_multiply(0.5) };
                egui::Frame::group(ui.style()).stroke(egui::Stroke::new(1.5, frame_color)).show(ui, |ui| {
                    ui.set_width(ui.available_width());
                    match asset {
                        Some(loaded) => {
                            number += 1;
                            let s = &loaded.scenario;
                            ui.horizontal(|ui| {
                                let label = format!("▶ {number}");
                                ui.vertical(|ui| {
                                    let play = ui.add(
                                        egui::Button::new(egui::RichText::new(label).size(18.0))
                                            .min_size(egui::vec2(56.0, 40.0)),
                                    );
                                    if play.clicked() {
                                        starts.write(StartCall { file: entry.file.clone(), seed: None });
                                    }
                                    // The scenario's map, for trainers.
                                    if ui.small_button(t(lang, Text::MapButton)).clicked() {
                                        maps.write(OpenMap {
                                            scenario: s.clone(),
                                            path: Vec::new(),
                                            ending: None,
                                            back: Screen::Library,
                                        });
                                    }
                                });
                                ui.vertical(|ui| {
                                    ui.label(egui::RichText::new(s.title.learner(lang)).size(20.0).strong());
                                    ui.label(
                                        egui::RichText::new(format!(
                                            "{} · {} {} · {}",
                                            s.difficulty.label(lang),
                                            s.minutes,
                                            t(lang, Text::MinutesUnit),
                                            s.customer.name.learner(lang)
                                        ))
                                        .color(ACCENT),
                                    );
                                });
                                ui.with_layout(egui::Layout::right_to_left(egui::Align::TOP), |ui| {
                                    let best = match results.of(s.id.as_str()) {
                                        Some(r) => {
                                            fill(lang, Text::BestAndCalls, &[("best", &r.best), ("count", &r.attempts)])
                                        }
                                        None => t(lang, Text::NotPlayedYet).to_string(),
                                    };
                                    ui.label(egui::RichText::new(best).weak());
                                    if results.recommended.as_deref() == Some(s.id.as_str()) {
                                        ui.label(
                                            egui::RichText::new(t(lang, Text::RecommendedForYou))
                                                .color(ACCENT)
                                                .strong(),
                                        );
                                    }
                                });
                            });
                            crate::game::widgets::wrapped_label(ui, &s.summary.learner(lang), egui::RichText::new);
                            ui.horizontal_wrapped(|ui| {
                                ui.label(egui::RichText::new(t(lang, Text::Trains)).weak());
                                let trained = s.techniques_by_opportunity();
                                let name_of =
                                    |id: &str| loaded.catalog.get(id).map(|t| t.name.learner(lang)).unwrap_or_default();
                                for (id, _) in trained.iter().take(TECHNIQUES_ON_CARD) {
                                    let description =
                                        loaded.catalog.get(id).map(|t| t.description.learner(lang)).unwrap_or_default();
                                    // `extend`: a name never breaks across lines; the row wraps between names.
                                    ui.add(
                                        egui::Label::new(
                                            egui::RichText::new(format!("{id} {} ·", name_of(id))).small(),
                                        )
                                        .extend(),
                                    )
                                    .on_hover_text(description);
                                }
                                let rest: Vec<String> = trained
                                    .iter()
                                    .skip(TECHNIQUES_ON_CARD)
                                    .map(|(id, _)| format!("{id} {}", name_of(id)))
                                    .collect();
                                if !rest.is_empty() {
                                    let more = fill(lang, Text::MoreTechniques, &[("count", &rest.len())]);
                                    ui.add(egui::Label::new(egui::RichText::new(more).small().weak()).extend())
                                        .on_hover_text(rest.join("\n"));
                                }
                            });
                            if let Some(err) = &entry.error {
                                ui.colored_label(BAD, t(lang, Text::TheFileOnDiskHasErrors));
                                error_lines(ui, err);
                            }
                        }
                        None => {
                            ui.label(egui::RichText::new(entry.file.display().to_string()).strong());
                            match error {
                                Some(err) => {
                                    ui.colored_label(BAD, t(lang, Text::ThisScenarioHasErrorsAndCannot));
                                    error_lines(ui, err);
                                    ui.label(egui::RichText::new(t(lang, Text::FixTheFileAndSaveIt)).weak());
                                }
                                None => {
                                    ui.label(t(lang, Text::Loading));
                                }
                            }
                        }
                    }
                });
                ui.add_space(6.0);
            }
        });
    });
    Ok(())
}

/// Lists an error's diagnostics as `file:line:col: message` lines.
pub fn error_lines(ui: &mut egui::Ui, err: &crate::game::scenario_asset::ScenarioLoadError) {
    for d in err.errors().take(8) {
        ui.label(egui::RichText::new(d.headline()).monospace().color(BAD));
        if let Some(h) = &d.help {
            ui.label(egui::RichText::new(format!("  help: {h}")).monospace().weak());
        }
    }
}

/// The exam sets of the folder, each with a button that starts a sitting.
fn exams_panel(
    ui: &mut egui::Ui,
    lang: Lang,
    (catalog, problem): &(Res<crate::game::exam::ExamCatalog>, Res<crate::game::exam::ExamProblem>),
    starts: &mut MessageWriter<crate::game::exam::StartExam>,
) {
    if catalog.sets.is_empty() {
        return;
    }
    egui::Frame::group(ui.style()).stroke(egui::Stroke::new(1.5, MUTED.gamma_multiply(0.5))).show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.label(egui::RichText::new(t(lang, Text::ExamsHeading)).size(18.0).strong());
        if let Some(p) = &problem.0 {
            ui.colored_label(BAD, p);
        }
        for (path, set, error) in &catalog.sets {
            match set {
                Some(set) => {
                    ui.horizontal(|ui| {
                        if ui.button(t(lang, Text::StartExamButton)).clicked() {
                            starts.write(crate::game::exam::StartExam(path.clone()));
                        }
                        ui.label(egui::RichText::new(set.title.learner(lang)).strong());
                    });
                    crate::game::widgets::wrapped_label(ui, &set.instructions.learner(lang), |s| {
                        egui::RichText::new(s).weak()
                    });
                }
                None => {
                    let why = error.clone().unwrap_or_default();
                    ui.colored_label(BAD, format!("{}: {why}", path.display()));
                }
            }
        }
    });
    ui.add_space(6.0);
}

/// The offer to resume a call left unfinished, at the top of the library.
fn resume_banner(ui: &mut egui::Ui, lang: Lang, offer: &ResumeOffer, actions: &mut MessageWriter<ResumeAction>) {
    let Some(call) = &offer.0 else { return };
    egui::Frame::group(ui.style()).stroke(egui::Stroke::new(1.5, ACCENT)).show(ui, |ui| {
        ui.set_width(ui.available_width());
        let text = if call.changed {
            fill(lang, Text::ResumeChanged, &[("title", &call.title.learner(lang))])
        } else {
            fill(lang, Text::ResumeOffer, &[("title", &call.title.learner(lang)), ("turns", &call.turns)])
        };
        ui.label(egui::RichText::new(text).size(16.0));
        ui.horizontal(|ui| {
            if !call.changed && ui.button(t(lang, Text::ResumeButton)).clicked() {
                actions.write(ResumeAction::Resume);
            }
            if ui.button(t(lang, Text::StartAgainButton)).clicked() {
                actions.write(ResumeAction::StartAgain);
            }
            if ui.button(t(lang, Text::DiscardButton)).clicked() {
                actions.write(ResumeAction::Discard);
            }
        });
    });
    ui.add_space(6.0);
}

/// The library screen.
pub fn plugin(app: &mut App) {
    app.add_systems(OnEnter(Screen::Library), enter)
        .add_systems(Update, keyboard.run_if(in_state(Screen::Library)))
        .add_systems(
            EguiPrimaryContextPass,
            library_ui.run_if(in_state(Screen::Library)).in_set(crate::game::screens::ScreenUi),
        );
}
