//! The scenario's map as the game draws it: every node, route and ending placed in columns by how
//! far from the start it is, and every choice and route as an edge; and the path a call took on it.

use crate::core::ids::{ChoiceId, NodeId};
use crate::core::scenario::{Outcome, Scenario};
use crate::core::score::net_weight;
use std::collections::{HashMap, HashSet, VecDeque};

/// What a place on the map is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PlaceKind {
    /// A node where the learner chooses.
    Decision,
    /// A routing node (no choices).
    Route,
    /// An ending, with its place on the waterfall.
    Ending(Outcome),
}

/// A node or ending on the map.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Place {
    /// Its id.
    pub id: NodeId,
    /// What it is.
    pub kind: PlaceKind,
    /// Its column (0 = the start).
    pub column: u32,
    /// Its row within the column.
    pub row: u32,
}

/// A choice or route between two places.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Passage {
    /// Index of the place it leaves.
    pub from: usize,
    /// Index of the place it leads to.
    pub to: usize,
    /// The choice's stable id (None for a route).
    pub choice: Option<ChoiceId>,
    /// The choice's net weight (0 for a route).
    pub net: i64,
}

/// The whole map.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MapLayout {
    /// Nodes first (file order), then endings (file order).
    pub places: Vec<Place>,
    /// Every choice and route.
    pub passages: Vec<Passage>,
    /// Number of columns.
    pub columns: u32,
    /// Most rows in one column.
    pub rows: u32,
}

impl MapLayout {
    /// Lays out `scenario`: a node's column is its distance from the start (nodes no call reaches
    /// after the rest), endings all in the last column, best on the waterfall first.
    pub fn of(scenario: &Scenario) -> MapLayout {
        let mut index: HashMap<&str, usize> = HashMap::new();
        let mut places: Vec<Place> = Vec::new();
        for node in &scenario.nodes {
            index.insert(node.id.as_str(), places.len());
            let kind = if node.choices.is_empty() { PlaceKind::Route } else { PlaceKind::Decision };
            places.push(Place { id: node.id.clone(), kind, column: u32::MAX, row: 0 });
        }
        let first_ending = places.len();
        for ending in &scenario.endings {
            index.insert(ending.id.as_str(), places.len());
            places.push(Place { id: ending.id.clone(), kind: PlaceKind::Ending(ending.outcome), column: 0, row: 0 });
        }
        let mut passages = Vec::new();
        for (from, node) in scenario.nodes.iter().enumerate() {
            for (i, choice) in node.choices.iter().enumerate() {
                if let Some(&to) = index.get(choice.next.as_str()) {
                    passages.push(Passage {
                        from,
                        to,
                        choice: Some(Scenario::choice_id(node, i)),
                        net: net_weight(choice),
                    });
                }
            }
            for route in &node.routes {
                if let Some(&to) = index.get(route.next.as_str()) {
                    passages.push(Passage { from, to, choice: None, net: 0 });
                }
            }
        }
        // Columns: breadth-first distance from the start over nodes.
        let mut queue = VecDeque::new();
        if let Some(&start) = index.get(scenario.start.as_str())
            && start < first_ending
        {
            places[start].column = 0;
            queue.push_back(start);
        }
        while let Some(at) = queue.pop_front() {
            let column = places[at].column;
            for p in passages.iter().filter(|p| p.from == at && p.to < first_ending) {
                if places[p.to].column == u32::MAX {
                    places[p.to].column = column + 1;
                    queue.push_back(p.to);
                }
            }
        }
        let reached = places[..first_ending].iter().filter(|p| p.column != u32::MAX).map(|p| p.column).max();
        let unreached_column = reached.map_or(0, |c| c + 1);
        for place in places[..first_ending].iter_mut().filter(|p| p.column == u32::MAX) {
            place.column = unreached_column;
        }
        let ending_column = places[..first_ending].iter().map(|p| p.column).max().map_or(0, |c| c + 1);
        for place in &mut places[first_ending..] {
            place.column = ending_column;
        }
        // Rows: file order within a column; endings by the waterfall.
        let mut order: Vec<usize> = (0..places.len()).collect();
        order.sort_by_key(|&i| {
            let outcome = match places[i].kind {
                PlaceKind::Ending(o) => Outcome::WATERFALL.iter().position(|w| *w == o).unwrap_or(0),
                _ => 0,
            };
            (places[i].column, outcome, i)
        });
        let mut rows: HashMap<u32, u32> = HashMap::new();
        for i in order {
            let row = rows.entry(places[i].column).or_default();
            places[i].row = *row;
            *row += 1;
        }
        MapLayout { columns: ending_column + 1, rows: rows.values().copied().max().unwrap_or(0), places, passages }
    }

    /// The passages a call took (by its choices' ids, in order), and the places it went through:
    /// routes followed between two choices are included.
    pub fn path(&self, choices: &[ChoiceId], ending: Option<&NodeId>) -> (HashSet<usize>, HashSet<usize>) {
        let mut passages = HashSet::new();
        let mut places = HashSet::new();
        for id in choices {
            if let Some((k, p)) = self.passages.iter().enumerate().find(|(_, p)| p.choice.as_ref() == Some(id)) {
                passages.insert(k);
                places.insert(p.from);
                places.insert(p.to);
            }
        }
        if let Some(end) = ending.and_then(|e| self.places.iter().position(|p| p.id == *e)) {
            places.insert(end);
        }
        // Routes between places on the path (a routing node the call went through).
        let mut grew = true;
        while grew {
            grew = false;
            for (k, p) in self.passages.iter().enumerate() {
                if p.choice.is_none() && places.contains(&p.from) && !passages.contains(&k) {
                    let onward = self.passages.iter().enumerate().any(|(j, q)| passages.contains(&j) && q.from == p.to)
                        || ending.is_some_and(|e| self.places.get(p.to).is_some_and(|pl| pl.id == *e));
                    if onward {
                        passages.insert(k);
                        places.insert(p.to);
                        grew = true;
                    }
                }
            }
        }
        (passages, places)
    }
}
