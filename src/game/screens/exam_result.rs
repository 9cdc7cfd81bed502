//! The result of an exam sitting: passed or not, per scenario and for the set, with every reason
//! (the core's text), where the result file went, and — when the set shows feedback — each call's
//! debrief.

use crate::core::exam::verdict_text;
use crate::core::ui_text::{Text, t};
use crate::game::exam::ActiveExam;
use crate::game::screen::{GoTo, Screen};
use crate::game::session::Debrief;
use crate::game::settings::Settings;
use crate::game::style::{BAD, GOOD, hint, root_ui};
use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

/// Marks the result screen's lifetime.
#[derive(Component)]
pub struct ExamResultScreen;

fn enter(mut commands: Commands) {
    commands.spawn((Name::new("Exam result screen"), ExamResultScreen, DespawnOnExit(Screen::ExamResult)));
}

fn keyboard(keys: Res<ButtonInput<KeyCode>>, mut go: MessageWriter<GoTo>) {
    if keys.any_just_pressed([KeyCode::Escape, KeyCode::Enter, KeyCode::NumpadEnter]) {
        go.write(GoTo(Screen::Library));
    }
}

fn result_ui(
    mut contexts: EguiContexts,
    settings: Res<Settings>,
    exam: Option<Res<ActiveExam>>,
    mut go: MessageWriter<GoTo>,
    mut commands: Commands,
) -> Result {
    let ctx = contexts.ctx_mut()?.clone();
    let Some(exam) = exam else { return Ok(()) };
    let Some(verdict) = &exam.verdict else { return Ok(()) };
    let lang = exam.sitting.lang;
    let _ = settings;
    let mut root = root_ui(&ctx);
    egui::CentralPanel::default().show(&mut root, |ui| {
        egui::ScrollArea::vertical().id_salt("exam-result").auto_shrink([false, false]).show(ui, |ui| {
            ui.heading(exam.sitting.set.title.learner(lang));
            let (mark, color) = if verdict.passed { (Text::ExamPassed, GOOD) } else { (Text::ExamNotPassed, BAD) };
            ui.label(egui::RichText::new(t(lang, mark)).size(32.0).strong().color(color));
            let title_of = |id: &str| {
                exam.sitting
                    .scenarios
                    .iter()
                    .find(|l| l.scenario.id.as_str() == id)
                    .map_or_else(|| id.to_string(), |l| l.scenario.title.learner(lang))
            };
            let text = verdict_text::render(&exam.sitting.set, verdict, lang, &title_of);
            for line in text.lines().skip(1) {
                ui.label(egui::RichText::new(line).size(15.0));
            }
            if let Some(file) = &exam.result_file {
                ui.add_space(6.0);
                ui.label(hint(ui, file));
            }
            ui.add_space(10.0);
            if exam.sitting.set.show_feedback {
                for (loaded, report) in exam.sitting.scenarios.iter().zip(&exam.debriefs) {
                    let label = format!("{} — {}", t(lang, Text::Debrief), loaded.scenario.title.learner(lang));
                    if ui.button(label).clicked() {
                        commands.insert_resource(Debrief {
                            file: loaded.path.clone(),
                            loaded: loaded.clone(),
                            report: report.clone(),
                            visit: u64::MAX - exam.debriefs.len() as u64,
                        });
                        go.write(GoTo(Screen::Debrief));
                    }
                }
            }
            if ui.button(t(lang, Text::LibraryEsc)).clicked() {
                go.write(GoTo(Screen::Library));
            }
        });
    });
    Ok(())
}

/// The exam result screen.
pub fn plugin(app: &mut App) {
    app.add_systems(OnEnter(Screen::ExamResult), enter)
        .add_systems(Update, keyboard.run_if(in_state(Screen::ExamResult)))
        .add_systems(
            EguiPrimaryContextPass,
            result_ui.run_if(in_state(Screen::ExamResult)).in_set(crate::game::screens::ScreenUi),
        );
}
