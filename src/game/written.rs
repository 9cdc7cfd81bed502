//! The transcript of a written scenario: a chat (the customer's messages as bubbles on the left,
//! the learner's on the right, "… is typing" while a message arrives) or an e-mail thread (each
//! message a card with sender and subject, the customer's replies quoting the learner's).
//! Same engine, scoring and analysis as a call; only the drawing differs.

use crate::core::call::{CallSession, Speaker};
use crate::core::graph_export::shorten;
use crate::core::scenario::Channel;
use crate::core::text::Lang;
use crate::core::ui_text::{Text, fill, t};
use crate::game::style::{ACCENT, ENDING_SIZE, LEARNER_SPEECH, MUTED, NARRATION, OPTION_SIZE, SPEECH, TRANSCRIPT_SIZE};
use crate::game::widgets::{typing_dots, wrapped_label};
use bevy_egui::egui;

/// Fill of the customer's chat bubbles.
const THEIR_BUBBLE: egui::Color32 = egui::Color32::from_rgb(0x33, 0x37, 0x3E);
/// Fill of the learner's chat bubbles.
const OUR_BUBBLE: egui::Color32 = egui::Color32::from_rgb(0x1E, 0x3A, 0x5A);
/// How much of the learner's last reply a customer's e-mail quotes (characters).
const QUOTE_CHARS: usize = 140;

/// Draws a chat or e-mail transcript; returns where its last line went. `time` drives the typing
/// dots.
pub fn written_transcript(ui: &mut egui::Ui, session: &CallSession, lang: Lang, time: f32) -> Option<egui::Rect> {
    match session.loaded.scenario.channel {
        Channel::Email => email_thread(ui, session, lang),
        _ => chat(ui, session, lang, time),
    }
}

fn bubble(ui: &mut egui::Ui, fill_colour: egui::Color32, right: bool, add: impl FnOnce(&mut egui::Ui)) -> egui::Rect {
    let max = (ui.available_width() * 0.72).max(160.0);
    let layout =
        if right { egui::Layout::top_down(egui::Align::Max) } else { egui::Layout::top_down(egui::Align::Min) };
    ui.with_layout(layout, |ui| {
        egui::Frame::NONE
            .fill(fill_colour)
            .corner_radius(10)
            .inner_margin(egui::Margin::symmetric(12, 8))
            .show(ui, |ui| {
                ui.set_max_width(max);
                add(ui);
            })
            .response
            .rect
    })
    .inner
}

fn chat(ui: &mut egui::Ui, session: &CallSession, lang: Lang, time: f32) -> Option<egui::Rect> {
    let scenario = &session.loaded.scenario;
    let name = scenario.customer.name.learner(lang);
    let lines = session.transcript();
    let mut last = None;
    for (i, line) in lines.iter().enumerate() {
        let typing = session.revealing() && i + 1 == lines.len();
        last = Some(match line.speaker {
            Speaker::Customer if typing => {
                // The message is being written: the dots, then the whole message at once.
                let rect = bubble(ui, THEIR_BUBBLE, false, |ui| {
                    let (rect, _) = ui.allocate_exact_size(egui::vec2(48.0, 18.0), egui::Sense::hover());
                    typing_dots(ui.painter(), rect.center(), 12.0, time, MUTED);
                });
                ui.label(egui::RichText::new(fill(lang, Text::IsTyping, &[("name", &name)])).small().color(MUTED));
                rect
            }
            Speaker::Customer => bubble(ui, THEIR_BUBBLE, false, |ui| {
                wrapped_label(ui, &session.shown_text(i), |s| {
                    egui::RichText::new(s).size(TRANSCRIPT_SIZE).color(SPEECH)
                });
            }),
            Speaker::Learner => bubble(ui, OUR_BUBBLE, true, |ui| {
                wrapped_label(ui, &session.shown_text(i), |s| {
                    egui::RichText::new(s).size(OPTION_SIZE).color(LEARNER_SPEECH)
                });
            }),
            Speaker::Narration => narration(ui, &session.shown_text(i), lang),
            Speaker::Ending => ending(ui, &session.shown_text(i)),
        });
        ui.add_space(6.0);
    }
    last
}

