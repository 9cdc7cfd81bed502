//! The call screen: the ringing phone, the customer's portrait and meters, the transcript with a
//! typewriter reveal, the options (mouse, number keys, arrows + Enter), the patience timer and pause.

use crate::game::i18n::tr;
use crate::game::screen::Screen;
use crate::game::session::{CallAction, CallPhase, CallSession, Speaker};
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
    session: Option<Res<CallSession>>,
    mut actions: MessageWriter<CallAction>,
) {
    let Some(session) = session else { return };
    let enter = keys.any_just_pressed([KeyCode::Enter, KeyCode::NumpadEnter]);
    if keys.just_pressed(KeyCode::Escape) {
        actions.write(if session.paused { CallAction::Resume } else { CallAction::Pause });
        return;
    }
    if session.paused {
        if keys.just_pressed(KeyCode::KeyR) {
            actions.write(CallAction::Restart { same_seed: true });
        } else if keys.just_pressed(KeyCode::KeyQ) {
            actions.write(CallAction::QuitToLibrary);
        } else if enter {
            actions.write(CallAction::Resume);
        }
        return;
    }
    match session.phase {
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
                    actions.write(CallAction::Choose(n));
                }
            }
            if keys.just_pressed(KeyCode::ArrowDown) {
                actions.write(CallAction::MoveHighlight(1));
            }
            if keys.just_pressed(KeyCode::ArrowUp) {
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
    session: Option<Res<CallSession>>,
    time: Res<Time>,
    mut actions: MessageWriter<CallAction>,
) -> Result {
    let ctx = contexts.ctx_mut()?.clone();
    let Some(session) = session else { return Ok(()) };
    let lang = settings.lang;
    let scenario = session.loaded.scenario.clone();
    let meters = session.conversation.state().meters;
    let mut root = root_ui(&ctx);

    egui::Panel::top("call-top").show(&mut root, |ui| {
        ui.horizontal(|ui| {
            ui.heading(scenario.title.learner(lang));
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                if ui.button(tr(lang, "Pause (Esc)", "暂停（Esc）")).clicked() {
                    actions.write(CallAction::Pause);
                }
            });
        });
        if let Some(e) = &session.error {
            ui.horizontal(|ui| {
                ui.colored_label(BAD, format!("{} {e}", tr(lang, "This call cannot go on:", "通话无法继续：")));
                if ui.button(tr(lang, "Quit to library", "返回场景库")).clicked() {
                    actions.write(CallAction::QuitToLibrary);
                }
            });
        }
        if session.stale {
            ui.colored_label(
                ACCENT,
                tr(lang, "The scenario file changed on disk. This call continues on the version it started with; restart to use the new one.", "场景文件已在磁盘上修改。本通电话继续使用开始时的版本；重新开始即可使用新版本。"),
            );
        }
    });

    egui::Panel::left("call-customer").default_size(250.0).resizable(false).show(&mut root, |ui| {
        egui::ScrollArea::vertical().id_salt("call-customer-scroll").show(ui, |ui| {
            ui.vertical_centered(|ui| {
                ui.add_space(8.0);
                portrait(ui, 170.0, meters.mood, meters.patience);
                ui.label(egui::RichText::new(scenario.customer.name.learner(lang)).size(20.0).strong());
            });
            ui.add_space(10.0);
            meter(ui, tr(lang, "Mood", "情绪"), meters.mood, 130.0);
            meter(ui, tr(lang, "Patience", "耐心"), meters.patience, 130.0);
            if settings.patience_timers
                && !session.paused
                && session.phase == CallPhase::Talking
                && !session.revealing()
                && let Some(limit) = session.timer_seconds()
            {
                let left = (limit as f32 - session.thinking).max(0.0);
                ui.add_space(6.0);
                ui.label(
                    egui::RichText::new(format!(
                        "{} {:.0} {}",
                        tr(lang, "Customer waiting:", "客户等待："),
                        left,
                        tr(lang, "s", "秒")
                    ))
                    .color(if left < 5.0 { BAD } else { MUTED }),
                );
                ui.add(egui::ProgressBar::new(left / limit as f32).desired_width(200.0));
                // The countdown shows whole seconds: repaint when the next second ticks over.
                let until_next_second = if left.fract() > 0.01 { left.fract() } else { 1.0 };
                ctx.request_repaint_after(std::time::Duration::from_secs_f32(until_next_second));
            }
            // Who the customer is comes last: the meters matter more during the call.
            let description = scenario.customer.description.learner(lang);
            if !description.is_empty() {
                ui.add_space(10.0);
                ui.label(egui::RichText::new(description).weak());
            }
        });
    });

    if session.phase == CallPhase::Ringing {
        egui::CentralPanel::default().show(&mut root, |ui| {
            ui.vertical_centered(|ui| {
                ui.add_space(80.0);
                let (title, button) = match scenario.channel {
                    crate::core::scenario::Channel::Phone => {
                        crate::game::widgets::ringing_phone(ui, 160.0, time.elapsed_secs());
                        (tr(lang, "Incoming call…", "来电…"), tr(lang, "Answer  (Enter)", "接听（Enter）"))
                    }
                    crate::core::scenario::Channel::InPerson => {
                        portrait(ui, 120.0, meters.mood, meters.patience);
                        (
                            tr(lang, "A customer comes up to your desk…", "一位客人走到你的柜台前…"),
                            tr(lang, "Greet them  (Enter)", "上前接待（Enter）"),
                        )
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
            egui::ScrollArea::vertical().id_salt("call-options-scroll").max_height(max_bottom).show(ui, |ui| {
                options_ui(ui, &session, lang, &mut actions);
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
                        transcript_ui(ui, &session, lang);
                    });
                });
        });
    }

    if session.paused {
        egui::Modal::new(egui::Id::new("pause")).show(&ctx, |ui| {
            ui.set_width(280.0);
            ui.heading(tr(lang, "Paused", "已暂停"));
            if ui.button(tr(lang, "Resume (Esc)", "继续（Esc）")).clicked() {
                actions.write(CallAction::Resume);
            }
            if ui.button(tr(lang, "Restart this call (R)", "重新开始本通电话（R）")).clicked() {
                actions.write(CallAction::Restart { same_seed: true });
            }
            if ui.button(tr(lang, "Quit to library (Q)", "返回场景库（Q）")).clicked() {
                actions.write(CallAction::QuitToLibrary);
            }
        });
    }
    Ok(())
}

fn transcript_ui(ui: &mut egui::Ui, session: &CallSession, lang: crate::core::text::Lang) {
    let scenario = &session.loaded.scenario;
    let zh = lang == crate::core::text::Lang::Zh;
    let last = session.transcript.len().saturating_sub(1);
    for (i, line) in session.transcript.iter().enumerate() {
        let full = line.text.learner(lang);
        let text: String = match session.revealed {
            Some(r) if i == last => {
                let per_char = if lang == crate::core::text::Lang::Zh { 2.0 } else { 1.0 };
                full.chars().take((r / per_char) as usize).collect()
            }
            _ => full.to_string(),
        };
        match line.speaker {
            Speaker::Customer => {
                ui.label(
                    egui::RichText::new(format!("{}{}", scenario.customer.name.learner(lang), tr(lang, ":", "：")))
                        .strong()
                        .color(ACCENT),
                );
                ui.label(egui::RichText::new(text).size(18.0));
            }
            Speaker::Learner => {
                ui.with_layout(egui::Layout::top_down(egui::Align::Max), |ui| {
                    ui.label(egui::RichText::new(tr(lang, "You:", "你：")).strong());
                    // Chinese has no italics; egui would slant the glyphs.
                    let said = egui::RichText::new(text).size(16.0);
                    ui.label(if zh { said } else { said.italics() });
                });
            }
            Speaker::Narration => {
                let narration = egui::RichText::new(text).color(MUTED);
                ui.label(if zh { narration } else { narration.italics() });
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
        if ui.button(tr(lang, "… (any key to show the whole line)", "…（按任意键显示整句）")).clicked() {
            actions.write(CallAction::SkipReveal);
        }
        return;
    }
    if session.phase == CallPhase::Ended {
        ui.vertical_centered(|ui| {
            ui.label(egui::RichText::new(tr(lang, "The conversation has ended.", "对话已结束。")).size(20.0));
            let label = egui::RichText::new(tr(lang, "See your debrief  (Enter)", "查看复盘（Enter）")).size(18.0);
            if ui.button(label).clicked() {
                actions.write(CallAction::ShowDebrief);
            }
        });
        return;
    }
    for (k, (number, text)) in session.options().into_iter().enumerate() {
        let selected = session.highlighted == Some(k);
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
    ui.label(
        egui::RichText::new(tr(
            lang,
            "1–9 to answer · ↑↓ and Enter · Esc pauses",
            "按 1–9 作答 · ↑↓ 加 Enter · Esc 暂停",
        ))
        .small()
        .weak(),
    );
}

/// The call screen.
pub fn plugin(app: &mut App) {
    app.add_systems(OnEnter(Screen::Call), enter)
        .add_systems(Update, keyboard.run_if(in_state(Screen::Call)).before(crate::game::session::SessionSet))
        .add_systems(EguiPrimaryContextPass, call_ui.run_if(in_state(Screen::Call)));
}
