//! A scenario's map: every node, route and ending in columns from the start, each choice an arrow
//! coloured by its net weight (green helps, grey neutral, red hurts), endings coloured by their
//! place on the waterfall. Drag to move, scroll or +/- to zoom, 0 to fit; the node under the mouse
//! shows its full text and choices. Opened from a library card (trainers), or from the debrief,
//! where the learner's own path is highlighted. The layout is `core::map_layout`'s.

use crate::core::graph_export::{outcome_colour, short_line, shorten};
use crate::core::ids::{ChoiceId, NodeId};
use crate::core::map_layout::{MapLayout, PlaceKind};
use crate::core::scenario::Scenario;
use crate::core::score::net_weight;
use crate::core::text::Lang;
use crate::core::ui_text::{Text, fill, t};
use crate::game::screen::{GoTo, Screen};
use crate::game::settings::Settings;
use crate::game::style::{ACCENT, MUTED, hint, root_ui};
use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};
use std::collections::HashSet;
use std::sync::Arc;

/// Opens the map of a scenario.
#[derive(Message, Clone, Debug)]
pub struct OpenMap {
    /// The scenario.
    pub scenario: Arc<Scenario>,
    /// The learner's choices to highlight (empty: no path).
    pub path: Vec<ChoiceId>,
    /// The ending the learner's call reached.
    pub ending: Option<NodeId>,
    /// Where Esc goes back to.
    pub back: Screen,
}

/// What the map screen shows, and where the view is.
#[derive(Resource, Default)]
pub struct MapView {
    scenario: Option<Arc<Scenario>>,
    layout: MapLayout,
    path_passages: HashSet<usize>,
    path_places: HashSet<usize>,
    path_len: usize,
    back: Option<Screen>,
    pan: egui::Vec2,
    zoom: f32,
    fitted: bool,
    fit_all: bool,
}

impl MapView {
    /// How many of the scenario's choices are highlighted as the learner's path.
    pub fn choices_highlighted(&self) -> usize {
        self.path_passages.iter().filter(|&&k| self.layout.passages.get(k).is_some_and(|p| p.choice.is_some())).count()
    }
}

/// Marks the map screen's lifetime.
#[derive(Component)]
pub struct MapScreen;

const COLUMN: f32 = 250.0;
const ROW: f32 = 84.0;
const BOX: egui::Vec2 = egui::vec2(196.0, 60.0);
/// The smallest zoom at which the boxes' text is drawn.
const READABLE: f32 = 0.6;

fn colour(hex: &str) -> egui::Color32 {
    egui::Color32::from_hex(hex).unwrap_or(MUTED)
}

fn open(mut requests: MessageReader<OpenMap>, mut view: ResMut<MapView>, mut go: MessageWriter<GoTo>) {
    let Some(request) = requests.read().last().cloned() else { return };
    let layout = MapLayout::of(&request.scenario);
    let (path_passages, path_places) = layout.path(&request.path, request.ending.as_ref());
    *view = MapView {
        scenario: Some(request.scenario),
        layout,
        path_passages,
        path_places,
        path_len: request.path.len(),
        back: Some(request.back),
        pan: egui::Vec2::ZERO,
        zoom: 1.0,
        fitted: false,
        fit_all: false,
    };
    go.write(GoTo(Screen::Map));
}

fn enter(mut commands: Commands) {
    commands.spawn((Name::new("Map screen"), MapScreen, DespawnOnExit(Screen::Map)));
}

fn keyboard(keys: Res<ButtonInput<KeyCode>>, mut view: ResMut<MapView>, mut go: MessageWriter<GoTo>) {
    if keys.just_pressed(KeyCode::Escape) {
        go.write(GoTo(view.back.unwrap_or(Screen::Library)));
        return;
    }
    let step = 60.0;
    let pans = [
        (KeyCode::ArrowLeft, egui::vec2(step, 0.0)),
        (KeyCode::ArrowRight, egui::vec2(-step, 0.0)),
        (KeyCode::ArrowUp, egui::vec2(0.0, step)),
        (KeyCode::ArrowDown, egui::vec2(0.0, -step)),
    ];
    for (key, delta) in pans {
        if keys.just_pressed(key) {
            view.pan += delta;
        }
    }
    if keys.any_just_pressed([KeyCode::Equal, KeyCode::NumpadAdd]) {
        view.zoom = (view.zoom * 1.25).min(3.0);
    }
    if keys.any_just_pressed([KeyCode::Minus, KeyCode::NumpadSubtract]) {
        view.zoom = (view.zoom / 1.25).max(0.15);
    }
    if keys.any_just_pressed([KeyCode::Digit0, KeyCode::Numpad0]) {
        view.fitted = false;
        view.fit_all = true;
    }
}

