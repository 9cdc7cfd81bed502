//! Drawn widgets: the ringing phone, the chat and e-mail icons, meters, the loyalty waterfall and
//! the mood-over-the-call chart (the customer's portrait is in `portrait.rs`). Pure drawing: they read values and return nothing.

use crate::core::meters::Meters;
use crate::core::scenario::Outcome;
use crate::core::text::Lang;
use crate::core::ui_text::{Text, t};
use crate::game::style::{ACCENT, BAD, GOOD, MUTED};
use bevy_egui::egui::{self, Color32, Pos2, Rect, Shape, Stroke, Vec2};

fn lerp_color(a: Color32, b: Color32, t: f32) -> Color32 {
    let t = t.clamp(0.0, 1.0);
    let mix = |x: u8, y: u8| (x as f32 + (y as f32 - x as f32) * t) as u8;
    Color32::from_rgb(mix(a.r(), b.r()), mix(a.g(), b.g()), mix(a.b(), b.b()))
}

/// A ringing telephone: a handset with rings that pulse with `t` (seconds).
pub fn ringing_phone(ui: &mut egui::Ui, size: f32, t: f32) {
    let (rect, _) = ui.allocate_exact_size(Vec2::splat(size), egui::Sense::hover());
    let painter = ui.painter_at(rect);
    let c = rect.center();
    for k in 0..3 {
        let phase = (t * 1.5 + k as f32 / 3.0).fract();
        let radius = size * (0.22 + 0.28 * phase);
        painter.circle_stroke(c, radius, Stroke::new(3.0, ACCENT.gamma_multiply(1.0 - phase)));
    }
    let shake = (t * 30.0).sin() * size * 0.02;
    let body = Rect::from_center_size(c + Vec2::new(shake, 0.0), Vec2::new(size * 0.34, size * 0.16));
    painter.rect_filled(body, size * 0.06, ACCENT);
    for side in [-1.0f32, 1.0] {
        let cup = Rect::from_center_size(
            body.center() + Vec2::new(side * size * 0.15, size * 0.07),
            Vec2::new(size * 0.12, size * 0.1),
        );
        painter.rect_filled(cup, size * 0.03, ACCENT);
    }
}

/// A chat bubble with three dots that bounce with `t` (seconds): a chat waiting to be opened.
pub fn chat_icon(ui: &mut egui::Ui, size: f32, t: f32) {
    let (rect, _) = ui.allocate_exact_size(Vec2::splat(size), egui::Sense::hover());
    let painter = ui.painter_at(rect);
    let c = rect.center();
    let bubble = Rect::from_center_size(c, Vec2::new(size * 0.7, size * 0.44));
    painter.rect_filled(bubble, size * 0.12, ACCENT);
    painter.add(Shape::convex_polygon(
        vec![
            bubble.left_bottom() + Vec2::new(size * 0.12, -size * 0.02),
            bubble.left_bottom() + Vec2::new(size * 0.06, size * 0.12),
            bubble.left_bottom() + Vec2::new(size * 0.26, -size * 0.02),
        ],
        ACCENT,
        Stroke::NONE,
    ));
    typing_dots(&painter, c, size * 0.11, t, Color32::WHITE);
}

/// Three dots that rise in turn (a message being typed), centred on `c`, `gap` apart.
pub fn typing_dots(painter: &egui::Painter, c: Pos2, gap: f32, t: f32, colour: Color32) {
    for k in 0..3 {
        let phase = (t * 2.0 - k as f32 * 0.2).rem_euclid(1.0);
        let lift = if phase < 0.5 { (phase * std::f32::consts::TAU).sin() * gap * 0.35 } else { 0.0 };
        painter.circle_filled(c + Vec2::new((k as f32 - 1.0) * gap, -lift), gap * 0.28, colour);
    }
}

/// A closed envelope: an e-mail waiting to be opened.
pub fn envelope_icon(ui: &mut egui::Ui, size: f32) {
    let (rect, _) = ui.allocate_exact_size(Vec2::splat(size), egui::Sense::hover());
    let painter = ui.painter_at(rect);
    let body = Rect::from_center_size(rect.center(), Vec2::new(size * 0.72, size * 0.48));
    painter.rect_filled(body, size * 0.03, ACCENT);
    let fold = Stroke::new(size * 0.025, Color32::from_rgb(0x5A, 0x33, 0x10));
    let tip = body.center() + Vec2::new(0.0, size * 0.04);
    painter.line_segment([body.left_top(), tip], fold);
    painter.line_segment([body.right_top(), tip], fold);
}

