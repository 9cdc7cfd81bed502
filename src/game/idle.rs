//! Low idle CPU: the app sleeps until input, a window event, an animation frame the game asks for,
//! or the moment egui itself asked to repaint (its own repaint timing, not "every frame").
//!
//! Two things in bevy_egui 0.42 keep a reactive app awake: it feeds a `ModifiersChanged` event into
//! egui on every pass (any input event makes egui repaint, which bevy_egui turns into
//! `RequestRedraw`), and it treats a *delayed* repaint request (tooltip, animation timer) as an
//! immediate one. This module drops the redundant modifier events and replaces egui's redraw
//! requests by its own schedule: immediate requests redraw now, delayed ones wake the loop at the
//! requested time.
//!
//! The wake-up at a requested time comes from a small timer thread through the event loop's
//! proxy, never from changing the `WinitSettings` wait: Bevy's winit runner treats any change of
//! the update mode as a reason to update at once, so adjusting the wait every frame (as the
//! remaining time shrinks) kept the loop running flat out while a countdown was on screen.

use bevy::platform::collections::HashMap;
use bevy::prelude::*;
use bevy::window::RequestRedraw;
use bevy::winit::{UpdateMode, WinitSettings};
use bevy_egui::{
    EguiContext, EguiInput, EguiInputSet, EguiPostUpdateSet, EguiPreUpdateSet, EguiRenderOutput, PrimaryEguiContext,
    egui,
};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Longest sleep when nothing is scheduled.
pub const HEARTBEAT: Duration = Duration::from_secs(60);

/// Game systems set this during a frame when something is moving (typewriter, ringing, timer).
#[derive(Resource, Default, Debug)]
pub struct KeepAwake(pub bool);

/// A repaint egui asked for: when, and whether it asked for one right away (not after a delay).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RepaintRequest {
    /// When to repaint.
    pub at: Instant,
    /// egui asked for the next frame (a delay of a few milliseconds at most).
    pub immediate: bool,
}

/// The earliest repaint egui asked for, filled by egui's repaint callback.
#[derive(Resource, Clone, Default, Debug)]
pub struct RepaintClock(pub Arc<Mutex<Option<RepaintRequest>>>);

/// Requests shorter than this count as "the next frame".
const IMMEDIATE: Duration = Duration::from_millis(4);

/// Wakes the sleeping event loop at the instant the app last asked for (a thread with a timer).
/// Each message replaces the one before: the app always sends its current earliest deadline (or
/// `None`), so keeping older ones would only wake the loop for frames nobody asked for.
#[derive(Resource)]
pub struct DeadlineWaker {
    deadlines: std::sync::mpsc::Sender<Option<Instant>>,
    last_sent: Option<Instant>,
}

impl DeadlineWaker {
    /// Starts the timer thread; it ends when the waker is dropped.
    pub fn spawn(proxy: bevy::winit::EventLoopProxy<bevy::winit::WinitUserEvent>) -> DeadlineWaker {
        use std::sync::mpsc::RecvTimeoutError;
        let (deadlines, requests) = std::sync::mpsc::channel::<Option<Instant>>();
        std::thread::spawn(move || {
            let mut next: Option<Instant> = None;
            loop {
                let received = match next {
                    None => requests.recv().map_err(|_| RecvTimeoutError::Disconnected),
                    Some(at) => requests.recv_timeout(at.saturating_duration_since(Instant::now())),
                };
                match received {
                    Ok(at) => next = at,
                    Err(RecvTimeoutError::Timeout) => {
                        next = None;
                        let _ = proxy.send_event(bevy::winit::WinitUserEvent::WakeUp);
                    }
                    Err(RecvTimeoutError::Disconnected) => return,
                }
            }
        });
        DeadlineWaker { deadlines, last_sent: None }
    }