/// The world position (top-left of the box) of a place.
fn world(column: u32, row: u32) -> egui::Pos2 {
    egui::pos2(column as f32 * COLUMN, row as f32 * ROW)
}

fn map_ui(
    mut contexts: EguiContexts,
    settings: Res<Settings>,
    mut view: ResMut<MapView>,
    mut go: MessageWriter<GoTo>,
) -> Result {
    let ctx = contexts.ctx_mut()?.clone();
    let lang = settings.lang;
    let Some(scenario) = view.scenario.clone() else { return Ok(()) };
    let mut root = root_ui(&ctx);
    egui::Panel::top("map-top").show(&mut root, |ui| {
        ui.heading(fill(lang, Text::MapTitle, &[("title", &scenario.title.learner(lang))]));
        ui.horizontal_wrapped(|ui| {
            if ui.button(t(lang, Text::BackEsc)).clicked() {
                go.write(GoTo(view.back.unwrap_or(Screen::Library)));
            }
            if view.path_len > 0 {
                ui.label(
                    egui::RichText::new(fill(lang, Text::MapYourPath, &[("count", &view.path_len)])).color(ACCENT),
                );
            }
        });
        ui.label(hint(ui, t(lang, Text::MapHint)));
    });
    egui::CentralPanel::default().show(&mut root, |ui| {
        let (rect, response) = ui.allocate_exact_size(ui.available_size(), egui::Sense::click_and_drag());
        let bounds = egui::vec2(
            view.layout.columns.max(1) as f32 * COLUMN - (COLUMN - BOX.x),
            view.layout.rows.max(1) as f32 * ROW - (ROW - BOX.y),
        );
        if !view.fitted && rect.width() > 0.0 {
            // The whole map when its text stays readable; otherwise readable from the start on
            // (0 fits it all anyway).
            let fit = (rect.width() / (bounds.x + 40.0)).min(rect.height() / (bounds.y + 40.0)).clamp(0.15, 1.5);
            let zoom = if view.fit_all { fit } else { fit.max(READABLE) };
            view.zoom = zoom;
            let centred = (rect.size() - bounds * zoom) / 2.0;
            view.pan = egui::vec2(if zoom > fit { 20.0 } else { centred.x }, centred.y.max(20.0 * zoom));
            view.fitted = true;
        }
        if response.dragged() {
            view.pan += response.drag_delta();
        }
        if response.hovered() {
            let (scroll, pinch, pointer) =
                ui.input(|i| (i.smooth_scroll_delta.y, i.zoom_delta(), i.pointer.hover_pos()));
            let factor = pinch * (scroll * 0.002).exp();
            if (factor - 1.0).abs() > 1e-4 {
                let new_zoom = (view.zoom * factor).clamp(0.15, 3.0);
                // Zoom around the pointer: the point under it stays under it.
                if let Some(p) = pointer {
                    let anchor = (p - rect.min - view.pan) / view.zoom;
                    view.pan = p - rect.min - anchor * new_zoom;
                }
                view.zoom = new_zoom;
            }
        }
        let (pan, zoom) = (view.pan, view.zoom);
        let to_screen = |w: egui::Pos2| rect.min + pan + w.to_vec2() * zoom;
        let painter = ui.painter_at(rect);
        let highlighting = !view.path_passages.is_empty();
        // Arrows first, under the boxes.
        for (k, passage) in view.layout.passages.iter().enumerate() {
            let (Some(from), Some(to)) = (view.layout.places.get(passage.from), view.layout.places.get(passage.to))
            else {
                continue;
            };
            let on_path = view.path_passages.contains(&k);
            let base = colour(crate::core::graph_export::weight_colour(passage.net));
            let (stroke_colour, width) = match (highlighting, on_path) {
                (true, true) => (ACCENT, 4.0),
                (true, false) => (base.gamma_multiply(0.35), 1.5),
                _ => (base, 2.0),
            };
            let start = to_screen(world(from.column, from.row) + egui::vec2(BOX.x, BOX.y / 2.0));
            let end = to_screen(world(to.column, to.row) + egui::vec2(0.0, BOX.y / 2.0));
            let bend = if to.column > from.column { (end.x - start.x) / 2.0 } else { 80.0 * zoom };
            let points = [start, start + egui::vec2(bend, 0.0), end - egui::vec2(bend, 0.0), end];
            let curve = egui::epaint::CubicBezierShape::from_points_stroke(
                points,
                false,
                egui::Color32::TRANSPARENT,
                egui::Stroke::new(width * zoom.max(0.5), stroke_colour),
            );
            painter.add(curve);
            // An arrow head at the end.
            let head = 7.0 * zoom.max(0.5);
            painter.add(egui::Shape::convex_polygon(
                vec![end, end + egui::vec2(-head, -head * 0.6), end + egui::vec2(-head, head * 0.6)],
                stroke_colour,
                egui::Stroke::NONE,
            ));
        }
        let pointer = response.hover_pos();
        let mut hovered: Option<usize> = None;
        for (k, place) in view.layout.places.iter().enumerate() {
            let min = to_screen(world(place.column, place.row));
            let boxed = egui::Rect::from_min_size(min, BOX * zoom);
            if !rect.intersects(boxed) {
                continue;
            }
            if pointer.is_some_and(|p| boxed.contains(p)) {
                hovered = Some(k);
            }
            let (fill_colour, text_colour) = match place.kind {
                PlaceKind::Ending(o) => (colour(outcome_colour(o)), egui::Color32::WHITE),
                PlaceKind::Route => (egui::Color32::from_gray(45), egui::Color32::from_gray(200)),
                PlaceKind::Decision => (egui::Color32::from_gray(60), egui::Color32::from_gray(235)),
            };
            let dimmed = highlighting && !view.path_places.contains(&k);
            let fill_colour = if dimmed { fill_colour.gamma_multiply(0.45) } else { fill_colour };
            let outline = if highlighting && !dimmed {
                egui::Stroke::new(3.0, ACCENT)
            } else if place.id == scenario.start {
                egui::Stroke::new(2.0, egui::Color32::WHITE)
            } else {
                egui::Stroke::new(1.0, egui::Color32::from_gray(110))
            };
            painter.rect(boxed, 6.0 * zoom, fill_colour, outline, egui::StrokeKind::Inside);
            if zoom >= READABLE * 0.75 {
                let size = 12.0 * zoom;
                let text = match place.kind {
                    PlaceKind::Ending(o) => format!("{}\n{}", place.id, o.label(lang)),
                    _ => {
                        let line = scenario.node(&place.id).map(|n| short_line(&n.lines, lang)).unwrap_or_default();
                        format!("{}\n{}", place.id, shorten(&line, 26))
                    }
                };
                let galley = painter.layout(text, egui::FontId::proportional(size), text_colour, BOX.x * zoom - 10.0);
                painter.galley(boxed.min + egui::vec2(5.0, 4.0) * zoom, galley, text_colour);
            }
        }
        if let Some(k) = hovered {
            let place = view.layout.places[k].clone();
            response.on_hover_ui_at_pointer(|ui| place_details(ui, &scenario, &place.id, lang));
        }
    });
    Ok(())
}

