//! The analyzer: hand-computed figures, agreement with brute force (every call played in the
//! engine) on generated and shipped scenarios, one case per smell, and the large generated scenario.

use frontline::core::analysis::generate::layered;
use frontline::core::analysis::strategy::Strategy;
use frontline::core::analysis::{Analysis, ExamRequirement, SmellKind, analyze};
use frontline::core::engine::Conversation;
use frontline::core::exam::Thresholds;
use frontline::core::ids::OptionNumber;
use frontline::core::library::load_scenario;
use frontline::core::load::SourceFile;
use frontline::core::loader::{AssumeAssetsExist, CatalogInput, load_scenario_text};
use frontline::core::random::{Purpose, draw_in};
use frontline::core::scenario::Scenario;
use frontline::core::score::{Report, score};
use frontline::core::technique::Catalog;
use frontline::core::text::Lang;
use std::path::Path;
use std::sync::Arc;

fn catalog() -> Catalog {
    load_scenario(Path::new("scenarios/late_flight.ron"))
        .map(|l| (*l.catalog).clone())
        .or_else(|_| load_scenario(Path::new("tests/fixtures/analysis/ratio.ron")).map(|l| (*l.catalog).clone()))
        .unwrap_or_else(|d| panic!("catalog: {}", d.render()))
}

/// Loads scenario text against the shipped catalog; panics with the diagnostics on errors.
fn load_text(text: &str) -> (Scenario, Catalog) {
    let catalog_text = std::fs::read_to_string("scenarios/techniques.ron").expect("catalog readable");
    let outcome = load_scenario_text(
        SourceFile::from_text("test.ron", text),
        |_| CatalogInput::Text(SourceFile::from_text("techniques.ron", catalog_text)),
        &AssumeAssetsExist,
    );
    let loaded = outcome.loaded.unwrap_or_else(|| panic!("loads:\n{}", outcome.report.render()));
    ((*loaded.scenario).clone(), (*loaded.catalog).clone())
}

fn ratio() -> (Scenario, Catalog) {
    let loaded =
        load_scenario(Path::new("tests/fixtures/analysis/ratio.ron")).unwrap_or_else(|d| panic!("{}", d.render()));
    ((*loaded.scenario).clone(), (*loaded.catalog).clone())
}

fn kinds(a: &Analysis) -> Vec<SmellKind> {
    a.smells.iter().map(|s| s.kind).collect()
}

fn strategy(a: &Analysis, s: Strategy, lang: Option<Lang>) -> u32 {
    a.strategies.iter().find(|x| x.strategy == s && x.lang == lang).map(|x| x.overall_high).expect("strategy scored")
}

/// Every finished call of `scenario` at temperament `t`, played in the engine.
fn every_call(scenario: &Scenario, catalog: &Catalog, t: u32) -> Vec<Report> {
    let range = scenario.customer.temperament;
    let seed = (0..100_000u64)
        .find(|&s| draw_in(s, 0, Purpose::Temperament, range.min, range.max.max(range.min)) == t)
        .expect("a seed with this temperament");
    let (conv, _) = Conversation::start(Arc::new(scenario.clone()), seed).expect("starts");
    let mut out = Vec::new();
    let mut stack = vec![conv];
    while let Some(conv) = stack.pop() {
        if conv.is_over() {
            out.push(score(scenario, catalog, conv.state()));
            continue;
        }
        for k in 0..conv.offered().len() {
            let mut next = conv.clone();
            // A call that gets stuck is not a finished call.
            if next.select(OptionNumber::from_position(k)).is_ok() {
                stack.push(next);
            }
        }
        assert!(out.len() < 3_000_000, "too many calls to brute-force");
    }
    out
}

