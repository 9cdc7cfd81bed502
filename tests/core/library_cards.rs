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

mod filter {
    use crate::common;
    use frontline::core::library_filter::{Card, LibraryQuery, LibrarySort, arrange};
    use frontline::core::scenario::{Channel, Difficulty, Scenario};
    use frontline::core::text::{Lang, Localized};

    /// Four variants of the fixture: (title, channel, difficulty, best score).
    fn shelf() -> (Vec<Scenario>, frontline::core::loader::LoadedScenario) {
        let loaded = common::small();
        let make = |id: &str, en: &str, zh: &str, channel, difficulty| {
            let mut s = (*loaded.scenario).clone();
            s.id = frontline::core::ids::ScenarioId::new(id);
            s.title = Localized::new(en, zh);
            s.channel = channel;
            s.difficulty = difficulty;
            s
        };
        let scenarios = vec![
            make("chat", "Broadband chat", "宽带在线咨询", Channel::Chat, Difficulty::Medium),
            make("phone", "Angry caller", "愤怒的来电", Channel::Phone, Difficulty::Hard),
            make("desk", "Returning guest", "老客人回来了", Channel::InPerson, Difficulty::Easy),
            make("mail", "Bank e-mail", "银行邮件", Channel::Email, Difficulty::Medium),
        ];
        (scenarios, loaded)
    }

    fn titles(scenarios: &[Scenario], order: &[usize]) -> Vec<String> {
        order.iter().map(|&i| scenarios[i].id.to_string()).collect()
    }

    #[test]
    fn filters_search_and_sorts_agree_with_what_a_learner_asks_for() {
        let (scenarios, loaded) = shelf();
        let best = [Some(40), None, Some(90), Some(70)];
        let cards: Vec<Card> = scenarios
            .iter()
            .zip(best)
            .map(|(s, best)| Card { scenario: s, catalog: &loaded.catalog, best, recommended: s.id.as_str() == "mail" })
            .collect();
        let all = LibraryQuery::default();
        assert!(all.shows_everything());
        assert_eq!(
            titles(&scenarios, &arrange(&cards, &all, Lang::En)),
            ["mail", "desk", "chat", "phone"],
            "recommended first, then easiest first and by title"
        );
        let by_best = LibraryQuery { sort: LibrarySort::Best, ..Default::default() };
        assert_eq!(titles(&scenarios, &arrange(&cards, &by_best, Lang::En)), ["desk", "mail", "chat", "phone"]);
        let by_title = LibraryQuery { sort: LibrarySort::Title, ..Default::default() };
        assert_eq!(titles(&scenarios, &arrange(&cards, &by_title, Lang::En)), ["phone", "mail", "chat", "desk"]);
        let written = LibraryQuery { channel: Some(Channel::Chat), ..Default::default() };
        assert_eq!(titles(&scenarios, &arrange(&cards, &written, Lang::En)), ["chat"]);
        let medium = LibraryQuery { difficulty: Some(Difficulty::Medium), ..Default::default() };
        assert_eq!(titles(&scenarios, &arrange(&cards, &medium, Lang::En)), ["mail", "chat"]);
        // Search: every word, any case, in the learner's language; a technique's name counts.
        let search = LibraryQuery { search: "GUEST returning".into(), ..Default::default() };
        assert_eq!(titles(&scenarios, &arrange(&cards, &search, Lang::En)), ["desk"]);
        let search_zh = LibraryQuery { search: "银行".into(), ..Default::default() };
        assert_eq!(titles(&scenarios, &arrange(&cards, &search_zh, Lang::Zh)), ["mail"]);
        let l1 = loaded.catalog.get("L1").expect("fixture catalog has L1").name.learner(Lang::En);
        let by_technique_name = LibraryQuery { search: l1.to_uppercase(), ..Default::default() };
        assert_eq!(arrange(&cards, &by_technique_name, Lang::En).len(), 4, "every variant trains L1");
        let trains_l1 = LibraryQuery { technique: Some("L1".into()), ..Default::default() };
        assert_eq!(arrange(&cards, &trains_l1, Lang::En).len(), 4);
        let commits_x8 = LibraryQuery { technique: Some("X8".into()), ..Default::default() };
        assert_eq!(arrange(&cards, &commits_x8, Lang::En).len(), 4, "an anti-pattern an option commits counts");
        let trains_x5 = LibraryQuery { technique: Some("X5".into()), ..Default::default() };
        assert!(arrange(&cards, &trains_x5, Lang::En).is_empty(), "the fixture never offers X5");
        let nothing = LibraryQuery { search: "zebra".into(), ..Default::default() };
        assert!(arrange(&cards, &nothing, Lang::En).is_empty());
    }
}
