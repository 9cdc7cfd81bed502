//! What a library card says about a scenario: its place in the library (easiest first, then by
//! title) and the techniques it trains most.

use crate::common;
use frontline::core::scenario::Difficulty;
use frontline::core::text::{Lang, Localized};

#[test]
fn techniques_are_listed_by_how_much_the_scenario_offers_them() {
    // Node a offers L1 (weight 2) and R1; node b offers R2, R1 and L1: L1 3, R1 2, R2 1.
    let loaded = common::small();
    assert_eq!(
        loaded.scenario.techniques_by_opportunity(),
        vec![("L1".to_string(), 3), ("R1".to_string(), 2), ("R2".to_string(), 1)]
    );
}

#[test]
fn the_easiest_scenario_comes_first_then_titles_in_the_learners_language() {
    let loaded = common::small();
    let mut hard = (*loaded.scenario).clone();
    hard.difficulty = Difficulty::Hard;
    hard.title = Localized::new("Aardvark", "啊");
    let mut easy_b = (*loaded.scenario).clone();
    easy_b.title = Localized::new("Banana", "香蕉");
    let mut easy_a = (*loaded.scenario).clone();
    easy_a.title = Localized::new("apple", "苹果");
    let mut order = [&hard, &easy_b, &easy_a];
    order.sort_by_key(|s| s.library_key(Lang::En));
    let titles: Vec<&str> = order.iter().map(|s| s.title.en.as_str()).collect();
    assert_eq!(titles, ["apple", "Banana", "Aardvark"], "difficulty first; titles ignore case");
}