/// Asserts that the analysis agrees with brute force over `temperaments` (which must cover the
/// scenario's whole range or its classes).
fn assert_agrees(name: &str, scenario: &Scenario, catalog: &Catalog, temperaments: &[u32]) {
    let a = analyze(scenario, catalog, &[]).unwrap_or_else(|e| panic!("{name}: {e}"));
    let calls: Vec<Report> = temperaments.iter().flat_map(|&t| every_call(scenario, catalog, t)).collect();
    assert!(!calls.is_empty(), "{name}: some call finishes");
    let overall: Vec<u32> = calls.iter().map(|r| r.overall).collect();
    assert_eq!(a.overall.max, *overall.iter().max().unwrap_or(&0), "{name}: max overall");
    assert_eq!(a.overall.min, *overall.iter().min().unwrap_or(&0), "{name}: min overall");
    let listening: Vec<u32> = calls.iter().filter_map(|r| r.listening).collect();
    assert_eq!(a.listening.map(|r| r.max), listening.iter().max().copied(), "{name}: max listening");
    assert_eq!(a.listening.map(|r| r.min), listening.iter().min().copied(), "{name}: min listening");
    let recovery: Vec<u32> = calls.iter().filter_map(|r| r.recovery).collect();
    assert_eq!(a.recovery.map(|r| r.max), recovery.iter().max().copied(), "{name}: max recovery");
    assert_eq!(a.recovery.map(|r| r.min), recovery.iter().min().copied(), "{name}: min recovery");
    let best = a.best_call.as_ref().expect("a best call");
    assert_eq!(best.overall, a.overall.max, "{name}: the best call, replayed in the engine, scores the maximum");
    for ending in &a.endings {
        let reached = calls.iter().any(|r| r.ending.as_ref().is_some_and(|e| e.id == ending.id));
        assert_eq!(ending.reachable, reached, "{name}: ending {} reachable", ending.id);
    }
}

#[test]
fn the_best_call_is_the_best_ratio_not_the_most_points() {
    let (s, c) = ratio();
    let a = analyze(&s, &c, &[]).expect("analyses");
    assert_eq!((a.overall.min, a.overall.max), (15, 65));
    assert_eq!(a.listening.map(|r| (r.min, r.max)), Some((0, 67)));
    assert_eq!(a.recovery, None, "no recovery technique is on offer");
    let best = a.best_call.clone().expect("best call");
    assert_eq!(best.choices.iter().map(|c| c.as_str()).collect::<Vec<_>>(), ["s.short", "u.ok"]);
    assert_eq!((best.overall, best.listening), (65, Some(67)));
    assert!(a.exact);
    // Longest: s.long then t.y (4/8 = 50 → 53); shortest: s.short then u.ok (2/3 → 65).
    for lang in [Lang::En, Lang::Zh] {
        assert_eq!(strategy(&a, Strategy::Longest, Some(lang)), 53, "{lang:?}");
        assert_eq!(strategy(&a, Strategy::Shortest, Some(lang)), 65, "{lang:?}");
    }
    let random = a.strategies.iter().find(|x| x.strategy == Strategy::UniformRandom).expect("random");
    // Four calls, equally likely: 53, 53, 65, 15 → 46.5 expected; a seeded sample of 1000 is close.
    assert!((random.overall_mean - 46.5).abs() < 2.5, "sampled mean {}", random.overall_mean);
    assert_eq!(a.endings[0].reached_by.iter().map(|c| c.as_str()).collect::<Vec<_>>(), ["t.x", "t.y", "u.ok", "u.cut"]);
}

#[test]
fn brute_force_agrees_on_the_hand_computed_case() {
    let (s, c) = ratio();
    assert_agrees("ratio", &s, &c, &[100]);
}

#[test]
fn exam_marks_out_of_reach_are_reported() {
    let (s, c) = ratio();
    let reqs = [
        ExamRequirement {
            exam: "hard".into(),
            thresholds: Thresholds { overall: 70, listening: None, recovery: None },
        },
        ExamRequirement {
            exam: "fair".into(),
            thresholds: Thresholds { overall: 60, listening: Some(60), recovery: None },
        },
        ExamRequirement {
            exam: "deaf".into(),
            thresholds: Thresholds { overall: 10, listening: Some(80), recovery: None },
        },
    ];
    let a = analyze(&s, &c, &reqs).expect("analyses");
    assert_eq!(a.exams.iter().map(|e| e.attainable).collect::<Vec<_>>(), [false, true, false]);
    assert_eq!(a.exams[0].best_overall, 65);
    assert!(a.exams[2].reason.as_deref().is_some_and(|r| r.contains("listening")), "{:?}", a.exams[2].reason);
    assert_eq!(a.smells.iter().filter(|s| s.kind == SmellKind::ExamUnattainable).count(), 2);
}

