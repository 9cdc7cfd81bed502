//! The debrief's keyboard state: which choice row has the focus, which rows are open, and the
//! scrolling asked for. Keys and clicks become [`DebriefAction`]s; the screen draws from
//! [`DebriefView`] and carries out the scrolling. No egui here, so tests drive it headless.

use crate::game::screen::Screen;
use crate::game::session::Debrief;
use bevy::input::ButtonState;
use bevy::input::keyboard::KeyboardInput;
use bevy::prelude::*;
use std::collections::BTreeSet;

/// A scroll the learner asked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScrollStep {
    /// Some lines down (positive) or up (negative).
    Lines(i32),
    /// Some pages down (positive) or up (negative).
    Pages(i32),
    /// To the top.
    Top,
    /// To the end.
    End,
}

/// What a key or a click on the debrief asks for.
#[derive(Message, Clone, Copy, Debug, PartialEq, Eq)]
pub enum DebriefAction {
    /// Scroll the page.
    Scroll(ScrollStep),
    /// Move the focus to the next choice row (Tab), or the previous one (Shift+Tab).
    Focus {
        /// Forward (Tab) or back (Shift+Tab).
        forward: bool,
    },
    /// Open or close the focused row (Enter).
    ToggleFocused,
    /// Open or close a row (a click on its header).
    Toggle(usize),
}

/// The debrief's state for the keyboard and the screen.
#[derive(Resource, Debug, Default, Clone, PartialEq, Eq)]
pub struct DebriefView {
    /// Which debrief it belongs to (`Debrief::visit`).
    pub visit: u64,
    /// Number of choice rows.
    pub rows: usize,
    /// The row with the keyboard focus.
    pub focused: Option<usize>,
    /// The rows shown open.
    pub open: BTreeSet<usize>,
    /// Scrolls asked for and not yet carried out by the screen.
    pub pending: Vec<ScrollStep>,
    /// The focus moved and the screen has not yet brought the row into view.
    pub reveal_focus: bool,
}

impl DebriefView {
    /// A fresh view of a debrief: the choices that had a better option start open.
    pub fn of(debrief: &Debrief) -> DebriefView {
        DebriefView {
            visit: debrief.visit,
            rows: debrief.report.turns.len(),
            open: debrief.report.turns.iter().enumerate().filter(|(_, t)| t.better.is_some()).map(|(i, _)| i).collect(),
            ..default()
        }
    }

    /// Carries out one action.
    pub fn apply(&mut self, action: DebriefAction) {
        match action {
            DebriefAction::Scroll(step) => self.pending.push(step),
            DebriefAction::Focus { forward } => {
                if self.rows == 0 {
                    return;
                }
                let last = self.rows - 1;
                self.focused = Some(match (self.focused, forward) {
                    (None, true) => 0,
                    (None, false) => last,
                    (Some(i), true) => (i + 1).min(last),
                    (Some(i), false) => i.saturating_sub(1),
                });
                self.reveal_focus = true;
            }
            DebriefAction::ToggleFocused => {
                if let Some(i) = self.focused {
                    self.toggle(i);
                    // What Enter opened is brought into view.
                    self.reveal_focus = self.is_open(i);
                }
            }
            DebriefAction::Toggle(i) => {
                if i < self.rows {
                    self.focused = Some(i);
                    self.toggle(i);
                }
            }
        }
    }

    fn toggle(&mut self, row: usize) {
        if !self.open.remove(&row) {
            self.open.insert(row);
        }
    }

    /// Whether a row is open.
    pub fn is_open(&self, row: usize) -> bool {
        self.open.contains(&row)
    }
}

/// The action a key asks for on the debrief (`shift` held or not), if any.
pub fn action_for(key: KeyCode, shift: bool) -> Option<DebriefAction> {
    use DebriefAction::*;
    Some(match key {
        KeyCode::PageDown => Scroll(ScrollStep::Pages(1)),
        KeyCode::PageUp => Scroll(ScrollStep::Pages(-1)),
        KeyCode::Space => Scroll(ScrollStep::Pages(if shift { -1 } else { 1 })),
        KeyCode::ArrowDown => Scroll(ScrollStep::Lines(1)),
        KeyCode::ArrowUp => Scroll(ScrollStep::Lines(-1)),
        KeyCode::Home => Scroll(ScrollStep::Top),
        KeyCode::End => Scroll(ScrollStep::End),
        KeyCode::Tab => Focus { forward: !shift },
        KeyCode::Enter | KeyCode::NumpadEnter => ToggleFocused,
        _ => return None,
    })
}

