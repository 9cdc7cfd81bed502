//! A bare Bevy + egui window with one label, built with the same features and profile as the game:
//! the baseline `scripts/measure-idle.sh` compares the game's idle CPU and memory against.

use bevy::prelude::*;
use bevy::winit::WinitSettings;
use bevy_egui::{EguiContexts, EguiPlugin, EguiPrimaryContextPass, egui};

fn main() -> AppExit {
    App::new()
        .add_plugins(DefaultPlugins.set(WindowPlugin {
            primary_window: Some(Window { title: "bare".into(), resolution: (1280u32, 800u32).into(), ..default() }),
            ..default()
        }))
        .add_plugins(EguiPlugin::default())
        .insert_resource(WinitSettings::desktop_app())
        .add_systems(Startup, |mut commands: Commands| {
            commands.spawn(Camera2d);
        })
        .add_systems(EguiPrimaryContextPass, ui)
        .run()
}

fn ui(mut contexts: EguiContexts) -> Result {
    let ctx = contexts.ctx_mut()?.clone();
    egui::Window::new("bare").show(&ctx, |ui| {
        ui.label("A bare bevy + egui window.");
    });
    Ok(())
}
