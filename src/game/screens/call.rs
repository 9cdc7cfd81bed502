//! The call screen: the ringing phone, the customer's portrait and meters, the transcript with a
//! typewriter reveal, the options (mouse, number keys, arrows + Enter), the patience timer and pause.

use crate::core::call::{CallAction, CallPhase, CallSession, Speaker};
use crate::core::ids::OptionNumber;
use crate::core::meters::Meter;
use crate::core::ui_text::{Text, fill, t};
use crate::game::screen::Screen;
use crate::game::session::ActiveCall;
use crate::game::settings::Settings;
use crate::game::style::{ACCENT, BAD, MUTED, root_ui};
use crate::game::widgets::{meter, portrait};
use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

/// Marks the call screen's lifetime.
#[derive(Component)]
pub struct CallScreen;

fn enter(mut commands: Commands) {
    commands.spawn((Name::new("Call screen"), CallScreen, DespawnOnExit(Screen::Call)));
}

/// The key for digit `n` (1–9) on the main row.
pub fn digit_key(n: usize) -> KeyCode {
    match n {
        1 => KeyCode::Digit1,
        2 => KeyCode::Digit2,
        3 => KeyCode::Digit3,
        4 => KeyCode::Digit4,
        5 => KeyCode::Digit5,
        6 => KeyCode::Digit6,
        7 => KeyCode::Digit7,
        8 => KeyCode::Digit8,
        _ => KeyCode::Digit9,
    }
}

fn numpad_key(n: usize) -> KeyCode {
    match n {
        1 => KeyCode::Numpad1,
        2 => KeyCode::Numpad2,
        3 => KeyCode::Numpad3,
        4 => KeyCode::Numpad4,
        5 => KeyCode::Numpad5,
        6 => KeyCode::Numpad6,
        7 => KeyCode::Numpad7,
        8 => KeyCode::Numpad8,
        _ => KeyCode::Numpad9,
    }
}

/// Turns key presses into call actions (no game logic here).
pub fn keyboard(
    keys: Res<ButtonInput<KeyCode>>,
    mut presses: MessageReader<bevy::input::keyboard::KeyboardInput>,
    active: Option<Res<ActiveCall>>,
    mut actions: MessageWriter<CallAction>,
) {
    // Arrow keys count every press, even two within one frame (`just_pressed` would see one).
    let (mut down, mut up) = (0, 0);
    for press in presses.read().filter(|p| p.state == bevy::input::ButtonState::Pressed) {
        match press.key_code {
            KeyCode::ArrowDown => down += 1,
            KeyCode::ArrowUp => up += 1,
            _ => {}
        }
    }
    let Some(active) = active else { return };
    let session = &active.call;
    let enter = keys.any_just_pressed([KeyCode::Enter, KeyCode::NumpadEnter]);
    if keys.just_pressed(KeyCode::Escape) {
        actions.write(if session.paused() { CallAction::Resume } else { CallAction::Pause });
        return;
    }
    if session.paused() {
        if keys.just_pressed(KeyCode::KeyR) {
            actions.write(CallAction::Restart { same_seed: true });
        } else if keys.just_pressed(KeyCode::KeyQ) {
            actions.write(CallAction::QuitToLibrary);
        } else if enter {
            actions.write(CallAction::Resume);
        }
        return;
    }
    match session.phase() {
        CallPhase::Ringing => {
            if enter || keys.just_pressed(KeyCode::Space) {
                actions.write(CallAction::Answer);
            }
        }
        _ if session.revealing() => {
            if keys.get_just_pressed().next().is_some() {
                actions.write(CallAction::SkipReveal);
            }
        }
        CallPhase::Talking => {
            for n in 1..=9 {
                if keys.any_just_pressed([digit_key(n), numpad_key(n)]) {
                    actions.write(CallAction::Choose(OptionNumber(n)));
                }
            }
            for _ in 0..down {
                actions.write(CallAction::MoveHighlight(1));
            }
            for _ in 0..up {
                actions.write(CallAction::MoveHighlight(-1));
            }
            if enter {
                actions.write(CallAction::ChooseHighlighted);
            }
        }
        CallPhase::Ended => {
            // Only Enter: Space is for skipping lines, and must not skip past the ending.
            if enter {
                actions.write(CallAction::ShowDebrief);
            }
        }
    }
}