/// Turns key presses into actions: every press counts, even two in one frame. It reads on every
/// screen (and acts only on the debrief) so that keys pressed before the debrief opened are never
/// replayed on it.
fn keyboard(
    mut presses: MessageReader<KeyboardInput>,
    keys: Res<ButtonInput<KeyCode>>,
    screen: Option<Res<State<Screen>>>,
    mut actions: MessageWriter<DebriefAction>,
) {
    let shift = keys.any_pressed([KeyCode::ShiftLeft, KeyCode::ShiftRight]);
    // Collected first: the reader only moves past the messages it has iterated.
    let presses: Vec<KeyCode> =
        presses.read().filter(|p| p.state == ButtonState::Pressed).map(|p| p.key_code).collect();
    if screen.is_none_or(|s| *s.get() != Screen::Debrief) {
        return;
    }
    for key in presses {
        if let Some(action) = action_for(key, shift) {
            actions.write(action);
        }
    }
}

/// Keeps the view in step with the debrief shown, and applies the actions.
fn apply_actions(
    debrief: Option<Res<Debrief>>,
    mut view: ResMut<DebriefView>,
    mut actions: MessageReader<DebriefAction>,
) {
    let Some(debrief) = debrief else { return };
    if view.visit != debrief.visit || (view.rows == 0 && !debrief.report.turns.is_empty()) {
        *view = DebriefView::of(&debrief);
    }
    for action in actions.read() {
        view.apply(*action);
    }
}

/// The debrief's keyboard.
pub fn plugin(app: &mut App) {
    app.init_resource::<DebriefView>()
        .add_message::<DebriefAction>()
        .add_systems(Update, (keyboard, apply_actions.run_if(in_state(Screen::Debrief))).chain());
}

#[cfg(test)]
mod tests {
    use super::*;

    fn view(rows: usize) -> DebriefView {
        DebriefView { rows, ..default() }
    }

    #[test]
    fn tab_walks_the_rows_and_stops_at_the_ends() {
        let mut v = view(3);
        v.apply(DebriefAction::Focus { forward: false });
        assert_eq!(v.focused, Some(2));
        for _ in 0..5 {
            v.apply(DebriefAction::Focus { forward: true });
        }
        assert_eq!(v.focused, Some(2));
        v.apply(DebriefAction::Focus { forward: false });
        assert_eq!(v.focused, Some(1));
    }

    #[test]
    fn enter_opens_and_closes_the_focused_row_only() {
        let mut v = view(3);
        v.apply(DebriefAction::ToggleFocused);
        assert!(v.open.is_empty(), "nothing focused, nothing opens");
        v.apply(DebriefAction::Focus { forward: true });
        v.apply(DebriefAction::ToggleFocused);
        assert!(v.is_open(0) && !v.is_open(1));
        v.apply(DebriefAction::ToggleFocused);
        assert!(!v.is_open(0));
    }

    #[test]
    fn enter_that_opens_a_row_asks_to_bring_it_into_view() {
        let mut v = view(3);
        v.apply(DebriefAction::Focus { forward: true });
        v.reveal_focus = false; // the screen revealed the focused row
        v.apply(DebriefAction::ToggleFocused);
        assert!(v.reveal_focus, "opening asks for the row to be revealed");
        v.reveal_focus = false;
        v.apply(DebriefAction::ToggleFocused);
        assert!(!v.reveal_focus, "closing does not scroll");
    }

    #[test]
    fn a_debrief_without_choices_ignores_focus() {
        let mut v = view(0);
        v.apply(DebriefAction::Focus { forward: true });
        v.apply(DebriefAction::Toggle(4));
        assert_eq!(v.focused, None);
        assert!(v.open.is_empty());
    }
}
