//! Debrief: the ending on the loyalty waterfall, listening/recovery/overall scores, the mood chart,
//! per-technique results, and every choice reviewed with its feedback and the better option.

use crate::core::score::TECHNIQUE_SHARE_PERCENT;
use crate::core::technique::Family;
use crate::core::ui_text::fill;
use crate::core::ui_text::{Text, t};
use crate::game::screen::GoTo;
use crate::game::screen::Screen;
use crate::game::session::{Debrief, StartCall};
use crate::game::settings::Settings;
use crate::game::style::{ACCENT, BAD, GOOD, MUTED, root_ui};
use crate::game::widgets::{mood_chart, waterfall};
use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

/// Marks the debrief screen's lifetime.
#[derive(Component)]
pub struct DebriefScreen;

fn enter(mut commands: Commands) {
    commands.spawn((Name::new("Debrief screen"), DebriefScreen, DespawnOnExit(Screen::Debrief)));
}

fn keyboard(
    keys: Res<ButtonInput<KeyCode>>,
    debrief: Option<Res<Debrief>>,
    mut starts: MessageWriter<StartCall>,
    mut go: MessageWriter<GoTo>,
) {
    let Some(d) = debrief else { return };
    if keys.just_pressed(KeyCode::KeyR) {
        starts.write(StartCall { file: d.file.clone(), seed: Some(d.report.seed) });
    } else if keys.just_pressed(KeyCode::KeyN) {
        starts.write(StartCall { file: d.file.clone(), seed: None });
    } else if keys.any_just_pressed([KeyCode::Escape, KeyCode::KeyL]) {
        go.write(GoTo(Screen::Library));
    }
}

fn score_color(score: Option<u32>) -> egui::Color32 {
    match score {
        Some(s) if s >= 70 => GOOD,
        Some(s) if s >= 40 => ACCENT,
        Some(_) => BAD,
        None => MUTED,
    }
}

fn big_score(ui: &mut egui::Ui, label: &str, score: Option<u32>) {
    ui.vertical(|ui| {
        ui.label(egui::RichText::new(label).weak());
        let text = score.map(|s| s.to_string()).unwrap_or_else(|| "—".into());
        ui.label(egui::RichText::new(text).size(40.0).strong().color(score_color(score)));
    });
}

/// How the overall score is made, with the scoring constant (not a copy of it).
fn overall_formula(lang: crate::core::text::Lang) -> String {
    let ending = 100 - TECHNIQUE_SHARE_PERCENT;
    fill(lang, Text::OverallFormula, &[("tech", &TECHNIQUE_SHARE_PERCENT), ("ending", &ending)])
}

