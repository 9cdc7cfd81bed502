//! Scenario library: a card per scenario file, broken files listed with their error.

use crate::core::text::Lang;
use crate::core::ui_text::{Text, fill, t};
use crate::game::scenario_asset::{RescanLibrary, ScenarioAsset, ScenarioLibrary};
use crate::game::screen::GoTo;
use crate::game::screen::Screen;
use crate::game::session::{CallFinished, StartCall, StartError};
use crate::game::settings::Settings;
use crate::game::style::{ACCENT, BAD, MUTED, root_ui};
use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};
use std::collections::HashMap;
use std::path::PathBuf;

/// Best overall score per learner and scenario file in this run of the game (until progress is stored),
/// kept up to date from [`CallFinished`].
#[derive(Resource, Default, Debug)]
pub struct SessionBests(pub HashMap<(Option<String>, PathBuf), u32>);

/// Marks the library screen's lifetime.
#[derive(Component)]
pub struct LibraryScreen;

fn enter(mut commands: Commands, mut rescan: MessageWriter<RescanLibrary>) {
    commands.spawn((Name::new("Library screen"), LibraryScreen, DespawnOnExit(Screen::Library)));
    rescan.write(RescanLibrary);
}

/// Files that can be played right now, in display order (the number keys follow it).
pub fn playable(library: &ScenarioLibrary, scenarios: &Assets<ScenarioAsset>, lang: Lang) -> Vec<PathBuf> {
    library
        .in_display_order(scenarios, lang)
        .into_iter()
        .filter(|e| library.playable(&e.file, scenarios).is_some())
        .map(|e| e.file.clone())
        .collect()
}

/// How many of a scenario's techniques its card names; the rest are listed on hover.
pub const TECHNIQUES_ON_CARD: usize = 4;

fn keyboard(
    keys: Res<ButtonInput<KeyCode>>,
    library: Res<ScenarioLibrary>,
    scenarios: Res<Assets<ScenarioAsset>>,
    settings: Res<Settings>,
    mut starts: MessageWriter<StartCall>,
    mut go: MessageWriter<GoTo>,
) {
    if keys.just_pressed(KeyCode::Escape) {
        go.write(GoTo(Screen::Title));
        return;
    }
    let files = playable(&library, &scenarios, settings.lang);
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
    bests: Res<SessionBests>,
    start_error: Res<StartError>,
    mut starts: MessageWriter<StartCall>,
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
        if library.entries.is_empty() {
            ui.label(format!("{} {}", t(lang, Text::NoScenariosFoundIn), library.root.display()));
        }
        egui::ScrollArea::vertical().id_salt("library-cards").show(ui, |ui| {
            let mut number = 0;
            for entry in library.in_display_order(&scenarios, lang) {
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
                                let play = ui.add(
                                    egui::Button::new(egui::RichText::new(label).size(18.0))
                                        .min_size(egui::vec2(56.0, 40.0)),
                                );
                                if play.clicked() {
                                    starts.write(StartCall { file: entry.file.clone(), seed: None });
                                }
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
                                    let best = match bests.0.get(&(settings.learner.clone(), entry.file.clone())) {
                                        Some(b) => fill(lang, Text::BestScore, &[("score", b)]),
                                        None => t(lang, Text::NotPlayedYet).to_string(),
                                    };
                                    ui.label(egui::RichText::new(best).weak());
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

/// Remembers the best score of each scenario whenever a call finishes.
fn record_best(mut finished: MessageReader<CallFinished>, settings: Res<Settings>, mut bests: ResMut<SessionBests>) {
    for call in finished.read() {
        let best = bests.0.entry((settings.learner.clone(), call.file.clone())).or_insert(0);
        *best = (*best).max(call.report.overall);
    }
}

/// The library screen.
pub fn plugin(app: &mut App) {
    app.init_resource::<SessionBests>()
        .add_systems(OnEnter(Screen::Library), enter)
        .add_systems(Update, (record_best, keyboard.run_if(in_state(Screen::Library))))
        .add_systems(
            EguiPrimaryContextPass,
            library_ui.run_if(in_state(Screen::Library)).in_set(crate::game::screens::ScreenUi),
        );
}