fn call_ui(
    mut contexts: EguiContexts,
    settings: Res<Settings>,
    active: Option<Res<ActiveCall>>,
    time: Res<Time>,
    mut actions: MessageWriter<CallAction>,
) -> Result {
    let ctx = contexts.ctx_mut()?.clone();
    let Some(active) = active else { return Ok(()) };
    let session = &active.call;
    let lang = settings.lang;
    let scenario = session.loaded.scenario.clone();
    let meters = session.conversation.state().meters;
    let mut root = root_ui(&ctx);

    egui::Panel::top("call-top").show(&mut root, |ui| {
        ui.horizontal(|ui| {
            ui.heading(scenario.title.learner(lang));
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                if ui.button(t(lang, Text::PauseEsc)).clicked() {
                    actions.write(CallAction::Pause);
                }
            });
        });
        if let Some(e) = &active.error {
            ui.horizontal(|ui| {
                ui.colored_label(BAD, format!("{} {e}", t(lang, Text::ThisCallCannotGoOn)));
                if ui.button(t(lang, Text::QuitToLibrary)).clicked() {
                    actions.write(CallAction::QuitToLibrary);
                }
            });
        }
        if active.stale {
            ui.colored_label(ACCENT, t(lang, Text::ScenarioChangedDuringCall));
        }
    });

    // A fixed width: the panel must not widen when a meter's number gets longer (100).
    egui::Panel::left("call-customer").exact_size(290.0).resizable(false).show(&mut root, |ui| {
        egui::ScrollArea::vertical().id_salt("call-customer-scroll").show(ui, |ui| {
            ui.vertical_centered(|ui| {
                ui.add_space(8.0);
                portrait(ui, 170.0, meters.mood, meters.patience);
                ui.label(egui::RichText::new(scenario.customer.name.learner(lang)).size(20.0).strong());
            });
            ui.add_space(10.0);
            meter(ui, t(lang, Text::MeterName(Meter::Mood)), meters.mood, 130.0);
            meter(ui, t(lang, Text::MeterName(Meter::Patience)), meters.patience, 130.0);
            if let Some(countdown) = session.countdown(settings.patience_timers) {
                ui.add_space(6.0);
                let name = scenario.customer.name.learner(lang);
                let text = fill(lang, Text::PatienceCountdown, &[("name", &name), ("time", &countdown.clock())]);
                ui.label(egui::RichText::new(text).color(if countdown.urgent() { BAD } else { MUTED }));
                let share = countdown.left / countdown.limit.max(1) as f32;
                ui.add(egui::ProgressBar::new(share).desired_width(200.0));
                ctx.request_repaint_after(countdown.until_next_tick());
            }
            // Who the customer is comes last: the meters matter more during the call.
            let description = scenario.customer.description.learner(lang);
            if !description.is_empty() {
                ui.add_space(10.0);
                ui.label(egui::RichText::new(description).weak());
            }
        });
    });

    if session.phase() == CallPhase::Ringing {
        egui::CentralPanel::default().show(&mut root, |ui| {
            ui.vertical_centered(|ui| {
                ui.add_space(80.0);
                let (title, button) = match scenario.channel {
                    crate::core::scenario::Channel::Phone => {
                        crate::game::widgets::ringing_phone(ui, 160.0, time.elapsed_secs());
                        (t(lang, Text::IncomingCall), t(lang, Text::AnswerEnter))
                    }
                    crate::core::scenario::Channel::InPerson => {
                        portrait(ui, 120.0, meters.mood, meters.patience);
                        (t(lang, Text::ACustomerComesUpToYour), t(lang, Text::GreetThemEnter))
                    }
                };
                ui.label(egui::RichText::new(title).size(24.0));
                ui.add_space(12.0);
                if ui.add(egui::Button::new(egui::RichText::new(button).size(20.0))).clicked() {
                    actions.write(CallAction::Answer);
                }
            });
        });
    } else {
        // The options (or the end-of-call button) sit in a bottom panel sized to its content, so
        // nothing is cut off at any UI scale; the transcript takes the rest.
        let max_bottom = ctx.content_rect().height() * 0.55;
        egui::Panel::bottom("call-options").resizable(false).show(&mut root, |ui| {
            ui.add_space(6.0);
            // The scroll bar is always there: one shown only when needed changes the options' width,
            // so their height, so whether it is needed — and egui repaints to settle it every second.
            egui::ScrollArea::vertical()
                .id_salt("call-options-scroll")
                .max_height(max_bottom)
                .scroll_bar_visibility(egui::scroll_area::ScrollBarVisibility::AlwaysVisible)
                .show(ui, |ui| {
                    options_ui(ui, session, lang, &mut actions);
                });
            ui.add_space(6.0);
        });
        egui::CentralPanel::default().show(&mut root, |ui| {
            egui::ScrollArea::vertical()
                .id_salt("call-transcript")
                .stick_to_bottom(true)
                .auto_shrink([false, false])
                .show(ui, |ui| {
                    // Leave room for the scroll bar so right-aligned lines stay readable.
                    egui::Frame::NONE.inner_margin(egui::Margin { right: 18, ..Default::default() }).show(ui, |ui| {
                        transcript_ui(ui, session, lang);
                    });
                });
        });
    }

    if session.paused() {
        egui::Modal::new(egui::Id::new("pause")).show(&ctx, |ui| {
            ui.set_width(280.0);
            ui.heading(t(lang, Text::Paused));
            if ui.button(t(lang, Text::ResumeEsc)).clicked() {
                actions.write(CallAction::Resume);
            }
            if ui.button(t(lang, Text::RestartThisCallR)).clicked() {
                actions.write(CallAction::Restart { same_seed: true });
            }
            if ui.button(t(lang, Text::QuitToLibraryQ)).clicked() {
                actions.write(CallAction::QuitToLibrary);
            }
        });
    }
    Ok(())
}