fn debrief_ui(
    mut contexts: EguiContexts,
    settings: Res<Settings>,
    debrief: Option<Res<Debrief>>,
    mut starts: MessageWriter<StartCall>,
    mut go: MessageWriter<GoTo>,
) -> Result {
    let ctx = contexts.ctx_mut()?.clone();
    let Some(d) = debrief else { return Ok(()) };
    let lang = settings.lang;
    let report = &d.report;
    let mut root = root_ui(&ctx);
    egui::Panel::top("debrief-top").show(&mut root, |ui| {
        // The title on its own line, the buttons under it: nothing overlaps at any UI scale.
        ui.heading(format!("{} — {}", t(lang, Text::Debrief), report.title.learner(lang)));
        ui.horizontal_wrapped(|ui| {
            if ui.button(t(lang, Text::PlayAgainN)).clicked() {
                starts.write(StartCall { file: d.file.clone(), seed: None });
            }
            if ui.button(t(lang, Text::ReplaySameCallR)).clicked() {
                starts.write(StartCall { file: d.file.clone(), seed: Some(report.seed) });
            }
            if ui.button(t(lang, Text::LibraryEsc)).clicked() {
                go.write(GoTo(Screen::Library));
            }
        });
    });
    egui::CentralPanel::default().show(&mut root, |ui| {
        egui::ScrollArea::vertical().id_salt(("debrief-scroll", d.visit)).auto_shrink([false, false]).show(ui, |ui| {
            ui.columns(2, |cols| {
                let ui = &mut cols[0];
                ui.heading(t(lang, Text::OutcomeHeading));
                match &report.ending {
                    Some(e) => {
                        // A plain top-down layout: columns justify text, which stretches its spacing.
                        ui.with_layout(egui::Layout::top_down(egui::Align::Min), |ui| {
                            ui.set_max_width(ui.available_width() - 16.0);
                            let text = egui::RichText::new(e.text.learner(lang));
                            ui.label(if lang.has_italics() { text.italics() } else { text });
                        });
                        waterfall(ui, Some(e.outcome), e.silent_exit, lang);
                    }
                    None => {
                        ui.label(t(lang, Text::TheCallDidNotFinish));
                        waterfall(ui, None, false, lang);
                    }
                }
                let ui = &mut cols[1];
                ui.heading(t(lang, Text::Scores));
                ui.horizontal(|ui| {
                    big_score(ui, Family::Listening.label(lang), report.listening);
                    ui.add_space(16.0);
                    big_score(ui, Family::Recovery.label(lang), report.recovery);
                    ui.add_space(16.0);
                    big_score(ui, t(lang, Text::Overall), Some(report.overall));
                });
                ui.with_layout(egui::Layout::top_down(egui::Align::Min), |ui| {
                    ui.label(egui::RichText::new(overall_formula(lang)).weak());
                });
                ui.add_space(8.0);
                ui.label(t(lang, Text::MoodOverTheCall));
                mood_chart(ui, &report.timeline, lang);
            });
            ui.separator();
            ui.heading(t(lang, Text::Techniques));
            egui::Grid::new("techniques").striped(true).num_columns(5).show(ui, |ui| {
                ui.strong(t(lang, Text::Technique));
                ui.strong(t(lang, Text::FamilyHeading));
                ui.strong(t(lang, Text::Points));
                ui.strong(t(lang, Text::Broken));
                ui.strong(t(lang, Text::Score));
                ui.end_row();
                for t in &report.techniques {
                    ui.label(format!("{}  {}", t.id, t.name.learner(lang)));
                    ui.label(t.family.label(lang));
                    ui.label(if t.opportunities > 0 {
                        format!("{}/{}", t.earned, t.opportunities)
                    } else {
                        "—".into()
                    });
                    ui.label(if t.violations > 0 {
                        egui::RichText::new(t.violations.to_string()).color(BAD)
                    } else {
                        egui::RichText::new("0")
                    });
                    let s = t.score.map(|s| s.to_string()).unwrap_or_else(|| "—".into());
                    ui.label(egui::RichText::new(s).color(score_color(t.score)));
                    ui.end_row();
                }
            });
            ui.separator();
            ui.heading(t(lang, Text::YourChoices));
            for (i, turn) in report.turns.iter().enumerate() {
                let marker = "●";
                let color = if turn.better.is_some() { BAD } else { GOOD };
                // Headers do not wrap: show the start of what was said; the whole text is inside.
                let said = turn.said.learner(lang);
                let short: String = if said.chars().count() > 70 {
                    said.chars().take(68).collect::<String>() + "…"
                } else {
                    said.clone()
                };
                egui::CollapsingHeader::new(egui::RichText::new(format!("{marker} {}. {short}", i + 1)).color(color))
                    .id_salt(("turn", d.visit, i))
                    .default_open(turn.better.is_some())
                    .show(ui, |ui| {
                        ui.label(egui::RichText::new(format!("“{}”", turn.customer_line.learner(lang))).weak());
                        let mut tags: Vec<String> = turn.shows.iter().map(|s| format!("+{s}")).collect();
                        tags.extend(turn.breaks.iter().map(|s| format!("−{s}")));
                        if !tags.is_empty() {
                            ui.label(egui::RichText::new(tags.join("  ")).monospace());
                        }
                        ui.label(turn.feedback.learner(lang));
                        if let Some(b) = &turn.better {
                            ui.label(
                                egui::RichText::new(fill(
                                    lang,
                                    Text::BetterOptionLine,
                                    &[("text", &b.text.learner(lang))],
                                ))
                                .color(GOOD),
                            );
                            ui.label(egui::RichText::new(b.feedback.learner(lang)).weak());
                        }
                    });
            }
            if !report.hesitations.is_empty() {
                ui.separator();
                ui.heading(t(lang, Text::HesitationsHeading));
                for (i, h) in report.hesitations.iter().enumerate() {
                    let line = h.describe(lang);
                    ui.label(egui::RichText::new(format!("{}. {line}", i + 1)).color(BAD));
                    if h.walked_out {
                        ui.label(egui::RichText::new(t(lang, Text::HesitationWalkout)).color(BAD).strong());
                    }
                }
            }
        });
    });
    Ok(())
}

/// The debrief screen.
pub fn plugin(app: &mut App) {
    app.add_systems(OnEnter(Screen::Debrief), enter)
        .add_systems(Update, keyboard.run_if(in_state(Screen::Debrief)))
        .add_systems(EguiPrimaryContextPass, debrief_ui.run_if(in_state(Screen::Debrief)));
}