    /// Wake the loop at `at`, or not at all (`None`), instead of whatever was asked before.
    fn wake_at(&mut self, at: Option<Instant>) {
        if self.last_sent != at && self.deadlines.send(at).is_ok() {
            self.last_sent = at;
        }
    }
}

/// Glyph glitches: frames that drew text not drawn before while adding glyphs to egui's atlas.
/// Such a frame may show that text with glyphs missing; screens load the glyphs of what comes next
/// ahead (`style::warm_glyphs`), and the capture mode checks that a call has none.
#[derive(Resource, Default, Debug, Clone, Copy)]
pub struct GlyphGlitches {
    /// A screen set this during the frame: it drew text it had not drawn before.
    pub new_text_drawn: bool,
    /// A screen loaded the glyphs of text to come this frame (the upload is then expected, and the
    /// new text it drew, if any, had its glyphs loaded on an earlier frame).
    pub loaded_ahead: bool,
    /// Frames so far that did both.
    pub frames: u32,
}

/// Whether the repaint hook is installed on the primary context.
#[derive(Resource, Default)]
struct HookInstalled(bool);

/// The update mode used while waiting `wait`.
pub fn sleeping(wait: Duration) -> UpdateMode {
    UpdateMode::reactive_low_power(wait)
}

/// Settings for a desktop app that sleeps when idle.
pub fn winit_settings() -> WinitSettings {
    WinitSettings { focused_mode: sleeping(HEARTBEAT), unfocused_mode: sleeping(HEARTBEAT) }
}

fn install_hook(
    mut installed: ResMut<HookInstalled>,
    clock: Res<RepaintClock>,
    mut contexts: Query<&mut EguiContext, With<PrimaryEguiContext>>,
) {
    if installed.0 {
        return;
    }
    for mut ctx in &mut contexts {
        let clock = clock.0.clone();
        ctx.get_mut().set_request_repaint_callback(move |info| {
            let request = RepaintRequest { at: Instant::now() + info.delay, immediate: info.delay <= IMMEDIATE };
            if let Ok(mut next) = clock.lock() {
                // Keep an earlier request only while it is still ahead: one that has come is being
                // served by the frame running now, and must not hide this newer one.
                let now = Instant::now();
                *next = Some(match *next {
                    Some(earlier) if earlier.at <= request.at && earlier.at > now => earlier,
                    _ => request,
                });
            }
        });
        installed.0 = true;
    }
}

/// Drops a `ModifiersChanged` event that repeats the modifier state egui already has.
fn drop_repeated_modifiers(
    mut inputs: Query<(Entity, &mut EguiInput)>,
    mut last: Local<HashMap<Entity, egui::Modifiers>>,
) {
    for (entity, mut input) in &mut inputs {
        let Some(current) = input.events.iter().rev().find_map(|e| match e {
            egui::Event::ModifiersChanged(m) => Some(*m),
            _ => None,
        }) else {
            continue;
        };
        let only_modifiers = input.events.iter().all(|e| matches!(e, egui::Event::ModifiersChanged(_)));
        if only_modifiers && last.get(&entity) == Some(&current) {
            input.events.clear();
        }
        last.insert(entity, current);
    }
}

