//! The customer's drawn portrait: their look (age, hair, skin, glasses, clothing) from the
//! scenario, and a face that follows the core's [`Expression`] of their distress and mood. Pure
//! drawing, no downloaded art.

use crate::core::look::{Age, Clothing, Expression, Hair, HairColour, Look, Skin};
use crate::core::scenario::Customer;
use bevy_egui::egui::{self, Color32, Pos2, Shape, Stroke, Vec2, epaint::CubicBezierShape};

fn skin_colour(skin: Skin) -> Color32 {
    match skin {
        Skin::Light => Color32::from_rgb(0xF6, 0xD5, 0xB8),
        Skin::Medium => Color32::from_rgb(0xE9, 0xBC, 0x8E),
        Skin::Tan => Color32::from_rgb(0xC6, 0x8E, 0x62),
        Skin::Dark => Color32::from_rgb(0x8A, 0x5A, 0x3C),
    }
}

fn hair_colour(colour: HairColour) -> Color32 {
    match colour {
        HairColour::Black => Color32::from_rgb(0x24, 0x1E, 0x1C),
        HairColour::Brown => Color32::from_rgb(0x5A, 0x3A, 0x22),
        HairColour::Blond => Color32::from_rgb(0xD9, 0xB8, 0x6A),
        HairColour::Red => Color32::from_rgb(0xA8, 0x4A, 0x2A),
        HairColour::Grey => Color32::from_rgb(0x9A, 0x9A, 0x9A),
        HairColour::White => Color32::from_rgb(0xE4, 0xE4, 0xE0),
    }
}

fn clothing_colour(clothing: Clothing) -> Color32 {
    match clothing {
        Clothing::Navy => Color32::from_rgb(0x25, 0x3A, 0x6B),
        Clothing::Grey => Color32::from_rgb(0x6E, 0x72, 0x78),
        Clothing::Black => Color32::from_rgb(0x20, 0x20, 0x24),
        Clothing::White => Color32::from_rgb(0xE8, 0xE8, 0xE8),
        Clothing::Red => Color32::from_rgb(0xB0, 0x32, 0x32),
        Clothing::Green => Color32::from_rgb(0x3A, 0x7A, 0x4A),
        Clothing::Yellow => Color32::from_rgb(0xD8, 0xB0, 0x3A),
        Clothing::Purple => Color32::from_rgb(0x6A, 0x44, 0x8A),
    }
}

fn mix(a: Color32, b: Color32, t: f32) -> Color32 {
    let t = t.clamp(0.0, 1.0);
    let m = |x: u8, y: u8| (x as f32 + (y as f32 - x as f32) * t) as u8;
    Color32::from_rgb(m(a.r(), b.r()), m(a.g(), b.g()), m(a.b(), b.b()))
}

/// Points of an ellipse arc, angles in radians (0 = right, π/2 = down).
fn arc(centre: Pos2, radii: Vec2, from: f32, to: f32, steps: usize) -> Vec<Pos2> {
    (0..=steps)
        .map(|i| {
            let a = from + (to - from) * i as f32 / steps as f32;
            centre + Vec2::new(radii.x * a.cos(), radii.y * a.sin())
        })
        .collect()
}

/// Draws the customer of a scenario in a `size` square: their look, and the face of their
/// distress at this mood and patience.
pub fn portrait(ui: &mut egui::Ui, size: f32, customer: &Customer, mood: i32, patience: i32) {
    let (rect, _) = ui.allocate_exact_size(Vec2::splat(size), egui::Sense::hover());
    let painter = ui.painter_at(rect);
    let face = Expression::of(customer.distress, mood, patience);
    draw(&painter, rect.center(), size, &customer.look, &face);
}

