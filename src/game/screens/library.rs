//! Scenario library: a card per scenario file, broken files listed with their error.

use crate::game::i18n::tr;
use crate::game::scenario_asset::{RescanLibrary, ScenarioAsset, ScenarioLibrary};
use crate::game::screen::Screen;
use crate::game::session::{StartCall, StartError};
use crate::game::settings::Settings;
use crate::game::style::{ACCENT, BAD, MUTED, root_ui};
use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};
use std::collections::HashMap;
use std::path::PathBuf;

/// Best overall score per learner and scenario file in this run of the game (until progress is stored).
#[derive(Resource, Default, Debug)]
pub struct SessionBests(pub HashMap<(Option<String>, PathBuf), u32>);

/// Marks the library screen's lifetime.
#[derive(Component)]
pub struct LibraryScreen;

fn enter(mut commands: Commands, mut rescan: MessageWriter<RescanLibrary>) {
    commands.spawn((Name::new("Library screen"), LibraryScreen, DespawnOnExit(Screen::Library)));
    rescan.write(RescanLibrary);
}

/// Files that can be played right now, in display order.
pub fn playable(library: &ScenarioLibrary, scenarios: &Assets<ScenarioAsset>) -> Vec<PathBuf> {
    library.entries.iter().filter(|e| scenarios.get(&e.handle).is_some()).map(|e| e.file.clone()).collect()
}

fn keyboard(
    keys: Res<ButtonInput<KeyCode>>,
    library: Res<ScenarioLibrary>,
    scenarios: Res<Assets<ScenarioAsset>>,
    mut starts: MessageWriter<StartCall>,
    mut next: ResMut<NextState<Screen>>,
) {
    if keys.just_pressed(KeyCode::Escape) {
        next.set(Screen::Title);
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
    bests: Res<SessionBests>,
    start_error: Res<StartError>,
    mut starts: MessageWriter<StartCall>,
    mut next: ResMut<NextState<Screen>>,
) -> Result {
    let ctx = contexts.ctx_mut()?.clone();
    let lang = settings.lang;
    let mut root = root_ui(&ctx);
    egui::Panel::top("library-top").show(&mut root, |ui| {
        ui.horizontal(|ui| {
            if ui.button(tr(lang, "← Title (Esc)", "← 返回（Esc）")).clicked() {
                next.set(Screen::Title);
            }
            ui.heading(tr(lang, "Choose a call", "选择一通电话"));
            if let Some(l) = &settings.learner {
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    ui.label(format!("{}: {l}", tr(lang, "Learner", "学员")));
                });
            }
        });
    });
    egui::CentralPanel::default().show(&mut root, |ui| {
        if let Some(e) = &start_error.0 {
            ui.colored_label(BAD, e);
        }
        if library.entries.is_empty() {
            ui.label(format!("{} {}", tr(lang, "No scenarios found in", "没有找到场景："), library.root.display()));
        }
        egui::ScrollArea::vertical().id_salt("library-cards").show(ui, |ui| {
            let mut number = 0;
            for entry in &library.entries {
                let asset = scenarios.get(&entry.handle);
                let frame_color = if entry.error.is_some() { BAD } else { MUTED.gamma_multiply(0.5) };
                egui::Frame::group(ui.style()).stroke(egui::Stroke::new(1.5, frame_color)).show(ui, |ui| {
                    ui.set_width(ui.available_width());
                    match asset {
                        Some(ScenarioAsset(loaded)) => {
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
                                            tr(lang, "min", "分钟"),
                                            s.customer.name.learner(lang)
                                        ))
                                        .color(ACCENT),
                                    );
                                });
                                ui.with_layout(egui::Layout::right_to_left(egui::Align::TOP), |ui| {
                                    let best = match bests.0.get(&(settings.learner.clone(), entry.file.clone())) {
                                        Some(b) => format!("{} {b}/100", tr(lang, "Best:", "最佳：")),
                                        None => tr(lang, "Not played yet", "尚未练习").to_string(),
                                    };
                                    ui.label(egui::RichText::new(best).weak());
                                });
                            });
                            ui.label(s.summary.learner(lang));
                            ui.horizontal_wrapped(|ui| {
                                ui.label(egui::RichText::new(tr(lang, "Trains:", "训练：")).weak());
                                for id in s.techniques_trained() {
                                    let (name, description) = loaded
                                        .catalog
                                        .get(&id)
                                        .map(|t| (t.name.learner(lang), t.description.learner(lang)))
                                        .unwrap_or_default();
                                    // `extend`: a name never breaks across lines; the row wraps between names.
                                    ui.add(
                                        egui::Label::new(egui::RichText::new(format!("{id} {name} ·")).small())
                                            .extend(),
                                    )
                                    .on_hover_text(description);
                                }
                            });
                            if let Some(err) = &entry.error {
                                ui.colored_label(
                                    BAD,
                                    tr(
                                        lang,
                                        "The file on disk has errors; playing the last good version:",
                                        "磁盘上的文件有错误；当前使用上一个正确版本：",
                                    ),
                                );
                                error_lines(ui, err);
                            }
                        }
                        None => {
                            ui.label(egui::RichText::new(entry.file.display().to_string()).strong());
                            match &entry.error {
                                Some(err) => {
                                    ui.colored_label(
                                        BAD,
                                        tr(
                                            lang,
                                            "This scenario has errors and cannot be played:",
                                            "该场景有错误，无法练习：",
                                        ),
                                    );
                                    error_lines(ui, err);
                                    ui.label(
                                        egui::RichText::new(tr(
                                            lang,
                                            "Fix the file and save: it reloads by itself.",
                                            "修改并保存文件后会自动重新加载。",
                                        ))
                                        .weak(),
                                    );
                                }
                                None => {
                                    ui.label(tr(lang, "Loading…", "加载中…"));
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
    for d in err.diagnostics.iter().filter(|d| d.is_error()).take(8) {
        ui.label(egui::RichText::new(d.headline()).monospace().color(BAD));
        if let Some(h) = &d.help {
            ui.label(egui::RichText::new(format!("  help: {h}")).monospace().weak());
        }
    }
}

/// Remembers the best score of each scenario when a debrief opens.
fn record_best(
    debrief: Option<Res<crate::game::session::Debrief>>,
    settings: Res<Settings>,
    mut bests: ResMut<SessionBests>,
) {
    if let Some(d) = debrief {
        let best = bests.0.entry((settings.learner.clone(), d.file.clone())).or_insert(0);
        *best = (*best).max(d.report.overall);
    }
}

/// The library screen.
pub fn plugin(app: &mut App) {
    app.init_resource::<SessionBests>()
        .add_systems(OnEnter(Screen::Library), enter)
        .add_systems(OnEnter(Screen::Debrief), record_best)
        .add_systems(Update, keyboard.run_if(in_state(Screen::Library)))
        .add_systems(EguiPrimaryContextPass, library_ui.run_if(in_state(Screen::Library)));
}