#[test]
fn brute_force_agrees_on_generated_scenarios() {
    let c = catalog();
    for seed in 0..10 {
        let s = layered(40, seed);
        assert_agrees(&format!("generated seed {seed}"), &s, &c, &[90, 113, 130]);
    }
}

/// The three first shipped scenarios: brute force enumerates every call (exponential in the
/// scenario's length), and the temperament check analyses once per temperament value, so both
/// stay on these; `frontline analyze scenarios` in `make test` covers the whole folder.
const SHIPPED: [&str; 3] = ["scenarios/angry_caller.ron", "scenarios/lost_passport.ron", "scenarios/late_flight.ron"];

#[test]
fn brute_force_agrees_on_the_shipped_scenarios_for_the_touchiest_customer() {
    // Every call of every shipped scenario (tens of thousands each) at the top of its temper range,
    // where mood losses bite hardest; the next test covers the rest of the range.
    for file in SHIPPED {
        let loaded = load_scenario(Path::new(file)).unwrap_or_else(|d| panic!("{}", d.render()));
        let mut s = (*loaded.scenario).clone();
        let t = s.customer.temperament.max;
        s.customer.temperament.min = t;
        assert_agrees(&format!("{file} at {t}"), &s, &loaded.catalog, &[t]);
    }
}

#[test]
fn temperament_classes_are_exact() {
    // One analysis over the whole range equals the extremes of one analysis per temperament value.
    for file in SHIPPED {
        let loaded = load_scenario(Path::new(file)).unwrap_or_else(|d| panic!("{}", d.render()));
        let whole = analyze(&loaded.scenario, &loaded.catalog, &[]).expect("analyses");
        let range = loaded.scenario.customer.temperament;
        let (mut min, mut max) = (u32::MAX, 0);
        let mut reachable = vec![false; whole.endings.len()];
        for t in range.min..=range.max {
            let mut s = (*loaded.scenario).clone();
            s.customer.temperament.min = t;
            s.customer.temperament.max = t;
            let a = analyze(&s, &loaded.catalog, &[]).expect("analyses");
            min = min.min(a.overall.min);
            max = max.max(a.overall.max);
            for (k, e) in a.endings.iter().enumerate() {
                reachable[k] |= e.reachable;
            }
        }
        assert_eq!((whole.overall.min, whole.overall.max), (min, max), "{file}");
        assert_eq!(whole.endings.iter().map(|e| e.reachable).collect::<Vec<_>>(), reachable, "{file}");
    }
}

#[test]
fn a_large_generated_scenario_is_valid_and_analysed() {
    let s = layered(2000, 7);
    assert!(s.nodes.len() >= 2000);
    // Distinct calls, counted over the scenario's graph (every node has three choices).
    let mut paths: std::collections::HashMap<&str, f64> = std::collections::HashMap::new();
    for node in s.nodes.iter().rev() {
        let n: f64 = node.choices.iter().map(|c| paths.get(c.next.as_str()).copied().unwrap_or(1.0)).sum();
        paths.insert(node.id.as_str(), n);
    }
    assert!(paths[s.start.as_str()] > 1e12, "{} paths", paths[s.start.as_str()]);
    let text = ron::ser::to_string_pretty(&s, ron::ser::PrettyConfig::default()).expect("serialises");
    let (s, c) = load_text(&text);
    let a = analyze(&s, &c, &[]).expect("analyses");
    assert!(a.states >= s.nodes.len() / 2, "{} states", a.states);
    let best = a.best_call.clone().expect("a best call");
    assert_eq!(best.overall, a.overall.max);
    assert!(a.overall.min < a.overall.max);
}