/// A labelled horizontal meter from 0 to 100.
pub fn meter(ui: &mut egui::Ui, label: &str, value: i32) {
    let v = value.clamp(0, 100) as f32 / 100.0;
    let color = lerp_color(BAD, GOOD, v);
    let gap = ui.spacing().item_spacing.x;
    let bar = |ui: &mut egui::Ui, width: f32| {
        ui.add(egui::ProgressBar::new(v).desired_width(width.max(40.0)).fill(color));
        // A fixed-width number, so the row is as wide at 100 as at 5.
        ui.add_sized([30.0, 18.0], egui::Label::new(format!("{value}")));
    };
    if ui.available_width() >= 240.0 {
        ui.horizontal(|ui| {
            ui.add_sized([90.0, 18.0], egui::Label::new(label));
            bar(ui, ui.available_width() - 30.0 - gap);
        });
    } else {
        // A narrow panel (large UI scale): the name above its bar.
        ui.label(label);
        ui.horizontal(|ui| bar(ui, ui.available_width() - 30.0 - gap));
    }
}

/// The loyalty waterfall (catalog O1) as descending steps; the reached level is lit.
pub fn waterfall(ui: &mut egui::Ui, reached: Option<Outcome>, silent_exit: bool, lang: Lang) {
    let width = ui.available_width().min(520.0);
    let step_h = 30.0;
    let (rect, _) = ui.allocate_exact_size(Vec2::new(width, step_h * 6.0 + 10.0), egui::Sense::hover());
    let painter = ui.painter_at(rect);
    let step_w = width / 11.0;
    for (i, outcome) in Outcome::WATERFALL.iter().enumerate() {
        let x = rect.left() + i as f32 * step_w;
        let y = rect.top() + i as f32 * step_h;
        let step = Rect::from_min_size(Pos2::new(x, y), Vec2::new(width - x + rect.left(), step_h - 4.0));
        let hit = reached == Some(*outcome);
        let base = lerp_color(GOOD, BAD, i as f32 / 5.0);
        let fill = if hit { base } else { base.gamma_multiply(0.25) };
        painter.rect_filled(step, 4.0, fill);
        if hit {
            painter.rect_stroke(step, 4.0, Stroke::new(2.0, ACCENT), egui::StrokeKind::Outside);
        }
        let mut label = outcome.label(lang).to_string();
        if hit && silent_exit {
            label.push_str(t(lang, Text::SilentExitTag));
        }
        painter.text(
            step.left_center() + Vec2::new(10.0, 0.0),
            egui::Align2::LEFT_CENTER,
            label,
            egui::FontId::proportional(if hit { 17.0 } else { 14.0 }),
            if hit { Color32::WHITE } else { MUTED },
        );
        // Water falling from each step to the next.
        if i < 5 {
            let fall_x = x + step_w * 0.5;
            painter.line_segment(
                [Pos2::new(fall_x, step.bottom()), Pos2::new(fall_x, step.bottom() + 4.0)],
                Stroke::new(3.0, Color32::from_rgb(0x5D, 0xA9, 0xE9)),
            );
        }
    }
}

/// Mood (and patience) over the call, as a line chart with its legend underneath.
pub fn mood_chart(ui: &mut egui::Ui, timeline: &[Meters], lang: Lang) {
    let width = ui.available_width().min(520.0);
    let (rect, _) = ui.allocate_exact_size(Vec2::new(width, 180.0), egui::Sense::hover());
    let painter = ui.painter_at(rect);
    let plot = Rect::from_min_max(rect.min + Vec2::new(28.0, 8.0), rect.max - Vec2::new(8.0, 28.0));
    painter.rect_stroke(plot, 2.0, Stroke::new(1.0, MUTED.gamma_multiply(0.5)), egui::StrokeKind::Inside);
    for v in [0, 50, 100] {
        let y = plot.bottom() - plot.height() * v as f32 / 100.0;
        painter.line_segment(
            [Pos2::new(plot.left(), y), Pos2::new(plot.right(), y)],
            Stroke::new(0.5, MUTED.gamma_multiply(0.4)),
        );
        painter.text(
            Pos2::new(plot.left() - 4.0, y),
            egui::Align2::RIGHT_CENTER,
            v.to_string(),
            egui::FontId::proportional(11.0),
            MUTED,
        );
    }
    if timeline.len() < 2 {
        return;
    }
    let n = (timeline.len() - 1) as f32;
    let point = |i: usize, v: i32| {
        Pos2::new(plot.left() + plot.width() * i as f32 / n, plot.bottom() - plot.height() * v as f32 / 100.0)
    };
    let series = |f: fn(&Meters) -> i32| timeline.iter().enumerate().map(|(i, m)| point(i, f(m))).collect::<Vec<_>>();
    painter.add(Shape::line(series(|m| m.patience), Stroke::new(1.5, Color32::from_rgb(0x5D, 0xA9, 0xE9))));
    let mood = series(|m| m.mood);
    for p in &mood {
        painter.circle_filled(*p, 3.0, ACCENT);
    }
    painter.add(Shape::line(mood, Stroke::new(2.5, ACCENT)));
    let (mood_label, patience_label) = (t(lang, Text::MoodLower), t(lang, Text::PatienceLower));
    // Legend under the plot, where no line can cross it.
    let legend = Pos2::new(plot.left(), plot.bottom() + 16.0);
    painter.text(
        legend,
        egui::Align2::LEFT_CENTER,
        format!("— {mood_label}"),
        egui::FontId::proportional(12.0),
        ACCENT,
    );
    painter.text(
        legend + Vec2::new(90.0, 0.0),
        egui::Align2::LEFT_CENTER,
        format!("— {patience_label}"),
        egui::FontId::proportional(12.0),
        Color32::from_rgb(0x5D, 0xA9, 0xE9),
    );
}

