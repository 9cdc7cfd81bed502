//! Error overlay: any scenario that fails to load (at start or on hot reload) is shown on every
//! screen with `file:line:col` and the message, until the file is fixed or the learner dismisses it.

use crate::core::ui_text::{Text, t};
use crate::game::scenario_asset::ScenarioLibrary;
use crate::game::settings::Settings;
use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

/// The set of errors the learner dismissed (the overlay returns when the errors change).
#[derive(Resource, Default, Debug)]
pub struct DismissedErrors(pub Vec<String>);

/// The current error headlines, one per failing file.
pub fn current_errors(library: &ScenarioLibrary) -> Vec<String> {
    library
        .errors()
        .flat_map(|e| e.error.iter().chain(e.duplicate.iter()))
        .flat_map(|err| err.errors().map(|d| d.headline()))
        .collect()
}

fn overlay_ui(
    mut contexts: EguiContexts,
    settings: Res<Settings>,
    library: Res<ScenarioLibrary>,
    mut dismissed: ResMut<DismissedErrors>,
) -> Result {
    let errors = current_errors(&library);
    if errors.is_empty() || errors == dismissed.0 {
        return Ok(());
    }
    let ctx = contexts.ctx_mut()?.clone();
    let lang = settings.lang;
    egui::Window::new(t(lang, Text::ScenarioErrors))
        .anchor(egui::Align2::RIGHT_BOTTOM, egui::vec2(-12.0, -12.0))
        .collapsible(true)
        .resizable(false)
        .default_width(560.0)
        .show(&ctx, |ui| {
            egui::ScrollArea::vertical().max_height(220.0).show(ui, |ui| {
                for e in &errors {
                    ui.label(egui::RichText::new(e).monospace().color(crate::game::style::BAD));
                }
            });
            ui.label(egui::RichText::new(t(lang, Text::FixAndSaveOverlayHint)).weak());
            if ui.button(t(lang, Text::Dismiss)).clicked() {
                dismissed.0 = errors.clone();
            }
        });
    Ok(())
}

/// The overlay.
pub fn plugin(app: &mut App) {
    app.init_resource::<DismissedErrors>().add_systems(EguiPrimaryContextPass, overlay_ui);
}