fn draw(painter: &egui::Painter, centre: Pos2, size: f32, look: &Look, face: &Expression) {
    use std::f32::consts::PI;
    let frame = size * 0.48;
    painter.circle_filled(centre, frame, Color32::from_rgb(0x2B, 0x2D, 0x42));
    let r = size * 0.30;
    let head = centre + Vec2::new(0.0, -size * 0.06);
    let hair = hair_colour(look.hair_colour);

    // Shoulders: the frame's bottom arc closed by a dome over the neck.
    // The dome's base meets the arc's ends, so the shape stays inside the frame.
    let (from, to) = (PI * 0.22, PI * 0.78);
    let mut shoulders = arc(centre, Vec2::splat(frame), from, to, 12);
    let base = centre + Vec2::new(0.0, frame * from.sin());
    shoulders.extend(arc(base, Vec2::new(frame * from.cos(), frame * 0.45), PI, PI * 2.0, 16));
    painter.add(Shape::convex_polygon(shoulders, clothing_colour(look.clothing), Stroke::NONE));
    // Neck.
    let skin = skin_colour(look.skin);
    let neck = egui::Rect::from_center_size(head + Vec2::new(0.0, r * 1.05), Vec2::new(r * 0.55, r * 0.6));
    painter.rect_filled(neck, 0.0, mix(skin, Color32::BLACK, 0.12));

    // Long hair falls behind the head.
    if look.hair == Hair::Long {
        let back =
            egui::Rect::from_min_max(head + Vec2::new(-r * 1.12, -r * 0.6), head + Vec2::new(r * 1.12, r * 1.25));
        painter.rect_filled(back, r * 0.5, hair);
    }
    if look.hair == Hair::Bun {
        painter.circle_filled(head + Vec2::new(0.0, -r * 1.12), r * 0.36, hair);
    }

    // Head; an angry face flushes.
    let skin_now = if face.flushed { mix(skin, Color32::from_rgb(0xE0, 0x50, 0x40), 0.35) } else { skin };
    painter.circle_filled(head, r, skin_now);
    // Ears.
    for side in [-1.0f32, 1.0] {
        painter.circle_filled(head + Vec2::new(side * r * 0.98, r * 0.05), r * 0.16, skin_now);
    }

    // Hair on top.
    match look.hair {
        Hair::Bald => {
            for side in [-1.0f32, 1.0] {
                let tuft =
                    arc(head + Vec2::new(side * r * 0.82, -r * 0.05), Vec2::new(r * 0.2, r * 0.32), 0.0, 2.0 * PI, 12);
                painter.add(Shape::convex_polygon(tuft, hair, Stroke::NONE));
            }
        }
        Hair::Curly => {
            for k in 0..9 {
                let a = PI * (1.05 + 0.9 * k as f32 / 8.0);
                painter.circle_filled(head + Vec2::new(r * 0.92 * a.cos(), r * 0.92 * a.sin()), r * 0.3, hair);
            }
        }
        Hair::Short | Hair::Long | Hair::Bun => {
            let mut cap = arc(head, Vec2::new(r * 1.04, r * 1.06), PI * 1.02, PI * 1.98, 16);
            // The fringe line across the forehead.
            cap.push(head + Vec2::new(r * 0.75, -r * 0.42));
            cap.push(head + Vec2::new(-r * 0.75, -r * 0.42));
            painter.add(Shape::convex_polygon(cap, hair, Stroke::NONE));
        }
    }

    let ink = Color32::from_rgb(0x2A, 0x1C, 0x16);
    let brow_ink = if matches!(look.hair_colour, HairColour::Grey | HairColour::White) {
        Color32::from_rgb(0x80, 0x80, 0x80)
    } else {
        mix(hair, ink, 0.4)
    };
    let eye_y = -r * 0.08;
    let eye_r = r * 0.085 * face.eye_size * if look.age == Age::Young { 1.15 } else { 1.0 };
    for side in [-1.0f32, 1.0] {
        let eye = head + Vec2::new(side * r * 0.38, eye_y);
        // Wide eyes show their whites.
        if face.eye_size > 1.25 {
            painter.circle_filled(eye, eye_r * 1.6, Color32::WHITE);
        }
        painter.circle_filled(eye, eye_r, ink);
        // Brows: the inner end lower for anger, higher for worry; all of it higher in alarm.
        let lift = -r * (0.22 + 0.14 * face.brow_lift);
        let slant = face.brow_slant * r * 0.14;
        let inner = eye + Vec2::new(-side * r * 0.17, lift + slant);
        let outer = eye + Vec2::new(side * r * 0.2, lift - slant * 0.6);
        painter.line_segment([inner, outer], Stroke::new(size * 0.024, brow_ink));
        if look.age == Age::Senior {
            // Crow's feet.
            let corner = eye + Vec2::new(side * r * 0.2, 0.0);
            for dy in [-1.0f32, 1.0] {
                painter.line_segment(
                    [corner, corner + Vec2::new(side * r * 0.12, dy * r * 0.06)],
                    Stroke::new(size * 0.008, mix(skin, ink, 0.45)),
                );
            }
        }
        if face.tear && side > 0.0 {
            let drop = eye + Vec2::new(r * 0.02, r * 0.26);
            painter.circle_filled(drop, r * 0.07, Color32::from_rgb(0x8F, 0xD0, 0xF8));
            painter.add(Shape::convex_polygon(
                vec![
                    drop + Vec2::new(-r * 0.066, 0.0),
                    drop + Vec2::new(0.0, -r * 0.15),
                    drop + Vec2::new(r * 0.066, 0.0),
                ],
                Color32::from_rgb(0x8F, 0xD0, 0xF8),
                Stroke::NONE,
            ));
        }
    }
    if look.glasses {
        let frame_ink = Stroke::new(size * 0.014, Color32::from_rgb(0x18, 0x18, 0x18));
        for side in [-1.0f32, 1.0] {
            painter.circle_stroke(head + Vec2::new(side * r * 0.38, eye_y), r * 0.24, frame_ink);
        }
        painter.line_segment([head + Vec2::new(-r * 0.14, eye_y), head + Vec2::new(r * 0.14, eye_y)], frame_ink);
    }
    if look.age == Age::Senior {
        // Forehead lines.
        for k in 0..2 {
            let y = -r * (0.52 - 0.1 * k as f32);
            painter.line_segment(
                [head + Vec2::new(-r * 0.25, y), head + Vec2::new(r * 0.25, y)],
                Stroke::new(size * 0.007, mix(skin, ink, 0.35)),
            );
        }
    }

    // Mouth: an open oval in panic, otherwise a curve from frown to smile.
    let mouth_y = r * 0.45;
    let lips = Color32::from_rgb(0x6B, 0x24, 0x1E);
    if face.mouth_open > 0.2 {
        let open = Vec2::new(r * 0.16, r * (0.08 + 0.14 * face.mouth_open));
        let oval = arc(head + Vec2::new(0.0, mouth_y), open, 0.0, 2.0 * PI, 18);
        painter.add(Shape::convex_polygon(oval, lips, Stroke::NONE));
    } else {
        let bend = face.mouth_curve * r * 0.32;
        let half = r * 0.32;
        let left = head + Vec2::new(-half, mouth_y);
        let right = head + Vec2::new(half, mouth_y);
        painter.add(CubicBezierShape::from_points_stroke(
            [left, left + Vec2::new(half * 0.6, bend), right + Vec2::new(-half * 0.6, bend), right],
            false,
            Color32::TRANSPARENT,
            Stroke::new(size * 0.028, lips),
        ));
    }
    if face.sweat {
        let drop = head + Vec2::new(r * 0.86, -r * 0.5);
        let water = Color32::from_rgb(0x7F, 0xC8, 0xF8);
        painter.circle_filled(drop, r * 0.1, water);
        painter.add(Shape::convex_polygon(
            vec![drop + Vec2::new(-r * 0.095, 0.0), drop + Vec2::new(0.0, -r * 0.24), drop + Vec2::new(r * 0.095, 0.0)],
            water,
            Stroke::NONE,
        ));
    }
}
