//! The learner's progress screen: overall, listening and recovery over time, mastery per technique
//! with its trend, results per scenario, and what to practise next with a button that starts it.
//! It draws a [`ProgressView`] that a system reads from the store; nothing is computed in egui.

use crate::core::progress::{ProgressReport, Reason, offers};
use crate::core::text::Lang;
use crate::core::ui_text::{Text, fill, t};
use crate::game::progress::Progress;
use crate::game::scenario_asset::{ScenarioAsset, ScenarioLibrary};
use crate::game::screen::{GoTo, Screen};
use crate::game::session::StartCall;
use crate::game::settings::Settings;
use crate::game::style::{ACCENT, BAD, GOOD, MUTED, hint_for, root_ui};
use crate::game::widgets::{score_chart, wrapped_label};
use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};
use std::path::PathBuf;

/// Marks the progress screen's lifetime.
#[derive(Component)]
pub struct ProgressScreen;

/// What the progress screen shows, read from the store when the screen opens.
#[derive(Resource, Clone, Debug, Default)]
pub struct ProgressView {
    /// The report (none without a learner or a store).
    pub report: Option<ProgressReport>,
    /// Scenario id → (title, file) for the scenarios in the library.
    pub scenarios: Vec<(String, crate::core::text::Localized, PathBuf)>,
    /// Technique id → name.
    pub techniques: Vec<(String, crate::core::text::Localized)>,
}

impl ProgressView {
    fn title(&self, id: &str, lang: Lang) -> String {
        self.scenarios.iter().find(|(s, _, _)| s == id).map_or_else(|| id.to_string(), |(_, t, _)| t.learner(lang))
    }

    fn technique(&self, id: &str, lang: Lang) -> String {
        self.techniques.iter().find(|(t, _)| t == id).map_or_else(String::new, |(_, n)| n.learner(lang))
    }

    /// The file of the recommended scenario.
    pub fn recommended_file(&self) -> Option<PathBuf> {
        let id = &self.report.as_ref()?.recommendation.as_ref()?.scenario_id;
        self.scenarios.iter().find(|(s, _, _)| s == id).map(|(_, _, f)| f.clone())
    }
}

fn enter(
    mut commands: Commands,
    settings: Res<Settings>,
    progress: Res<Progress>,
    library: Res<ScenarioLibrary>,
    scenarios: Res<Assets<ScenarioAsset>>,
) {
    commands.spawn((Name::new("Progress screen"), ProgressScreen, DespawnOnExit(Screen::Progress)));
    let loaded: Vec<_> = library
        .entries
        .iter()
        .filter_map(|e| library.playable(&e.path, &scenarios).map(|l| (e.path.clone(), l.clone())))
        .collect();
    let all: Vec<_> = loaded.iter().map(|(_, l)| l.clone()).collect();
    let mut view = ProgressView {
        report: None,
        scenarios: loaded
            .iter()
            .map(|(f, l)| (l.scenario.id.to_string(), l.scenario.title.clone(), f.clone()))
            .collect(),
        techniques: Vec::new(),
    };
    for (_, l) in &loaded {
        for t in &l.catalog.techniques {
            if !view.techniques.iter().any(|(id, _)| id == &t.id) {
                view.techniques.push((t.id.clone(), t.name.clone()));
            }
        }
    }
    if let (Some(store), Some(learner)) = (&progress.store, &settings.learner) {
        let built = match store.learner(learner) {
            Ok(Some(_)) => ProgressReport::build(store, learner, &offers(&all)).ok(),
            _ => None,
        };
        view.report = Some(built.unwrap_or_else(|| ProgressReport {
            learner: learner.clone(),
            attempts: Vec::new(),
            scenarios: Vec::new(),
            mastery: Vec::new(),
            recommendation: crate::core::progress::recommend(&[], &[], &offers(&all)),
        }));
    }
    commands.insert_resource(view);
}

fn keyboard(
    keys: Res<ButtonInput<KeyCode>>,
    view: Option<Res<ProgressView>>,
    mut go: MessageWriter<GoTo>,
    mut starts: MessageWriter<StartCall>,
) {
    if keys.any_just_pressed([KeyCode::Escape, KeyCode::KeyL]) {
        go.write(GoTo(Screen::Library));
    } else if keys.any_just_pressed([KeyCode::Enter, KeyCode::NumpadEnter])
        && let Some(file) = view.and_then(|v| v.recommended_file())
    {
        starts.write(StartCall { file, seed: None });
    }
}