fn narration(ui: &mut egui::Ui, text: &str, lang: Lang) -> egui::Rect {
    ui.vertical_centered(|ui| {
        wrapped_label(ui, text, |s| {
            let direction = egui::RichText::new(s).color(NARRATION).small();
            if lang.has_italics() { direction.italics() } else { direction }
        })
        .rect
    })
    .inner
}

fn ending(ui: &mut egui::Ui, text: &str) -> egui::Rect {
    ui.add_space(6.0);
    egui::Frame::group(ui.style())
        .show(ui, |ui| wrapped_label(ui, text, |s| egui::RichText::new(s).size(ENDING_SIZE).color(SPEECH)))
        .response
        .rect
}

fn email_thread(ui: &mut egui::Ui, session: &CallSession, lang: Lang) -> Option<egui::Rect> {
    let scenario = &session.loaded.scenario;
    let name = scenario.customer.name.learner(lang);
    let subject = scenario.subject.as_ref().map(|s| s.learner(lang)).unwrap_or_default();
    let you = t(lang, Text::YouColon).trim_end_matches([':', '：']).to_string();
    let lines = session.transcript();
    let mut last = None;
    let mut messages = 0;
    let mut last_reply: Option<String> = None;
    for (i, line) in lines.iter().enumerate() {
        let typing = session.revealing() && i + 1 == lines.len();
        last = Some(match line.speaker {
            Speaker::Customer | Speaker::Learner => {
                let ours = line.speaker == Speaker::Learner;
                let text = if typing { line.text.learner(lang) } else { session.shown_text(i) };
                let title =
                    if messages == 0 { subject.clone() } else { format!("{}{subject}", t(lang, Text::ReplyPrefix)) };
                messages += 1;
                let quoted = if ours { None } else { last_reply.take() };
                let rect =
                    email_card(ui, if ours { &you } else { &name }, &title, &text, quoted.as_deref(), ours, lang);
                if ours {
                    last_reply = Some(text);
                }
                rect
            }
            Speaker::Narration => narration(ui, &session.shown_text(i), lang),
            Speaker::Ending => ending(ui, &session.shown_text(i)),
        });
        ui.add_space(8.0);
    }
    last
}

fn email_card(
    ui: &mut egui::Ui,
    from: &str,
    subject: &str,
    body: &str,
    quoted: Option<&str>,
    ours: bool,
    lang: Lang,
) -> egui::Rect {
    let accent = if ours { LEARNER_SPEECH } else { ACCENT };
    egui::Frame::NONE
        .fill(if ours { OUR_BUBBLE } else { THEIR_BUBBLE })
        .corner_radius(6)
        .inner_margin(egui::Margin::symmetric(14, 10))
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.horizontal_wrapped(|ui| {
                ui.label(egui::RichText::new(t(lang, Text::FromColon)).color(MUTED));
                ui.label(egui::RichText::new(from).strong().color(accent));
            });
            ui.horizontal_wrapped(|ui| {
                ui.label(egui::RichText::new(t(lang, Text::SubjectColon)).color(MUTED));
                ui.label(egui::RichText::new(subject).strong());
            });
            ui.separator();
            let colour = if ours { LEARNER_SPEECH } else { SPEECH };
            wrapped_label(ui, body, |s| egui::RichText::new(s).size(TRANSCRIPT_SIZE - 1.0).color(colour));
            if let Some(q) = quoted {
                ui.add_space(4.0);
                // The quoted reply, set off by a bar down its left side.
                let quote =
                    egui::Frame::NONE.inner_margin(egui::Margin { left: 10, ..Default::default() }).show(ui, |ui| {
                        wrapped_label(ui, &shorten(q, QUOTE_CHARS), |s| {
                            egui::RichText::new(s).small().color(NARRATION)
                        });
                    });
                let rect = quote.response.rect;
                ui.painter().vline(rect.left() + 2.0, rect.y_range(), egui::Stroke::new(2.0, MUTED));
            }
        })
        .response
        .rect
}
