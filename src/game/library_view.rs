//! The library screen's state: the learner's filters, search and sort (the core's
//! [`LibraryQuery`]), the card the keyboard is on, and the one order of the cards that the screen
//! draws and the keys follow. No egui here.

use crate::core::library_filter::{Card, LibraryQuery, arrange};
use crate::core::text::Lang;
use crate::game::progress::LearnerResults;
use crate::game::scenario_asset::{ScenarioAsset, ScenarioLibrary};
use bevy::prelude::*;
use std::path::PathBuf;

/// The library's filters and keyboard focus.
#[derive(Resource, Debug, Default, Clone, PartialEq, Eq)]
pub struct LibraryView {
    /// Filters, search and sort.
    pub query: LibraryQuery,
    /// The card the keyboard is on (its position among the cards shown).
    pub focused: Option<usize>,
    /// The focus moved and the screen has not yet scrolled the card into view.
    pub reveal_focus: bool,
    /// The search box should take the keyboard (the `/` key).
    pub focus_search: bool,
}

/// What a key asks of the library.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LibraryMove {
    /// The next card (↓), or the previous one (↑).
    Step(i32),
    /// The first card (Home).
    First,
    /// The last card (End).
    Last,
}

impl LibraryView {
    /// Moves the focus among `shown` cards.
    pub fn move_focus(&mut self, step: LibraryMove, shown: usize) {
        if shown == 0 {
            self.focused = None;
            return;
        }
        let last = shown - 1;
        self.focused = Some(match (step, self.focused) {
            (LibraryMove::First, _) => 0,
            (LibraryMove::Last, _) => last,
            (LibraryMove::Step(d), None) => {
                if d >= 0 {
                    0
                } else {
                    last
                }
            }
            (LibraryMove::Step(d), Some(i)) => (i as i64 + d as i64).clamp(0, last as i64) as usize,
        });
        self.reveal_focus = true;
    }

    /// Keeps the focus on a card that is still shown after the list changed.
    pub fn clamp_focus(&mut self, shown: usize) {
        if let Some(i) = self.focused {
            self.focused = if shown == 0 { None } else { Some(i.min(shown - 1)) };
        }
    }
}

/// The playable scenario files the library shows under `query`, in its order (the card numbers).
pub fn shown_files(
    library: &ScenarioLibrary,
    scenarios: &Assets<ScenarioAsset>,
    results: &LearnerResults,
    query: &LibraryQuery,
    lang: Lang,
) -> Vec<PathBuf> {
    let playable: Vec<(PathBuf, &crate::core::loader::LoadedScenario)> = library
        .entries
        .iter()
        .filter_map(|e| library.playable(&e.path, scenarios).map(|l| (e.path.clone(), l)))
        .collect();
    let cards: Vec<Card<'_>> = playable
        .iter()
        .map(|(_, l)| Card {
            scenario: &l.scenario,
            catalog: &l.catalog,
            best: results.of(l.scenario.id.as_str()).map(|r| r.best),
            recommended: results.recommended.as_deref() == Some(l.scenario.id.as_str()),
        })
        .collect();
    arrange(&cards, query, lang).into_iter().map(|i| playable[i].0.clone()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arrows_walk_every_card_and_stop_at_the_ends() {
        let mut v = LibraryView::default();
        v.move_focus(LibraryMove::Step(1), 12);
        assert_eq!(v.focused, Some(0));
        for _ in 0..20 {
            v.move_focus(LibraryMove::Step(1), 12);
        }
        assert_eq!(v.focused, Some(11), "the twelfth card is reachable from the keyboard");
        v.move_focus(LibraryMove::First, 12);
        assert_eq!(v.focused, Some(0));
        v.move_focus(LibraryMove::Step(-1), 12);
        assert_eq!(v.focused, Some(0));
        v.move_focus(LibraryMove::Last, 12);
        v.clamp_focus(3);
        assert_eq!(v.focused, Some(2), "a filter that hides the focused card moves the focus to the last one shown");
        v.clamp_focus(0);
        assert_eq!(v.focused, None);
    }
}