fn transcript_ui(ui: &mut egui::Ui, session: &CallSession, lang: crate::core::text::Lang) {
    let scenario = &session.loaded.scenario;
    for (i, line) in session.transcript().iter().enumerate() {
        let text = session.shown_text(i);
        match line.speaker {
            Speaker::Customer => {
                ui.label(
                    egui::RichText::new(format!("{}{}", scenario.customer.name.learner(lang), t(lang, Text::Colon)))
                        .strong()
                        .color(ACCENT),
                );
                ui.label(egui::RichText::new(text).size(18.0));
            }
            Speaker::Learner => {
                ui.with_layout(egui::Layout::top_down(egui::Align::Max), |ui| {
                    ui.label(egui::RichText::new(t(lang, Text::YouColon)).strong());
                    // Chinese has no italics; egui would slant the glyphs.
                    let said = egui::RichText::new(text).size(16.0);
                    ui.label(if lang.has_italics() { said.italics() } else { said });
                });
            }
            Speaker::Narration => {
                let narration = egui::RichText::new(text).color(MUTED);
                ui.label(if lang.has_italics() { narration.italics() } else { narration });
            }
        }
        ui.add_space(4.0);
    }
}

fn options_ui(
    ui: &mut egui::Ui,
    session: &CallSession,
    lang: crate::core::text::Lang,
    actions: &mut MessageWriter<CallAction>,
) {
    if session.revealing() {
        if ui.button(t(lang, Text::AnyKeyToShowTheWhole)).clicked() {
            actions.write(CallAction::SkipReveal);
        }
        return;
    }
    if session.phase() == CallPhase::Ended {
        ui.vertical_centered(|ui| {
            ui.label(egui::RichText::new(t(lang, Text::TheConversationHasEnded)).size(20.0));
            let label = egui::RichText::new(t(lang, Text::SeeYourDebriefEnter)).size(18.0);
            if ui.button(label).clicked() {
                actions.write(CallAction::ShowDebrief);
            }
        });
        return;
    }
    for (k, (number, text)) in session.options().into_iter().enumerate() {
        let selected = session.highlighted() == Some(k);
        let label = egui::RichText::new(format!("{number}.  {}", text.learner(lang))).size(16.0);
        let button =
            egui::Button::new(label).wrap().min_size(egui::vec2(ui.available_width(), 38.0)).selected(selected);
        let response = ui.add(button);
        if response.clicked() {
            actions.write(CallAction::Choose(number));
        }
        // Keep the keyboard highlight in view when it moves (the list may scroll at large UI scales).
        let shown = egui::Id::new("call-highlight-shown");
        if selected && ui.memory(|m| m.data.get_temp::<usize>(shown)) != Some(k) {
            response.scroll_to_me(None);
            ui.memory_mut(|m| m.data.insert_temp(shown, k));
        }
    }
    ui.label(egui::RichText::new(t(lang, Text::CallKeyHint)).small().weak());
}

/// The call screen.
pub fn plugin(app: &mut App) {
    app.add_systems(OnEnter(Screen::Call), enter)
        .add_systems(Update, keyboard.run_if(in_state(Screen::Call)).before(crate::game::session::SessionSet))
        .add_systems(EguiPrimaryContextPass, call_ui.run_if(in_state(Screen::Call)));
}
