//! A bare Bevy + egui window with one label, built with the same features and profile as the game:
//! the baseline `scripts/measure-idle.sh` and `scripts/perf-report.sh` compare the game against.
//! With `--animate` it redraws continuously, a label moving, to give the cost of one frame of a
//! bare window (with `FRONTLINE_FRAME_STATS=SECONDS`, counted like the game's frames).

use bevy::prelude::*;
use bevy::winit::WinitSettings;
use bevy_egui::{EguiContexts, EguiPlugin, EguiPrimaryContextPass, egui};

fn main() -> AppExit {
    let animate = std::env::args().any(|a| a == "--animate");
    let mut app = App::new();
    app.add_plugins(DefaultPlugins.set(WindowPlugin {
        primary_window: Some(Window { title: "bare".into(), resolution: (1280u32, 800u32).into(), ..default() }),
        ..default()
    }))
    .add_plugins(EguiPlugin::default())
    .insert_resource(if animate { WinitSettings::game() } else { WinitSettings::desktop_app() })
    .add_systems(Startup, |mut commands: Commands| {
        commands.spawn(Camera2d);
    })
    .add_systems(EguiPrimaryContextPass, ui);
    frontline::game::frame_stats::plugin(&mut app);
    app.run()
}

fn ui(mut contexts: EguiContexts, time: Res<Time>) -> Result {
    let ctx = contexts.ctx_mut()?.clone();
    egui::Window::new("bare").show(&ctx, |ui| {
        ui.label("A bare bevy + egui window.");
        // Moves when animating (every frame is then a new picture); still otherwise.
        ui.add_space((time.elapsed_secs() * 40.0) % 100.0);
        ui.label("·");
    });
    Ok(())
}
