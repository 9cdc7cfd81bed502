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
fn the_easiest_scenario_comes_first_then_titles_in_the_same_order_in_every_language() {
    let loaded = common::small();
    let mut hard = (*loaded.scenario).clone();
    hard.difficulty = Difficulty::Hard;
    hard.title = Localized::new("Aardvark", "啊");
    let mut easy_b = (*loaded.scenario).clone();
    easy_b.title = Localized::new("Banana", "香蕉");
    let mut easy_a = (*loaded.scenario).clone();
    easy_a.title = Localized::new("apple", "苹果");
    let mut order = [&hard, &easy_b, &easy_a];
    order.sort_by_key(|s| s.library_key());
    let titles: Vec<&str> = order.iter().map(|s| s.title.en.as_str()).collect();
    assert_eq!(titles, ["apple", "Banana", "Aardvark"], "difficulty first; titles ignore case");
    // A Chinese-first scenario sorts by its Chinese title; the order does not depend on the
    // learner's interface language (there is no language argument).
    let mut zh_b = easy_b.clone();
    zh_b.languages = vec![Lang::Zh, Lang::En];
    zh_b.title = Localized::new("Banana", "啊香蕉");
    let mut zh_a = easy_a.clone();
    zh_a.languages = vec![Lang::Zh, Lang::En];
    let mut zh_first = [&zh_a, &zh_b];
    zh_first.sort_by_key(|s| s.library_key());
    let titles: Vec<&str> = zh_first.iter().map(|s| s.title.zh.as_str()).collect();
    assert_eq!(titles, ["啊香蕉", "苹果"], "a Chinese-first scenario sorts by its Chinese title");
}
