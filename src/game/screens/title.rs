//! Title screen: pick or create a learner, choose the language, adjust settings.

use crate::core::text::Lang;
use crate::core::ui_text::{Text, fill, t};
use crate::game::progress::{LearnerEdit, Learners, Progress};
use crate::game::screen::Screen;
use crate::game::settings::Settings;
use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

/// Id of the new-learner name field (Enter there adds the learner instead of continuing).
const NAME_FIELD: &str = "new-learner-name";

/// Per-visit form state, despawned when the screen closes.
#[derive(Component, Default)]
pub struct TitleForm {
    /// The name being typed for a new learner.
    pub new_learner: String,
    /// Enter was just used to add a learner (so it does not also continue).
    pub enter_used: bool,
    /// A UI scale being chosen with the slider, applied when it is let go.
    pub pending_scale: Option<f32>,
    /// The name box has been given the keyboard focus once (on a first start, typing just works).
    pub name_focused: bool,
    /// A learner being renamed: (current name, the new name typed so far).
    pub renaming: Option<(String, String)>,
    /// A learner whose deletion waits for confirmation.
    pub deleting: Option<String>,
    /// The rename box's text has been selected once.
    pub rename_selected: bool,
}

fn spawn_form(mut commands: Commands) {
    commands.spawn((Name::new("Title screen"), TitleForm::default(), DespawnOnExit(Screen::Title)));
}

fn title_ui(
    mut contexts: EguiContexts,
    mut settings: ResMut<Settings>,
    mut forms: Query<&mut TitleForm>,
    mut navigate: MessageWriter<crate::game::screen::GoTo>,
    learners: Res<Learners>,
    progress: Res<Progress>,
    mut edits: MessageWriter<LearnerEdit>,
) -> Result {
    let ctx = contexts.ctx_mut()?.clone();
    let Ok(mut form) = forms.single_mut() else { return Ok(()) };
    let lang = settings.lang;
    let mut root = crate::game::style::root_ui(&ctx);
    // "Continue" sits in its own bottom panel: always on screen, whatever the UI scale.
    let bottom = egui::Panel::bottom("title-continue").show(&mut root, |ui| {
        ui.add_space(8.0);
        ui.vertical_centered(|ui| {
            let ready = settings.learner.is_some();
            let go =
                ui.add_enabled(ready, egui::Button::new(egui::RichText::new(t(lang, Text::ContinueEnter)).size(20.0)));
            if !ready {
                ui.label(egui::RichText::new(t(lang, Text::ChooseOrAddALearnerTo)).weak());
            }
            let enter = ui.input(|i| i.key_pressed(egui::Key::Enter))
                && !ctx.memory(|m| m.has_focus(egui::Id::new(NAME_FIELD)))
                && !form.enter_used
                && form.renaming.is_none()
                && form.deleting.is_none();
            form.enter_used = false;
            if ready && (go.clicked() || enter) {
                navigate.write(crate::game::screen::GoTo(Screen::Library));
            }
        });
        ui.add_space(8.0);
    });
    crate::game::widgets::settle(&root, "title-continue", bottom.response.rect);
    egui::CentralPanel::default().show(&mut root, |ui| {
        egui::ScrollArea::vertical().id_salt("title-scroll").show(ui, |ui| {
            ui.vertical_centered(|ui| {
                ui.add_space(30.0);
                ui.heading(egui::RichText::new("Frontline").size(44.0).strong());
                ui.label(t(lang, Text::PractiseHardCustomerConversations));
                ui.add_space(20.0);
            });
            ui.columns(2, |cols| {
                let ui = &mut cols[0];
                ui.heading(t(lang, Text::Learner));
                if learners.0.is_empty() {
                    ui.label(t(lang, Text::NoLearnerYetTypeYourName));
                }
                for name in &learners.0 {
                    let selected = settings.learner.as_deref() == Some(name.as_str());
                    ui.horizontal(|ui| {
                        if ui.selectable_label(selected, name).clicked() {
                            settings.learner = Some(name.clone());
                        }
                        if selected {
                            if ui.small_button(t(lang, Text::RenameButton)).clicked() {
                                form.renaming = Some((name.clone(), name.clone()));
                            }
                            if ui.small_button(t(lang, Text::DeleteButton)).clicked() {
                                form.deleting = Some(name.clone());
                            }
                        }
                    });
                }
                ui.horizontal(|ui| {
                    let edit = ui.add(
                        egui::TextEdit::singleline(&mut form.new_learner)
                            .id(egui::Id::new(NAME_FIELD))
                            .hint_text(t(lang, Text::NewLearnerName))
                            .desired_width(200.0),
                    );
                    if learners.0.is_empty() && !form.name_focused {
                        edit.request_focus();
                        form.name_focused = true;
                    }
                    let enter = edit.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                    if enter {
                        // This Enter belongs to the name field, not to "Continue".
                        form.enter_used = true;
                    }
                    if (ui.button(t(lang, Text::Add)).clicked() || enter) && !form.new_learner.trim().is_empty() {
                        edits.write(LearnerEdit::Add(form.new_learner.trim().to_string()));
                        form.new_learner.clear();
                    }
                });

                let ui = &mut cols[1];
                ui.heading(t(lang, Text::Settings));
                ui.horizontal(|ui| {
                    ui.label(t(lang, Text::Language));
                    for (l, label) in [(Lang::En, "English"), (Lang::Zh, "中文")] {
                        if ui.selectable_label(settings.lang == l, label).clicked() {
                            settings.lang = l;
                        }
                    }
                });
                let mut volume = settings.volume;
                if ui
                    .add(egui::Slider::new(&mut volume, 0.0..=1.0).fixed_decimals(2).text(t(lang, Text::Volume)))
                    .changed()
                {
                    settings.volume = volume;
                }
                let mut muted = settings.muted;
                if ui.checkbox(&mut muted, t(lang, Text::Mute)).changed() {
                    settings.muted = muted;
                }
                // The new scale applies when the slider is let go: zooming under a dragging pointer
                // would move the slider away from it.
                let mut scale = form.pending_scale.unwrap_or(settings.ui_scale);
                let slider = ui.add(
                    egui::Slider::new(&mut scale, 0.75..=2.0)
                        .step_by(0.05)
                        .fixed_decimals(2)
                        .text(t(lang, Text::UiScale)),
                );
                if slider.changed() {
                    form.pending_scale = Some(scale);
                }
                if let Some(pending) = form.pending_scale
                    && !slider.dragged()
                    && !ui.input(|i| i.pointer.any_down())
                {
                    settings.ui_scale = pending;
                    form.pending_scale = None;
                }
                let mut timers = settings.patience_timers;
                if ui.checkbox(&mut timers, t(lang, Text::PatienceTimersSetting)).changed() {
                    settings.patience_timers = timers;
                }
            });
        });
    });
    learner_dialogs(&ctx, lang, &mut form, &mut edits);
    if let Some(problem) = &progress.problem {
        progress_problem(&ctx, lang, &format!("{}{problem}", t(lang, Text::ProgressNotSaved)));
    } else if let Some(notice) = &progress.notice {
        progress_problem(&ctx, lang, notice);
    }
    Ok(())
}