fn progress_ui(
    mut contexts: EguiContexts,
    settings: Res<Settings>,
    view: Option<Res<ProgressView>>,
    progress: Res<Progress>,
    mut go: MessageWriter<GoTo>,
    mut starts: MessageWriter<StartCall>,
) -> Result {
    let ctx = contexts.ctx_mut()?.clone();
    let lang = settings.lang;
    let Some(view) = view else { return Ok(()) };
    let mut root = root_ui(&ctx);
    let top = egui::Panel::top("progress-top").show(&mut root, |ui| {
        ui.horizontal(|ui| {
            if ui.button(t(lang, Text::LibraryEsc)).clicked() {
                go.write(GoTo(Screen::Library));
            }
            let who = view.report.as_ref().map(|r| r.learner.clone()).unwrap_or_default();
            ui.heading(fill(lang, Text::ProgressOf, &[("name", &who)]));
        });
        if let Some(report) = &view.report
            && let Some(r) = &report.recommendation
        {
            let technique = match &r.reason {
                Reason::Weakest { technique_id, .. } => view.technique(technique_id, lang),
                _ => String::new(),
            };
            if let Some(why) = report.reason_text(lang, &view.title(&r.scenario_id, lang), &technique) {
                ui.horizontal_wrapped(|ui| {
                    ui.label(egui::RichText::new(t(lang, Text::PractiseNext)).strong().color(ACCENT));
                    ui.label(why);
                });
                if let Some(file) = view.recommended_file()
                    && ui.button(t(lang, Text::StartRecommendedEnter)).clicked()
                {
                    starts.write(StartCall { file, seed: None });
                }
            }
        }
        ui.add_space(4.0);
    });
    crate::game::widgets::settle(&root, "progress-top", top.response.rect);
    egui::CentralPanel::default().show(&mut root, |ui| {
        egui::ScrollArea::vertical().id_salt("progress-scroll").auto_shrink([false, false]).show(ui, |ui| {
            let Some(report) = &view.report else {
                let why = progress.problem.clone().unwrap_or_else(|| t(lang, Text::ChooseOrAddALearnerTo).to_string());
                ui.label(why);
                return;
            };
            ui.label(fill(lang, Text::AttemptsCount, &[("count", &report.attempts.len())]));
            if report.attempts.is_empty() {
                ui.label(egui::RichText::new(t(lang, Text::NoCallsYet)).weak());
                return;
            }
            ui.columns(2, |cols| {
                let ui = &mut cols[0];
                ui.heading(t(lang, Text::OverallOverTime));
                let overall: Vec<Option<u32>> = report.attempts.iter().map(|a| Some(a.overall)).collect();
                score_chart(ui, &[(t(lang, Text::Overall), ACCENT, overall)]);
                let ui = &mut cols[1];
                ui.heading(t(lang, Text::ListeningRecoveryOverTime));
                let listening: Vec<Option<u32>> = report.attempts.iter().map(|a| a.listening).collect();
                let recovery: Vec<Option<u32>> = report.attempts.iter().map(|a| a.recovery).collect();
                score_chart(
                    ui,
                    &[
                        (crate::core::technique::Family::Listening.label(lang), GOOD, listening),
                        (
                            crate::core::technique::Family::Recovery.label(lang),
                            egui::Color32::from_rgb(0x5D, 0xA9, 0xE9),
                            recovery,
                        ),
                    ],
                );
            });
            ui.separator();
            ui.heading(t(lang, Text::MasteryHeading));
            let mut mastery = report.mastery.clone();
            mastery.sort_by(|a, b| a.mastery.cmp(&b.mastery).then_with(|| a.technique_id.cmp(&b.technique_id)));
            egui::Grid::new("mastery").num_columns(4).striped(true).show(ui, |ui| {
                for m in &mastery {
                    ui.label(format!("{}  {}", m.technique_id, view.technique(&m.technique_id, lang)));
                    let share = m.mastery as f32 / 100.0;
                    let color = if m.mastery >= 70 {
                        GOOD
                    } else if m.mastery >= 40 {
                        ACCENT
                    } else {
                        BAD
                    };
                    ui.add(egui::ProgressBar::new(share).desired_width(160.0).fill(color).text(m.mastery.to_string()));
                    match m.trend {
                        Some(d) if d > 0 => ui.colored_label(GOOD, format!("+{d}")),
                        Some(d) if d < 0 => ui.colored_label(BAD, format!("{d}")),
                        Some(_) => ui.colored_label(MUTED, "±0"),
                        None => ui.colored_label(MUTED, "—"),
                    };
                    ui.label(egui::RichText::new(fill(lang, Text::EvidenceCalls, &[("count", &m.evidence)])).weak());
                    ui.end_row();
                }
            });
            ui.separator();
            ui.heading(t(lang, Text::ProgressScenariosHeading));
            egui::Grid::new("scenario-results").num_columns(4).striped(true).show(ui, |ui| {
                ui.strong(t(lang, Text::ScenarioColumn));
                ui.strong(t(lang, Text::BestColumn));
                ui.strong(t(lang, Text::LatestColumn));
                ui.strong(t(lang, Text::CallsColumn));
                ui.end_row();
                for s in &report.scenarios {
                    ui.label(view.title(&s.scenario_id, lang));
                    ui.label(s.best.to_string());
                    ui.label(s.latest.to_string());
                    ui.label(s.attempts.to_string());
                    ui.end_row();
                }
            });
            ui.add_space(8.0);
            let ctx = ui.ctx().clone();
            wrapped_label(ui, t(lang, Text::MasteryFormula), |s| hint_for(&ctx, s));
        });
    });
    Ok(())
}

/// The progress screen.
pub fn plugin(app: &mut App) {
    app.init_resource::<ProgressView>()
        .add_systems(OnEnter(Screen::Progress), enter)
        .add_systems(Update, keyboard.run_if(in_state(Screen::Progress)))
        .add_systems(
            EguiPrimaryContextPass,
            progress_ui.run_if(in_state(Screen::Progress)).in_set(crate::game::screens::ScreenUi),
        );
}