/// Replaces this frame's redraw requests by: redraw now if egui asked for the next frame or the
/// game is animating; otherwise sleep until egui's deadline (or the heartbeat). A deadline that has
/// come is served by the frame running now.
fn schedule_redraw(
    outputs: Query<&EguiRenderOutput>,
    mut redraws: ResMut<Messages<RequestRedraw>>,
    mut keep_awake: ResMut<KeepAwake>,
    clock: Res<RepaintClock>,
    mut winit: ResMut<WinitSettings>,
    waker: Option<ResMut<DeadlineWaker>>,
    mut glitches: ResMut<GlyphGlitches>,
) {
    redraws.clear();
    let now = Instant::now();
    let mut wake_now = std::mem::take(&mut keep_awake.0);
    // New glyphs went into egui's font atlas this frame: draw one more frame so text that used them
    // never stays half-drawn while the app sleeps.
    if outputs.iter().any(|o| !o.textures_delta.set.is_empty()) {
        wake_now = true;
        if glitches.new_text_drawn && !glitches.loaded_ahead {
            glitches.frames += 1;
        }
    }
    glitches.new_text_drawn = false;
    glitches.loaded_ahead = false;
    let mut deadline = None;
    if let Ok(mut next) = clock.0.lock()
        && let Some(request) = *next
    {
        if request.at <= now + IMMEDIATE {
            *next = None;
            wake_now |= request.immediate;
        } else {
            deadline = Some(request.at);
        }
    }
    if wake_now {
        redraws.write(RequestRedraw);
    }
    match (waker, deadline) {
        (Some(mut waker), deadline) => waker.wake_at(deadline),
        // Without an event-loop proxy (it should not happen in the window), fall back to the wait.
        (None, deadline) => {
            let wait = deadline.map_or(HEARTBEAT, |at| at - now).max(Duration::from_millis(5));
            let mode = sleeping(wait);
            if winit.focused_mode != mode {
                winit.focused_mode = mode;
                winit.unfocused_mode = mode;
            }
        }
    }
}

fn start_deadline_waker(mut commands: Commands, proxy: Option<Res<bevy::winit::EventLoopProxyWrapper>>) {
    if let Some(proxy) = proxy {
        commands.insert_resource(DeadlineWaker::spawn((**proxy).clone()));
    }
}

/// Keeps the folder watcher alive.
#[derive(Resource)]
pub struct FolderWaker(#[allow(dead_code)] notify::RecommendedWatcher);

/// Wakes the sleeping event loop when a file in one of `folders` changes, a few times over the next second,
/// so the asset server's own (debounced) watcher gets to deliver the reload without a heartbeat.
pub fn wake_on_changes(app: &mut App, folders: &[std::path::PathBuf]) {
    use notify::Watcher;
    let Some(proxy) = app.world().get_resource::<bevy::winit::EventLoopProxyWrapper>().map(|p| (**p).clone()) else {
        return;
    };
    let handler = move |event: notify::Result<notify::Event>| {
        let Ok(event) = event else { return };
        if !(event.kind.is_modify() || event.kind.is_create() || event.kind.is_remove()) {
            return;
        }
        let proxy = proxy.clone();
        std::thread::spawn(move || {
            for delay in [0u64, 350, 700, 1200] {
                std::thread::sleep(Duration::from_millis(delay));
                let _ = proxy.send_event(bevy::winit::WinitUserEvent::WakeUp);
            }
        });
    };
    match notify::recommended_watcher(handler) {
        Ok(mut watcher) => {
            for folder in folders {
                if let Err(e) = watcher.watch(folder, notify::RecursiveMode::Recursive) {
                    warn!("cannot watch {}: {e}; edits show up within {} s", folder.display(), HEARTBEAT.as_secs());
                }
            }
            app.insert_resource(FolderWaker(watcher));
        }
        Err(e) => warn!("cannot watch for file changes: {e}"),
    }
}

/// Installs the idle behaviour (windowed app only).
pub fn plugin(app: &mut App) {
    app.insert_resource(winit_settings())
        .init_resource::<KeepAwake>()
        .init_resource::<GlyphGlitches>()
        .init_resource::<RepaintClock>()
        .init_resource::<HookInstalled>()
        .add_systems(PreUpdate, install_hook.after(EguiPreUpdateSet::InitContexts).before(EguiPreUpdateSet::BeginPass))
        .add_systems(
            PreUpdate,
            drop_repeated_modifiers.after(EguiInputSet::WriteEguiEvents).before(EguiPreUpdateSet::BeginPass),
        )
        .add_systems(Startup, start_deadline_waker)
        .add_systems(PostUpdate, schedule_redraw.after(EguiPostUpdateSet::ProcessOutput));
}
