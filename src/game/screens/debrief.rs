//! Debrief: the ending on the loyalty waterfall, listening/recovery/overall scores, the mood chart,
//! per-technique results, and every choice reviewed with its feedback and the better option.

use crate::core::score::TECHNIQUE_SHARE_PERCENT;
use crate::core::technique::Family;
use crate::core::ui_text::fill;
use crate::core::ui_text::{Text, t};
use crate::game::debrief_view::{DebriefAction, DebriefView, ScrollStep};
use crate::game::screen::GoTo;
use crate::game::screen::Screen;
use crate::game::screens::map::OpenMap;
use crate::game::session::{Debrief, StartCall};
use crate::game::settings::Settings;
use crate::game::style::{ACCENT, BAD, GOOD, LEARNER_SPEECH, MUTED, hint, root_ui};
use crate::game::widgets::{mood_chart, waterfall, wrapped_label};
use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

/// Marks the debrief screen's lifetime.
#[derive(Component)]
pub struct DebriefScreen;

fn enter(mut commands: Commands) {
    commands.spawn((Name::new("Debrief screen"), DebriefScreen, DespawnOnExit(Screen::Debrief)));
}

/// The map of the scenario just played, with the learner's path on it.
pub(crate) fn open_map(d: &Debrief) -> OpenMap {
    OpenMap {
        scenario: d.loaded.scenario.clone(),
        path: d.report.turns.iter().map(|t| t.choice_id.clone()).collect(),
        ending: d.report.ending.as_ref().map(|e| e.id.clone()),
        back: Screen::Debrief,
    }
}