/// The full text of a node (its lines, then its choices with their net weight and where they lead)
/// or of an ending.
fn place_details(ui: &mut egui::Ui, scenario: &Scenario, id: &NodeId, lang: Lang) {
    ui.set_max_width(460.0);
    if let Some(ending) = scenario.ending(id) {
        ui.strong(format!("{} — {} ({})", id, ending.outcome.label(lang), t(lang, Text::MapEnding)));
        ui.label(ending.text.learner(lang));
        return;
    }
    let Some(node) = scenario.node(id) else { return };
    ui.strong(id.to_string());
    for line in &node.lines {
        ui.label(line.learner(lang));
    }
    for (i, choice) in node.choices.iter().enumerate() {
        let net = net_weight(choice);
        let c = colour(crate::core::graph_export::weight_colour(net));
        ui.separator();
        ui.label(egui::RichText::new(format!("{net:+}  {}", Scenario::choice_id(node, i))).color(c).small());
        ui.label(choice.text.learner(lang));
        ui.label(egui::RichText::new(format!("→ {}", choice.next)).color(MUTED).small());
    }
    for route in &node.routes {
        let when = route.when.as_ref().map(crate::core::graph_export::describe).unwrap_or_default();
        ui.label(
            egui::RichText::new(format!("{} {} {when}", t(lang, Text::MapRoutes), route.next)).color(MUTED).small(),
        );
    }
}

/// The map screen.
pub fn plugin(app: &mut App) {
    app.init_resource::<MapView>()
        .add_message::<OpenMap>()
        .add_systems(Update, open)
        .add_systems(OnEnter(Screen::Map), enter)
        .add_systems(Update, keyboard.run_if(in_state(Screen::Map)))
        .add_systems(
            EguiPrimaryContextPass,
            map_ui.run_if(in_state(Screen::Map)).in_set(crate::game::screens::ScreenUi),
        );
}
