//! Error overlay: any scenario that fails to load (at start or on hot reload) is shown on every
//! screen with `file:line:col` and the message, until the file is fixed or the learner dismisses it.

use crate::game::i18n::tr;
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
        .filter_map(|e| e.error.as_ref())
        .flat_map(|err| err.diagnostics.iter().filter(|d| d.is_error()).map(|d| d.headline()))
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
    egui::Window::new(tr(lang, "Scenario errors", "场景错误"))
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
            ui.label(
                egui::RichText::new(tr(
                    lang,
                    "Fix and save the file: it reloads by itself. `frontline check` shows the details.",
                    "修改并保存文件即可自动重新加载。`frontline check` 可查看详情。",
                ))
                .weak(),
            );
            if ui.button(tr(lang, "Dismiss", "关闭")).clicked() {
                dismissed.0 = errors.clone();
            }
        });
    Ok(())
}

/// The overlay.
pub fn plugin(app: &mut App) {
    app.init_resource::<DismissedErrors>().add_systems(EguiPrimaryContextPass, overlay_ui);
}