fn keyboard(
    keys: Res<ButtonInput<KeyCode>>,
    debrief: Option<Res<Debrief>>,
    mut starts: MessageWriter<StartCall>,
    mut go: MessageWriter<GoTo>,
    mut maps: MessageWriter<OpenMap>,
) {
    let Some(d) = debrief else { return };
    if keys.just_pressed(KeyCode::KeyM) {
        maps.write(open_map(&d));
    } else if keys.just_pressed(KeyCode::KeyR) {
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

/// What the debrief needs to know of a choice row after drawing it.
struct RowState {
    /// The row is opening or closing.
    is_animating: bool,
}

/// `text` on one row in `color`, cut with an ellipsis to the width left for a row header.
fn one_row(ui: &egui::Ui, text: &str, color: egui::Color32) -> egui::WidgetText {
    let font = egui::TextStyle::Body.resolve(ui.style());
    let mut job = egui::text::LayoutJob::simple_singleline(text.to_owned(), font, color);
    // The header's arrow and padding take about 40 points.
    job.wrap = egui::text::TextWrapping {
        max_width: (ui.available_width() - 40.0).max(80.0),
        max_rows: 1,
        break_anywhere: true,
        overflow_character: Some('…'),
    };
    egui::WidgetText::LayoutJob(job.into())
}

/// How the overall score is made, with the scoring constant (not a copy of it).
fn overall_formula(lang: crate::core::text::Lang) -> String {
    let ending = 100 - TECHNIQUE_SHARE_PERCENT;
    fill(lang, Text::OverallFormula, &[("tech", &TECHNIQUE_SHARE_PERCENT), ("ending", &ending)])
}

#[allow(clippy::too_many_arguments)] // a Bevy system: each parameter is a resource it reads or a message it sends
fn debrief_ui(
    mut contexts: EguiContexts,
    settings: Res<Settings>,
    debrief: Option<Res<Debrief>>,
    mut view: ResMut<DebriefView>,
    mut starts: MessageWriter<StartCall>,
    mut go: MessageWriter<GoTo>,
    mut actions: MessageWriter<DebriefAction>,
    mut maps: MessageWriter<OpenMap>,
) -> Result {
    let ctx = contexts.ctx_mut()?.clone();
    let Some(d) = debrief else { return Ok(()) };
    // The keyboard belongs to the debrief's own navigation (Tab walks the choices, Enter opens
    // one): egui must not also move its focus to a button that Enter would then press.
    ctx.memory_mut(|m| {
        if let Some(id) = m.focused() {
            m.surrender_focus(id);
        }
    });
    let lang = settings.lang;
    let report = &d.report;
    let mut root = root_ui(&ctx);
    let top = egui::Panel::top("debrief-top").show(&mut root, |ui| {
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
            if ui.button(t(lang, Text::MapM)).clicked() {
                maps.write(open_map(&d));
            }
        });
        ui.label(hint(ui, t(lang, Text::DebriefKeyHint)));
    });
    crate::game::widgets::settle(&root, "debrief-top", top.response.rect);
    egui::CentralPanel::default().show(&mut root, |ui| {
        let page = ui.available_height();
        egui::ScrollArea::vertical().id_salt(("debrief-scroll", d.visit)).auto_shrink([false, false]).show(ui, |ui| {
            // Scrolls asked for from the keyboard (a positive delta moves the content down).
            for step in std::mem::take(&mut view.pending) {
                let line = 40.0;
                let delta = match step {
                    ScrollStep::Lines(n) => -(n as f32) * line,
                    ScrollStep::Pages(n) => -(n as f32) * (page - line).max(line),
                    ScrollStep::Top => f32::INFINITY,
                    ScrollStep::End => f32::NEG_INFINITY,
                };
                ui.scroll_with_delta_animation(
                    egui::vec2(0.0, delta.clamp(-1.0e6, 1.0e6)),
                    egui::style::ScrollAnimation::none(),
                );
            }
            ui.columns(2, |cols| {
                let ui = &mut cols[0];
                ui.heading(t(lang, Text::OutcomeHeading));
                match &report.ending {
                    Some(e) => {
                        // A plain top-down layout: columns justify text, which stretches its spacing.
                        ui.with_layout(egui::Layout::top_down(egui::Align::Min), |ui| {
                            ui.set_max_width(ui.available_width() - 16.0);
                            wrapped_label(ui, &e.text.learner(lang), |s| {
                                let text = egui::RichText::new(s);
                                if lang.has_italics() { text.italics() } else { text }
                            });
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
            if report.techniques.is_empty() {
                wrapped_label(ui, t(lang, Text::NoTechniquesScored), |s| egui::RichText::new(s).weak());
            } else {
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
            }
            if !report.turns.is_empty() {
                ui.separator();
                ui.heading(t(lang, Text::YourChoices));
            }
            for (i, turn) in report.turns.iter().enumerate() {
                let marker = "●";
                let color = if turn.better.is_some() { BAD } else { GOOD };
                // Headers do not wrap: one row cut to the width (wide Chinese glyphs included);
                // the whole line is the first thing inside.
                let said = turn.said.learner(lang);
                let header_text = one_row(ui, &format!("{marker} {}. {said}", i + 1), color);
                let focused = view.focused == Some(i);
                let frame = egui::Frame::NONE.inner_margin(2).corner_radius(4).stroke(if focused {
                    egui::Stroke::new(2.0, ACCENT)
                } else {
                    egui::Stroke::NONE
                });
                let row = frame.show(ui, |ui| {
                    let header = egui::CollapsingHeader::new(header_text)
                        .id_salt(("turn", d.visit, i))
                        .open(Some(view.is_open(i)))
                        .show(ui, |ui| {
                            // What the customer had said, then the learner's answer in full.
                            let quoted = format!("“{}”", turn.customer_line.learner(lang));
                            wrapped_label(ui, &quoted, |s| egui::RichText::new(s).weak());
                            let you = fill(lang, Text::YouSaidLine, &[("text", &said)]);
                            wrapped_label(ui, &you, |s| egui::RichText::new(s).color(LEARNER_SPEECH));
                            let mut tags: Vec<String> = turn.shows.iter().map(|s| format!("+{s}")).collect();
                            tags.extend(turn.breaks.iter().map(|s| format!("−{s}")));
                            if !tags.is_empty() {
                                ui.label(egui::RichText::new(tags.join("  ")).monospace());
                            }
                            wrapped_label(ui, &turn.feedback.learner(lang), egui::RichText::new);
                            if let Some(b) = &turn.better {
                                let better = fill(lang, Text::BetterOptionLine, &[("text", &b.text.learner(lang))]);
                                wrapped_label(ui, &better, |s| egui::RichText::new(s).color(GOOD));
                                wrapped_label(ui, &b.feedback.learner(lang), |s| egui::RichText::new(s).weak());
                            }
                        });
                    if header.header_response.clicked() {
                        actions.write(DebriefAction::Toggle(i));
                    }
                    RowState { is_animating: header.openness > 0.0 && header.openness < 1.0 }
                });
                if focused && view.reveal_focus {
                    // A row that is opening grows for a few frames: keep revealing it until it
                    // has settled, so Enter shows the whole of what it opened.
                    row.response.scroll_to_me(None);
                    if !row.inner.is_animating {
                        view.reveal_focus = false;
                    }
                }
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
        .add_systems(
            EguiPrimaryContextPass,
            debrief_ui.run_if(in_state(Screen::Debrief)).in_set(crate::game::screens::ScreenUi),
        );
}
