//! The call screen: the ringing phone, the customer's portrait and meters, the transcript with a
//! typewriter reveal, the options (mouse, number keys, arrows + Enter), the patience timer and pause.

use crate::core::call::{CallAction, CallPhase, CallSession, Speaker};
use crate::core::ids::OptionNumber;
use crate::core::meters::Meter;
use crate::core::ui_text::{Text, fill, t};
use crate::game::idle::GlyphGlitches;
use crate::game::portrait::portrait;
use crate::game::screen::Screen;
use crate::game::session::ActiveCall;
use crate::game::settings::Settings;
use crate::game::style::{
    ACCENT, BAD, ENDING_SIZE, LEARNER_SPEECH, MUTED, NAME_SIZE, NARRATION, OPTION_SIZE, SPEECH, TRANSCRIPT_SIZE, hint,
    root_ui, warm_glyphs,
};
use crate::game::widgets::{meter, settle, wrapped_label, wrapped_text};
use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

/// Where the last frame drew the parts a learner needs (screen coordinates, in points), so that
/// a capture can check that what stays on screen while the app sleeps is whole.
#[derive(Resource, Debug, Clone)]
pub struct CallLayout {
    /// The window's content area.
    pub window: egui::Rect,
    /// The options panel (or the end-of-call panel).
    pub options_panel: egui::Rect,
    /// The visible part of the options' scroll area, and the height of what it holds.
    pub options_view: egui::Rect,
    /// Height of everything in the options' scroll area.
    pub options_content_height: f32,
    /// Each option, then the key hint (or the end-of-call button).
    pub options: Vec<egui::Rect>,
    /// The visible part of the transcript, and its last line.
    pub transcript_view: egui::Rect,
    /// The transcript's last line.
    pub last_line: Option<egui::Rect>,
}

impl Default for CallLayout {
    fn default() -> CallLayout {
        let nothing = egui::Rect::NOTHING;
        CallLayout {
            window: nothing,
            options_panel: nothing,
            options_view: nothing,
            options_content_height: 0.0,
            options: Vec::new(),
            transcript_view: nothing,
            last_line: None,
        }
    }
}

impl CallLayout {
    /// What is not whole on screen, in words (empty when everything a learner needs is visible:
    /// every option in view or reachable with the scroll bar, the last line in view).
    pub fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        let slack = 0.5;
        if self.options_panel.bottom() > self.window.bottom() + slack || self.options_panel.top() < self.window.top() {
            out.push(format!("the options panel {:?} is not inside the window {:?}", self.options_panel, self.window));
        }
        let scrolls = self.options_content_height > self.options_view.height() + slack;
        if !scrolls {
            for (k, rect) in self.options.iter().enumerate() {
                if rect.bottom() > self.options_view.bottom() + slack || rect.top() < self.options_view.top() - slack {
                    out.push(format!(
                        "item {} of the options panel {rect:?} is outside its view {:?}",
                        k + 1,
                        self.options_view
                    ));
                }
            }
        }
        if let Some(line) = self.last_line
            && line.bottom() > self.transcript_view.bottom() + slack
        {
            out.push(format!("the last line {line:?} ends below the transcript's view {:?}", self.transcript_view));
        }
        out
    }
}

/// The interface lines the call screen draws large, by size (fonts load them ahead of the call).
pub const LARGE_TEXT: &[(f32, &[Text])] = &[
    (24.0, &[Text::IncomingCall, Text::ACustomerComesUpToYour]),
    (20.0, &[Text::AnswerEnter, Text::GreetThemEnter, Text::TheConversationHasEnded]),
    (18.0, &[Text::SeeYourDebriefEnter]),
];

/// What the call screen has drawn and loaded glyphs for, so that each line and its options have
/// their glyphs in the atlas before any of their text is drawn.
#[derive(Default)]
pub struct ComingUp {
    /// Transcript lines whose glyphs are loaded, with the language and scale they were loaded for.
    loaded_for: Option<(usize, crate::core::text::Lang, u32)>,
    /// Characters drawn last frame (all lines) and whether options were on screen.
    drawn: (usize, bool),
}

