//! What the library shows and in which order: filters by channel, difficulty and technique, a
//! search over the learner's words, and the sort (recommended first, by title, by difficulty, or by
//! the learner's best). The game's library screen and its number keys follow this one order.

use crate::core::scenario::{Channel, Difficulty, Scenario};
use crate::core::technique::Catalog;
use crate::core::text::Lang;

/// How the cards are ordered.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum LibrarySort {
    /// The recommended scenario first, then easiest first and by title ([`Scenario::library_key`]).
    #[default]
    Recommended,
    /// By title in the learner's language.
    Title,
    /// Easiest first (then by title).
    Difficulty,
    /// The learner's best score, highest first; scenarios not played yet last.
    Best,
}

impl LibrarySort {
    /// Every sort, in the order the library offers them.
    pub const ALL: [LibrarySort; 4] =
        [LibrarySort::Recommended, LibrarySort::Title, LibrarySort::Difficulty, LibrarySort::Best];
}

/// The learner's filters, search and sort.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LibraryQuery {
    /// Only this channel.
    pub channel: Option<Channel>,
    /// Only this difficulty.
    pub difficulty: Option<Difficulty>,
    /// Only scenarios that train this technique: some option shows it or (an anti-pattern, or a
    /// technique broken) commits it.
    pub technique: Option<String>,
    /// Words that must all appear (any case) in the title, summary, customer or technique names.
    pub search: String,
    /// The order.
    pub sort: LibrarySort,
}

impl LibraryQuery {
    /// True when no filter or search narrows the list.
    pub fn shows_everything(&self) -> bool {
        self.channel.is_none() && self.difficulty.is_none() && self.technique.is_none() && self.search.trim().is_empty()
    }
}

/// One scenario as the library weighs it.
#[derive(Clone, Copy, Debug)]
pub struct Card<'a> {
    /// The scenario.
    pub scenario: &'a Scenario,
    /// Its technique catalog (for technique names in the search).
    pub catalog: &'a Catalog,
    /// The learner's best overall score on it, if played.
    pub best: Option<u32>,
    /// It is the scenario recommended to the learner.
    pub recommended: bool,
}

impl Card<'_> {
    /// Whether the card passes the query's filters and search.
    pub fn matches(&self, query: &LibraryQuery, lang: Lang) -> bool {
        let s = self.scenario;
        if query.channel.is_some_and(|c| c != s.channel) || query.difficulty.is_some_and(|d| d != s.difficulty) {
            return false;
        }
        let trained = s.techniques_by_opportunity();
        if let Some(id) = &query.technique
            && !s.tagged_techniques().contains(id.as_str())
        {
            return false;
        }
        let words: Vec<String> = query.search.split_whitespace().map(str::to_lowercase).collect();
        if words.is_empty() {
            return true;
        }
        let mut haystack = vec![
            s.title.learner(lang),
            s.summary.learner(lang),
            s.customer.name.learner(lang),
            s.id.to_string(),
            s.channel.label(lang).to_string(),
        ];
        for (id, _) in &trained {
            haystack.push(id.clone());
            if let Some(t) = self.catalog.get(id) {
                haystack.push(t.name.learner(lang));
            }
        }
        let haystack = haystack.join("\n").to_lowercase();
        words.iter().all(|w| haystack.contains(w.as_str()))
    }
}

/// The positions in `cards` that the query shows, in its order.
pub fn arrange(cards: &[Card<'_>], query: &LibraryQuery, lang: Lang) -> Vec<usize> {
    let mut shown: Vec<usize> = (0..cards.len()).filter(|&i| cards[i].matches(query, lang)).collect();
    let title = |i: usize| cards[i].scenario.title.learner(lang).to_lowercase();
    match query.sort {
        LibrarySort::Recommended => {
            shown.sort_by_key(|&i| (!cards[i].recommended, cards[i].scenario.library_key()));
        }
        LibrarySort::Title => shown.sort_by_key(|&i| (title(i), cards[i].scenario.id.to_string())),
        LibrarySort::Difficulty => shown.sort_by_key(|&i| cards[i].scenario.library_key()),
        LibrarySort::Best => shown.sort_by_key(|&i| {
            (cards[i].best.is_none(), std::cmp::Reverse(cards[i].best.unwrap_or(0)), cards[i].scenario.library_key())
        }),
    }
    shown
}
