//! The trainer's error bar: any scenario that fails to load (at start or on hot reload) is shown
//! on every screen, `file:line:col` and the message, in a bar along the bottom of the window that
//! the screens leave room for (it never covers options or cards). One line when collapsed; the
//! whole list when opened; gone when the files are fixed or the learner dismisses it.

use crate::core::ui_text::{Text, fill, t};
use crate::game::scenario_asset::ScenarioLibrary;
use crate::game::screens::ScreenUi;
use crate::game::settings::Settings;
use crate::game::style::{BAD, hint, reserve_bottom};
use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

/// The bar's state: the errors the learner dismissed (the bar returns when the errors change), and
/// whether the whole list is shown.
#[derive(Resource, Default, Debug)]
pub struct ErrorBar {
    /// The headlines dismissed.
    pub dismissed: Vec<String>,
    /// The list is open.
    pub expanded: bool,
}

/// The current error headlines, one per error of every failing file.
pub fn current_errors(library: &ScenarioLibrary) -> Vec<String> {
    library
        .errors()
        .flat_map(|e| e.error.iter().chain(e.duplicate.iter()))
        .flat_map(|err| err.errors().map(|d| d.headline()))
        .collect()
}

/// The same errors rendered as `frontline check` prints them: the line of the file with a caret
/// under the place, the label and the help.
pub fn current_error_details(library: &ScenarioLibrary) -> Vec<String> {
    library
        .errors()
        .flat_map(|e| e.error.iter().chain(e.duplicate.iter()))
        .flat_map(|err| err.errors().map(|d| d.render(err.report.text_of(d))))
        .collect()
}

fn error_bar_ui(
    mut contexts: EguiContexts,
    settings: Res<Settings>,
    library: Res<ScenarioLibrary>,
    mut bar: ResMut<ErrorBar>,
) -> Result {
    let ctx = contexts.ctx_mut()?.clone();
    let errors = current_errors(&library);
    if errors.is_empty() || errors == bar.dismissed {
        reserve_bottom(&ctx, 0.0);
        return Ok(());
    }
    let lang = settings.lang;
    let mut root = egui::Ui::new(
        ctx.clone(),
        "frontline-error-bar".into(),
        egui::UiBuilder::new().layer_id(egui::LayerId::background()).max_rect(ctx.viewport_rect()),
    );
    let shown = egui::Panel::bottom("error-bar")
        .frame(egui::Frame::side_top_panel(&ctx.global_style()).fill(egui::Color32::from_rgb(0x3A, 0x1F, 0x1F)))
        .show(&mut root, |ui| {
            ui.add_space(2.0);
            ui.horizontal(|ui| {
                let count = errors.len();
                ui.label(
                    egui::RichText::new(fill(lang, Text::ScenarioErrorsCount, &[("count", &count)]))
                        .strong()
                        .color(BAD),
                );
                let toggle = if bar.expanded { Text::HideDetails } else { Text::ShowDetails };
                if ui.button(t(lang, toggle)).clicked() {
                    bar.expanded = !bar.expanded;
                }
                if ui.button(t(lang, Text::Dismiss)).clicked() {
                    bar.dismissed = errors.clone();
                }
                if !bar.expanded {
                    // The first error on the same line, cut to the space left.
                    ui.add(egui::Label::new(egui::RichText::new(&errors[0]).monospace().color(BAD)).truncate());
                }
            });
            if bar.expanded {
                egui::ScrollArea::vertical().max_height(ctx.content_rect().height() * 0.4).show(ui, |ui| {
                    for e in current_error_details(&library) {
                        ui.label(egui::RichText::new(e.trim_end()).monospace().color(BAD));
                    }
                });
                ui.label(hint(ui, t(lang, Text::FixAndSaveOverlayHint)));
            }
            ui.add_space(2.0);
        });
    crate::game::widgets::settle(&root, "error-bar", shown.response.rect);
    reserve_bottom(&ctx, shown.response.rect.height());
    Ok(())
}

/// The error bar, drawn before the screen so that the screen knows the room it takes.
pub fn plugin(app: &mut App) {
    app.init_resource::<ErrorBar>().add_systems(EguiPrimaryContextPass, error_bar_ui.before(ScreenUi));
}