const BASE: &str = r#"Scenario(
    id: "smell",
    title: (en: "Smell", zh: "问题"),
    summary: (en: "A call.", zh: "一通电话。"),
    difficulty: Easy,
    minutes: 1,
    source: (case: "test", refs: [], tag: "[G]"),
    customer: (name: (en: "Ann", zh: "安"), meters: CUSTOMER),
    start: "a",
    nodes: [NODES],
    endings: [
        (id: "good", outcome: Loyal, text: (en: "Thanks.", zh: "谢谢。")),
        (id: "bad", outcome: Angry, text: (en: "Never again.", zh: "再也不来了。")),
        ENDINGS
    ],
)"#;

fn choice(id: &str, en: &str, tags: &str, effects: &str, next: &str) -> String {
    format!(
        r#"(id: "{id}", text: (en: "{en}", zh: "{en}。"), techniques: [{tags}], effects: ({effects}), feedback: (en: "F.", zh: "评。"), next: "{next}")"#
    )
}

fn scenario(customer: &str, nodes: &[String], endings: &str) -> (Scenario, Catalog) {
    load_text(&BASE.replace("CUSTOMER", customer).replace("NODES", &nodes.join(",\n")).replace("ENDINGS", endings))
}

fn node(id: &str, choices: &[String]) -> String {
    format!(r#"(id: "{id}", lines: [(en: "Hi.", zh: "你好。")], choices: [{}])"#, choices.join(", "))
}

fn smells_of(customer: &str, nodes: &[String], endings: &str) -> Analysis {
    let (s, c) = scenario(customer, nodes, endings);
    analyze(&s, &c, &[]).expect("analyses")
}

#[test]
fn a_technique_on_a_weaker_option_cannot_be_earned() {
    let a = smells_of(
        "(mood: 60, patience: 100, solved: 60)",
        &[node(
            "a",
            &[
                choice("a.best", "Go on.", r#"ShowsWeighted("L1", 3)"#, "mood: 5", "good"),
                choice("a.ok", "I see you are upset.", r#"Shows("L2")"#, "", "good"),
                choice("a.no", "Policy says no.", r#"Breaks("L1"), Breaks("L2")"#, "", "bad"),
            ],
        )],
        "",
    );
    let s = a.smells.iter().find(|s| s.kind == SmellKind::UnearnableOpportunity).expect("smell");
    assert_eq!(s.path, "nodes[0].choices[1]");
    assert!(s.message.contains("`L2`") && s.message.contains("a.best"), "{}", s.message);
    assert_eq!(a.listening.map(|r| r.max), Some(75), "3 of 4 at best");
}

#[test]
fn length_that_gives_the_answer_away_is_a_smell() {
    let long = "I completely understand how frustrating this must be and I am here to help you right now";
    let id = |i: usize| if i == 0 { "a".to_string() } else { format!("n{i}") };
    let nodes: Vec<String> = (0..3)
        .map(|i| {
            let (good, bad) = if i == 2 { ("good".to_string(), "bad".to_string()) } else { (id(i + 1), id(i + 1)) };
            node(
                &id(i),
                &[
                    choice(&format!("n{i}.good"), long, r#"Shows("L1")"#, "", &good),
                    choice(&format!("n{i}.bad"), "No.", r#"Breaks("L1")"#, "", &bad),
                ],
            )
        })
        .collect();
    let a = smells_of("(mood: 60, patience: 100, solved: 60)", &nodes, "");
    assert!(kinds(&a).contains(&SmellKind::LengthBias), "{:?}", kinds(&a));
    assert!(kinds(&a).contains(&SmellKind::StrategyWins), "{:?}", kinds(&a));
    assert_eq!(strategy(&a, Strategy::Longest, Some(Lang::En)), 100);
    assert_eq!(strategy(&a, Strategy::Shortest, Some(Lang::En)), 3, "0 % and Angry (10 points): round(2.5) = 3");
}

#[test]
fn a_better_choice_leading_to_a_worse_ending_is_a_smell() {
    let a = smells_of(
        "(mood: 60, patience: 100, solved: 60)",
        &[node(
            "a",
            &[
                choice("a.better", "Go on.", r#"Shows("L1")"#, "", "bad"),
                choice("a.worse", "Hm.", r#"Breaks("L1")"#, "", "good"),
            ],
        )],
        "",
    );
    let s = a.smells.iter().find(|s| s.kind == SmellKind::BetterChoiceWorseEnding).expect("smell");
    assert_eq!(s.path, "nodes[0].choices[0]");
}

#[test]
fn what_the_walkout_cuts_off_is_reported() {
    let a = smells_of(
        r#"(mood: 60, patience: 20, solved: 60), walkout: Some("gone")"#,
        &[
            node(
                "a",
                &[
                    choice("a.slow", "Let me put you on hold.", r#"Breaks("L1")"#, "patience: -30", "b"),
                    choice("a.fast", "Go on.", r#"Shows("L1")"#, "", "good"),
                ],
            ),
            node(
                "b",
                &[
                    choice("b.x", "Sorry.", r#"Shows("L1")"#, "", "escalate"),
                    choice("b.y", "Bye.", r#"Breaks("L1")"#, "", "bad"),
                ],
            ),
        ],
        r#"(id: "gone", outcome: Angry, text: (en: "Click.", zh: "挂了。")), (id: "escalate", outcome: Escalated, text: (en: "Manager!", zh: "找经理！")),"#,
    );
    let paths: Vec<(SmellKind, &str)> = a.smells.iter().map(|s| (s.kind, s.path.as_str())).collect();
    assert!(paths.contains(&(SmellKind::WalkoutUnreachable, "nodes[1]")), "{paths:?}");
    assert!(paths.contains(&(SmellKind::WalkoutUnreachable, "endings[3]")), "{paths:?}");
    let gone = a.endings.iter().find(|e| e.id.as_str() == "gone").expect("walkout ending");
    assert!(gone.reachable && gone.by_walkout);
}

#[test]
fn equivalent_options_and_one_sided_techniques_are_smells() {
    let a = smells_of(
        "(mood: 60, patience: 100, solved: 60)",
        &[
            node(
                "a",
                &[
                    choice("a.one", "Go on.", r#"Shows("L1")"#, "", "b"),
                    choice("a.two", "Tell me.", r#"Shows("L1")"#, "", "b"),
                ],
            ),
            node(
                "b",
                &[
                    choice("b.x", "Right.", r#"Shows("L2")"#, "", "good"),
                    choice("b.y", "Wrong.", r#"Breaks("L2"), Breaks("R1")"#, "", "bad"),
                ],
            ),
        ],
        "",
    );
    let found: Vec<(SmellKind, &str)> = a.smells.iter().map(|s| (s.kind, s.path.as_str())).collect();
    assert!(found.contains(&(SmellKind::EquivalentOptions, "nodes[0]")), "{found:?}");
    let one_sided: Vec<&str> =
        a.smells.iter().filter(|s| s.kind == SmellKind::OneSidedTechnique).map(|s| s.message.as_str()).collect();
    assert!(one_sided.iter().any(|m| m.contains("`L1`") && m.contains("only ever shown")), "{one_sided:?}");
    assert!(one_sided.iter().any(|m| m.contains("`R1`") && m.contains("only ever broken")), "{one_sided:?}");
    assert!(!one_sided.iter().any(|m| m.contains("`L2`")), "{one_sided:?}");
}

#[test]
fn an_ending_that_contradicts_its_meters_and_long_text_are_smells() {
    let long = "word ".repeat(120);
    let a = smells_of(
        "(mood: 20, patience: 100, solved: 0)",
        &[node(
            "a",
            &[
                choice("a.x", "Go on.", r#"Shows("L1")"#, "", "good"),
                choice("a.y", &long, r#"Breaks("L1")"#, "", "bad"),
            ],
        )],
        "",
    );
    let found: Vec<(SmellKind, &str)> = a.smells.iter().map(|s| (s.kind, s.path.as_str())).collect();
    assert!(found.contains(&(SmellKind::EndingContradictsMeters, "endings[0]")), "{found:?}");
    assert!(found.contains(&(SmellKind::TextTooLong, "nodes[0].choices[1].text")), "{found:?}");
}

#[test]
fn a_loop_and_a_dead_end_are_smells() {
    let a = smells_of(
        "(mood: 60, patience: 100, solved: 60)",
        &[
            node("a", &[
                choice("a.again", "Say that again?", r#"Breaks("L1")"#, "", "a"),
                choice("a.on", "Go on.", r#"Shows("L1")"#, "", "b"),
            ]),
            r#"(id: "b", lines: [(en: "Hm.", zh: "嗯。")], choices: [(id: "b.x", text: (en: "Done.", zh: "好了。"), techniques: [Shows("L1")], feedback: (en: "F.", zh: "评。"), next: "good", condition: Some(AtMost(Mood, 10)))])"#.to_string(),
        ],
        "",
    );
    let found: Vec<SmellKind> = kinds(&a);
    assert!(found.contains(&SmellKind::EndlessLoop), "{found:?}");
    assert!(found.contains(&SmellKind::Stuck), "{found:?}");
    assert!(!a.exact);
}

#[test]
fn the_map_places_nodes_by_distance_and_follows_a_calls_path() {
    use frontline::core::map_layout::{MapLayout, PlaceKind};
    let (s, _) = ratio();
    let map = MapLayout::of(&s);
    let place = |id: &str| map.places.iter().find(|p| p.id.as_str() == id).expect("placed");
    assert_eq!((place("s").column, place("t").column, place("u").column), (0, 1, 1));
    assert_eq!(place("done").column, 2, "endings come last");
    assert!(matches!(place("done").kind, PlaceKind::Ending(_)));
    assert_eq!((map.columns, map.rows), (3, 2));
    assert_eq!(map.passages.len(), 6);
    let path: Vec<frontline::core::ids::ChoiceId> =
        ["s.short", "u.ok"].iter().map(|c| frontline::core::ids::ChoiceId::new(*c)).collect();
    let (passages, places) = map.path(&path, Some(&frontline::core::ids::NodeId::new("done")));
    assert_eq!(passages.len(), 2);
    let ids: std::collections::BTreeSet<&str> = places.iter().map(|&k| map.places[k].id.as_str()).collect();
    assert_eq!(ids, ["done", "s", "u"].into_iter().collect());
}

#[test]
fn the_shipped_library_offers_every_technique_both_ways_at_least_three_times() {
    let loaded: Vec<_> = crate::common::shipped_scenarios()
        .iter()
        .map(|p| load_scenario(p).unwrap_or_else(|d| panic!("{}", d.render())))
        .collect();
    let scenarios: Vec<&Scenario> = loaded.iter().map(|l| &*l.scenario).collect();
    let c = frontline::core::analysis::coverage::coverage(&loaded[0].catalog, &scenarios);
    assert_eq!(c.rows.len(), loaded[0].catalog.techniques.len(), "one row per catalog technique");
    assert!(c.gaps.is_empty(), "coverage gaps:\n{}", c.gaps.join("\n"));
    assert!(c.smells.is_empty(), "{:?}", c.smells);
}

#[test]
fn a_technique_offered_only_once_is_a_coverage_gap() {
    let small = crate::common::small();
    let c = frontline::core::analysis::coverage::coverage(&small.catalog, &[&*small.scenario]);
    let l1 = c.rows.iter().find(|r| r.id == "L1").expect("L1 row");
    assert!(l1.choices_for >= 1);
    assert!(c.gaps.iter().any(|g| g.starts_with("`L1`")), "{:#?}", c.gaps);
}