impl ComingUp {
    /// Loads the glyphs of new lines and of the options on offer; tells the idle loop when this
    /// frame draws text it has not drawn before (for its glitch count).
    fn load_glyphs(
        &mut self,
        ctx: &egui::Context,
        session: &CallSession,
        lang: crate::core::text::Lang,
        glitches: &mut GlyphGlitches,
    ) {
        let lines = session.transcript();
        let key = (lines.len(), lang, (ctx.pixels_per_point() * 100.0) as u32);
        if self.loaded_for != Some(key) {
            let from = match self.loaded_for {
                Some((n, l, s)) if l == lang && s == key.2 && n <= lines.len() => n,
                _ => 0,
            };
            let style = ctx.global_style();
            let body = egui::TextStyle::Body.resolve(&style);
            for line in &lines[from..] {
                let size = match line.speaker {
                    Speaker::Customer => egui::FontId::proportional(TRANSCRIPT_SIZE),
                    Speaker::Learner => egui::FontId::proportional(OPTION_SIZE),
                    Speaker::Narration => body.clone(),
                    Speaker::Ending => egui::FontId::proportional(ENDING_SIZE),
                };
                warm_glyphs(ctx, [line.text.learner(lang).as_str()], vec![size]);
            }
            let options: Vec<String> =
                session.options().iter().map(|(n, text)| format!("{n}.  {}", text.learner(lang))).collect();
            warm_glyphs(ctx, options.iter().map(String::as_str), vec![egui::FontId::proportional(OPTION_SIZE)]);
            self.loaded_for = Some(key);
            glitches.loaded_ahead = true;
        }
        let chars: usize = (0..lines.len()).map(|i| session.shown_text(i).chars().count()).sum();
        let options = !session.revealing() && session.phase() != CallPhase::Ringing;
        let drawn = (chars, options);
        if drawn.0 > self.drawn.0 || (drawn.1 && !self.drawn.1) {
            glitches.new_text_drawn = true;
        }
        self.drawn = drawn;
    }
}

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
    screen: Res<State<Screen>>,
    mut actions: MessageWriter<CallAction>,
) {
    // Arrow keys count every press, even two within one frame (`just_pressed` would see one).
    // Read on every screen, so that presses from before the call are never replayed in it.
    let (mut down, mut up) = (0, 0);
    for press in presses.read().filter(|p| p.state == bevy::input::ButtonState::Pressed) {
        match press.key_code {
            KeyCode::ArrowDown => down += 1,
            KeyCode::ArrowUp => up += 1,
            _ => {}
        }
    }
    if *screen.get() != Screen::Call {
        return;
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

#[allow(clippy::too_many_arguments)] // A Bevy system: each argument is a resource it reads or writes.
fn call_ui(
    mut contexts: EguiContexts,
    settings: Res<Settings>,
    active: Option<Res<ActiveCall>>,
    time: Res<Time>,
    mut actions: MessageWriter<CallAction>,
    mut layout: ResMut<CallLayout>,
    mut glitches: ResMut<GlyphGlitches>,
    mut coming: Local<ComingUp>,
) -> Result {
    let ctx = contexts.ctx_mut()?.clone();
    let Some(active) = active else { return Ok(()) };
    let session = &active.call;
    let lang = settings.lang;
    coming.load_glyphs(&ctx, session, lang, &mut glitches);
    let scenario = session.loaded.scenario.clone();
    let meters = session.conversation.state().meters;
    let mut root = root_ui(&ctx);

    let top = egui::Panel::top("call-top").show(&mut root, |ui| {
        ui.horizontal(|ui| {
            ui.heading(scenario.title.learner(lang));
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                if session.rules().can_pause && ui.button(t(lang, Text::PauseEsc)).clicked() {
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
    settle(&root, "call-top", top.response.rect);

    // A width set by the window, not the content: the panel must not widen when a meter's number
    // gets longer (100), and it shrinks on a small window or at a large UI scale.
    let screen = ctx.content_rect();
    let panel_width = (screen.width() * 0.3).clamp(170.0, 290.0);
    let face = (panel_width - 60.0).min(screen.height() * 0.22).clamp(60.0, 170.0);
    egui::Panel::left("call-customer").exact_size(panel_width).resizable(false).show(&mut root, |ui| {
        egui::ScrollArea::vertical()
            .id_salt("call-customer-scroll")
            .scroll_bar_visibility(egui::scroll_area::ScrollBarVisibility::VisibleWhenNeeded)
            .show(ui, |ui| {
                ui.vertical_centered(|ui| {
                    ui.add_space(8.0);
                    portrait(ui, face, &scenario.customer, meters.mood, meters.patience);
                    ui.label(egui::RichText::new(scenario.customer.name.learner(lang)).size(NAME_SIZE).strong());
                });
                ui.add_space(10.0);
                // In an exam the meters are hints: the face alone shows how the customer feels.
                if session.rules().show_meters {
                    meter(ui, t(lang, Text::MeterName(Meter::Mood)), meters.mood);
                    meter(ui, t(lang, Text::MeterName(Meter::Patience)), meters.patience);
                }
                if let Some(countdown) = session.countdown(session.timers_on(settings.patience_timers)) {
                    ui.add_space(6.0);
                    let name = scenario.customer.name.learner(lang);
                    let wording =
                        if scenario.channel.is_written() { Text::WaitingForReply } else { Text::PatienceCountdown };
                    let text = fill(lang, wording, &[("name", &name), ("time", &countdown.clock())]);
                    ui.label(egui::RichText::new(text).color(if countdown.urgent() { BAD } else { MUTED }));
                    let share = countdown.left / countdown.limit.max(1) as f32;
                    ui.add(egui::ProgressBar::new(share).desired_width(ui.available_width().min(200.0)));
                    ctx.request_repaint_after(countdown.until_next_tick());
                }
                // Who the customer is comes last: the meters matter more during the call.
                let description = scenario.customer.description.learner(lang);
                if !description.is_empty() {
                    ui.add_space(10.0);
                    wrapped_label(ui, &description, |s| egui::RichText::new(s).weak());
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
                        portrait(ui, 120.0, &scenario.customer, meters.mood, meters.patience);
                        (t(lang, Text::ACustomerComesUpToYour), t(lang, Text::GreetThemEnter))
                    }
                    crate::core::scenario::Channel::Chat => {
                        crate::game::widgets::chat_icon(ui, 140.0, time.elapsed_secs());
                        (t(lang, Text::ANewChatArrives), t(lang, Text::OpenTheChatEnter))
                    }
                    crate::core::scenario::Channel::Email => {
                        crate::game::widgets::envelope_icon(ui, 140.0);
                        (t(lang, Text::ANewEmailArrives), t(lang, Text::OpenTheEmailEnter))
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
        let bottom = egui::Panel::bottom("call-options").resizable(false).show(&mut root, |ui| {
            ui.add_space(6.0);
            // The scroll bar shows only when the options overflow, but its room is always kept: a
            // bar that changed the options' width would change their height, so whether it is
            // needed — and egui would repaint to settle it every second.
            let bar = &ui.spacing().scroll;
            let width = ui.available_width() - (bar.bar_width + bar.bar_inner_margin + bar.bar_outer_margin);
            let scroll = egui::ScrollArea::vertical()
                .id_salt("call-options-scroll")
                .max_height(max_bottom)
                .scroll_bar_visibility(egui::scroll_area::ScrollBarVisibility::VisibleWhenNeeded)
                .show(ui, |ui| {
                    ui.set_max_width(width);
                    options_ui(ui, session, lang, &mut actions)
                });
            layout.options = scroll.inner;
            layout.options_view = scroll.inner_rect;
            layout.options_content_height = scroll.content_size.y;
            ui.add_space(6.0);
        });
        layout.window = ctx.content_rect();
        layout.options_panel = bottom.response.rect;
        settle(&root, "call-options", bottom.response.rect);
        egui::CentralPanel::default().show(&mut root, |ui| {
            let scroll = egui::ScrollArea::vertical()
                .id_salt("call-transcript")
                .stick_to_bottom(true)
                .auto_shrink([false, false])
                .show(ui, |ui| {
                    // Leave room for the scroll bar so right-aligned lines stay readable.
                    egui::Frame::NONE
                        .inner_margin(egui::Margin { right: 18, ..Default::default() })
                        .show(ui, |ui| {
                            if scenario.channel.is_written() {
                                crate::game::written::written_transcript(ui, session, lang, time.elapsed_secs())
                            } else {
                                transcript_ui(ui, session, lang)
                            }
                        })
                        .inner
                });
            layout.transcript_view = scroll.inner_rect;
            layout.last_line = scroll.inner;
        });
    }

    if session.paused() {
        egui::Modal::new(egui::Id::new("pause")).show(&ctx, |ui| {
            ui.set_width(280.0);
            ui.heading(t(lang, Text::Paused));
            if ui.button(t(lang, Text::ResumeEsc)).clicked() {
                actions.write(CallAction::Resume);
            }
            if session.rules().can_restart && ui.button(t(lang, Text::RestartThisCallR)).clicked() {
                actions.write(CallAction::Restart { same_seed: true });
            }
            if ui.button(t(lang, Text::QuitToLibraryQ)).clicked() {
                actions.write(CallAction::QuitToLibrary);
            }
        });
    }
    Ok(())
}

/// Draws the transcript; returns where its last line went.
fn transcript_ui(ui: &mut egui::Ui, session: &CallSession, lang: crate::core::text::Lang) -> Option<egui::Rect> {
    let scenario = &session.loaded.scenario;
    let mut last = None;
    for (i, line) in session.transcript().iter().enumerate() {
        let text = session.shown_text(i);
        last = Some(match line.speaker {
            Speaker::Customer => {
                ui.label(
                    egui::RichText::new(format!("{}{}", scenario.customer.name.learner(lang), t(lang, Text::Colon)))
                        .strong()
                        .color(ACCENT),
                );
                wrapped_label(ui, &text, |s| egui::RichText::new(s).size(TRANSCRIPT_SIZE).color(SPEECH)).rect
            }
            Speaker::Learner => {
                ui.with_layout(egui::Layout::top_down(egui::Align::Max), |ui| {
                    ui.label(egui::RichText::new(t(lang, Text::YouColon)).strong());
                    wrapped_label(ui, &text, |s| egui::RichText::new(s).size(OPTION_SIZE).color(LEARNER_SPEECH)).rect
                })
                .inner
            }
            // Stage directions: dim, in brackets (the core adds them), in italics where the language
            // has them (egui would slant Chinese glyphs).
            Speaker::Narration => {
                wrapped_label(ui, &text, |s| {
                    let direction = egui::RichText::new(s).color(NARRATION);
                    if lang.has_italics() { direction.italics() } else { direction }
                })
                .rect
            }
            Speaker::Ending => {
                ui.add_space(6.0);
                egui::Frame::group(ui.style())
                    .show(ui, |ui| wrapped_label(ui, &text, |s| egui::RichText::new(s).size(ENDING_SIZE).color(SPEECH)))
                    .response
                    .rect
            }
        });
        ui.add_space(4.0);
    }
    last
}

/// Draws the options (or what stands in for them); returns where each went, the hint last.
fn options_ui(
    ui: &mut egui::Ui,
    session: &CallSession,
    lang: crate::core::text::Lang,
    actions: &mut MessageWriter<CallAction>,
) -> Vec<egui::Rect> {
    if session.revealing() {
        let button = ui.button(t(lang, Text::AnyKeyToShowTheWhole));
        if button.clicked() {
            actions.write(CallAction::SkipReveal);
        }
        return vec![button.rect];
    }
    if session.phase() == CallPhase::Ended {
        return ui
            .vertical_centered(|ui| {
                let ended = ui.label(egui::RichText::new(t(lang, Text::TheConversationHasEnded)).size(20.0));
                let label = egui::RichText::new(t(lang, Text::SeeYourDebriefEnter)).size(18.0);
                let button = ui.button(label);
                if button.clicked() {
                    actions.write(CallAction::ShowDebrief);
                }
                vec![ended.rect, button.rect]
            })
            .inner;
    }
    let mut rects = Vec::new();
    for (k, (number, text)) in session.options().into_iter().enumerate() {
        let selected = session.highlighted() == Some(k);
        let text_width = ui.available_width() - 2.0 * ui.spacing().button_padding.x;
        let label = wrapped_text(
            ui,
            &format!("{number}.  {}", text.learner(lang)),
            |s| egui::RichText::new(s).size(OPTION_SIZE),
            text_width,
        );
        let button = egui::Button::new(label).min_size(egui::vec2(ui.available_width(), 38.0)).selected(selected);
        let response = ui.add(button);
        rects.push(response.rect);
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
    rects.push(ui.label(hint(ui, t(lang, Text::CallKeyHint))).rect);
    rects
}

/// The call screen.
pub fn plugin(app: &mut App) {
    app.init_resource::<CallLayout>()
        .add_systems(OnEnter(Screen::Call), enter)
        .add_systems(Update, keyboard.before(crate::game::session::SessionSet))
        .add_systems(
            EguiPrimaryContextPass,
            call_ui.run_if(in_state(Screen::Call)).in_set(crate::game::screens::ScreenUi),
        );
}