/// Renaming a learner, and confirming a deletion (it cannot be undone).
fn learner_dialogs(ctx: &egui::Context, lang: Lang, form: &mut TitleForm, edits: &mut MessageWriter<LearnerEdit>) {
    if let Some((from, mut to)) = form.renaming.clone() {
        let mut done = None;
        egui::Modal::new(egui::Id::new("rename-learner")).show(ctx, |ui| {
            ui.set_width(320.0);
            ui.heading(t(lang, Text::RenameButton));
            let mut output = egui::TextEdit::singleline(&mut to).show(ui);
            if !form.rename_selected {
                // The old name starts selected: typing replaces it.
                let all = egui::text::CCursorRange::two(
                    egui::text::CCursor::new(0),
                    egui::text::CCursor::new(output.galley.text().chars().count()),
                );
                output.state.cursor.set_char_range(Some(all));
                output.state.store(ui.ctx(), output.response.id);
                form.rename_selected = true;
            }
            output.response.request_focus();
            ui.horizontal(|ui| {
                let enter = ui.input(|i| i.key_pressed(egui::Key::Enter));
                if (ui.button(t(lang, Text::RenameButton)).clicked() || enter) && !to.trim().is_empty() {
                    done = Some(Some(LearnerEdit::Rename { from: from.clone(), to: to.trim().to_string() }));
                }
                if ui.button(t(lang, Text::CancelButton)).clicked() || ui.input(|i| i.key_pressed(egui::Key::Escape)) {
                    done = Some(None);
                }
            });
        });
        match done {
            Some(edit) => {
                edits.write_batch(edit);
                form.renaming = None;
                form.rename_selected = false;
            }
            None => form.renaming = Some((from, to)),
        }
    }
    if let Some(name) = form.deleting.clone() {
        let mut done = None;
        egui::Modal::new(egui::Id::new("delete-learner")).show(ctx, |ui| {
            ui.set_width(360.0);
            ui.label(fill(lang, Text::ConfirmDeleteLearner, &[("name", &name)]));
            ui.horizontal(|ui| {
                if ui.button(egui::RichText::new(t(lang, Text::DeleteButton)).color(crate::game::style::BAD)).clicked()
                {
                    done = Some(true);
                }
                if ui.button(t(lang, Text::CancelButton)).clicked() || ui.input(|i| i.key_pressed(egui::Key::Escape)) {
                    done = Some(false);
                }
            });
        });
        if let Some(confirmed) = done {
            if confirmed {
                edits.write(LearnerEdit::Delete(name));
            }
            form.deleting = None;
        }
    }
}

/// Says, visibly, that progress is not being saved and why (or that a damaged file was moved aside).
pub fn progress_problem(ctx: &egui::Context, _lang: Lang, problem: &str) {
    egui::Area::new(egui::Id::new("progress-problem")).anchor(egui::Align2::CENTER_TOP, egui::vec2(0.0, 4.0)).show(
        ctx,
        |ui| {
            egui::Frame::popup(ui.style()).show(ui, |ui| {
                ui.set_max_width(ctx.content_rect().width() * 0.8);
                ui.colored_label(crate::game::style::BAD, problem);
            });
        },
    );
}

/// The title screen.
pub fn plugin(app: &mut App) {
    app.add_systems(OnEnter(Screen::Title), spawn_form).add_systems(
        EguiPrimaryContextPass,
        title_ui.run_if(in_state(Screen::Title)).in_set(crate::game::screens::ScreenUi),
    );
}