/// A line chart of scores (0–100) per call, one line per series; a missing score leaves a gap.
pub fn score_chart(ui: &mut egui::Ui, series: &[(&str, Color32, Vec<Option<u32>>)]) {
    let width = ui.available_width().min(520.0);
    let (rect, _) = ui.allocate_exact_size(Vec2::new(width, 170.0), egui::Sense::hover());
    let painter = ui.painter_at(rect);
    let plot = Rect::from_min_max(rect.min + Vec2::new(28.0, 8.0), rect.max - Vec2::new(8.0, 28.0));
    painter.rect_stroke(plot, 2.0, Stroke::new(1.0, MUTED.gamma_multiply(0.5)), egui::StrokeKind::Inside);
    for v in [0, 50, 100] {
        let y = plot.bottom() - plot.height() * v as f32 / 100.0;
        painter.line_segment(
            [Pos2::new(plot.left(), y), Pos2::new(plot.right(), y)],
            Stroke::new(0.5, MUTED.gamma_multiply(0.4)),
        );
        painter.text(
            Pos2::new(plot.left() - 4.0, y),
            egui::Align2::RIGHT_CENTER,
            v.to_string(),
            egui::FontId::proportional(11.0),
            MUTED,
        );
    }
    let count = series.iter().map(|(_, _, v)| v.len()).max().unwrap_or(0);
    let x = |i: usize| {
        if count <= 1 { plot.center().x } else { plot.left() + plot.width() * i as f32 / (count - 1) as f32 }
    };
    let mut legend = Pos2::new(plot.left(), plot.bottom() + 16.0);
    for (label, color, values) in series {
        let mut run: Vec<Pos2> = Vec::new();
        for (i, v) in values.iter().enumerate() {
            match v {
                Some(v) => {
                    let p = Pos2::new(x(i), plot.bottom() - plot.height() * (*v).min(100) as f32 / 100.0);
                    painter.circle_filled(p, 3.0, *color);
                    run.push(p);
                }
                None => {
                    if run.len() > 1 {
                        painter.add(Shape::line(std::mem::take(&mut run), Stroke::new(2.0, *color)));
                    }
                    run.clear();
                }
            }
        }
        if run.len() > 1 {
            painter.add(Shape::line(run, Stroke::new(2.0, *color)));
        }
        let shown = painter.text(
            legend,
            egui::Align2::LEFT_CENTER,
            format!("— {label}"),
            egui::FontId::proportional(12.0),
            *color,
        );
        legend.x = shown.right() + 16.0;
    }
}

/// Lays `text` out wrapped to `width`, breaking lines by the rules of `core::line_break` (no line
/// starts with a closing mark such as "，" or ends with an opening one): egui's own wrapping
/// breaks before full-width commas. `style` turns a text into the look it should have.
pub fn wrapped_text(
    ui: &egui::Ui,
    text: &str,
    style: impl Fn(String) -> egui::RichText,
    width: f32,
) -> std::sync::Arc<egui::Galley> {
    use crate::core::line_break::{WrappedRow, adjust_wraps};
    let layout = |text: &str| {
        egui::WidgetText::from(style(text.to_owned())).into_galley(
            ui,
            Some(egui::TextWrapMode::Wrap),
            width,
            egui::FontSelection::Default,
        )
    };
    let mut text = text.to_owned();
    let mut galley = layout(&text);
    // Each pass fixes one wrap; a paragraph has few, so this ends quickly (the bound is a guard).
    for _ in 0..32 {
        let rows: Vec<WrappedRow> = galley
            .rows
            .iter()
            .map(|r| WrappedRow { text: r.row.text(), ends_paragraph: r.ends_with_newline })
            .collect();
        let Some(fixed) = adjust_wraps(&rows) else { break };
        text = fixed;
        galley = layout(&text);
    }
    galley
}

/// A label wrapped by the line-breaking rules (see [`wrapped_text`]), as wide as the space left.
pub fn wrapped_label(ui: &mut egui::Ui, text: &str, style: impl Fn(String) -> egui::RichText) -> egui::Response {
    let galley = wrapped_text(ui, text, style, ui.available_width());
    ui.label(galley)
}

/// Asks for one more frame when a panel's rect changed since the last frame. egui sizes a panel
/// from the previous frame's content: without this, a panel that grew (new options) would stay
/// drawn half-grown, with its bottom off-screen, until the next input wakes the sleeping app.
pub fn settle(ui: &egui::Ui, id: &str, rect: Rect) {
    let key = egui::Id::new(("settle", id));
    let before = ui.ctx().data(|d| d.get_temp::<Rect>(key));
    if before != Some(rect) {
        ui.ctx().data_mut(|d| d.insert_temp(key, rect));
        ui.ctx().request_repaint();
    }
}
