//! The dialogue engine, driven without any UI: determinism, save/restore, conditions, routes, walkouts.

use crate::common;

use frontline::core::engine::{CallState, Conversation, EndReason, EngineError, Event};
use frontline::core::ids::OptionNumber;
use frontline::core::library::load_scenario;
use frontline::core::meters::Meter;
use frontline::core::scenario::Outcome;
use frontline::core::text::Lang;
use frontline::core::transcript;

fn run_all(seed: u64, numbers: &[usize]) -> (String, CallState) {
    let loaded = common::small();
    let (mut conv, events) = Conversation::start(loaded.scenario.clone(), seed).expect("start");
    let mut all = events;
    for &n in numbers {
        if conv.is_over() {
            break;
        }
        all.extend(conv.select(OptionNumber(n)).expect("select"));
    }
    (transcript::render(&loaded.scenario, &all, Lang::En), conv.state().clone())
}

#[test]
fn same_seed_and_choices_give_the_same_transcript() {
    for seed in [0, 1, 7, 99, u64::MAX] {
        let a = run_all(seed, &[1, 1]);
        let b = run_all(seed, &[1, 1]);
        assert_eq!(a, b, "seed {seed}");
    }
}

#[test]
fn seeds_change_option_order_and_line_variants() {
    let loaded = common::small();
    let mut orders = std::collections::HashSet::new();
    for seed in 0..40 {
        let (conv, _) = Conversation::start(loaded.scenario.clone(), seed).expect("start");
        orders.insert(conv.offered().to_vec());
    }
    assert!(orders.len() > 1, "40 seeds should not all give the same option order");
    let mut variants = std::collections::HashSet::new();
    for seed in 0..40 {
        let (mut conv, _) = Conversation::start(loaded.scenario.clone(), seed).expect("start");
        common::pick(&mut conv, 0);
        variants.insert(conv.current_variant());
    }
    assert_eq!(variants.len(), 2, "node b has two variants and both should appear");
}

#[test]
fn save_and_restore_mid_call_continues_identically() {
    let loaded = common::small();
    for seed in 0..10 {
        let (mut straight, _) = Conversation::start(loaded.scenario.clone(), seed).expect("start");
        common::pick(&mut straight, 0);
        // Save as RON text, as a file would hold it, then restore.
        let saved = ron::to_string(straight.state()).expect("serialize");
        let state: CallState = ron::from_str(&saved).expect("deserialize");
        let mut restored = Conversation::restore(loaded.scenario.clone(), state).expect("restore");
        assert_eq!(restored.offered(), straight.offered());
        let a = common::pick(&mut straight, 0);
        let b = common::pick(&mut restored, 0);
        assert_eq!(a, b);
        assert_eq!(straight.state(), restored.state());
    }
}

#[test]
fn restore_refuses_a_changed_scenario() {
    let loaded = common::small();
    let (conv, _) = Conversation::start(loaded.scenario.clone(), 3).expect("start");
    let mut changed = (*loaded.scenario).clone();
    changed.nodes[0].choices[0].effects.mood += 1;
    let err = Conversation::restore(std::sync::Arc::new(changed), conv.state().clone()).expect_err("changed");
    assert!(matches!(err, EngineError::StateMismatch { .. }), "{err}");
}

#[test]
fn conditions_gate_choices_on_the_meters() {
    let loaded = common::small();
    // Mood 40 + 10 = 50: the conditional third choice of `b` (AtLeast(Mood, 50)) is offered.
    let (mut conv, _) = Conversation::start(loaded.scenario.clone(), 5).expect("start");
    common::pick(&mut conv, 0);
    assert_eq!(conv.state().meters.mood, 50);
    assert!(conv.offered().contains(&2));
    // Mood 40 - 20 = 20: it is not.
    let (mut conv, _) = Conversation::start(loaded.scenario.clone(), 5).expect("start");
    common::pick(&mut conv, 1);
    assert_eq!(conv.state().meters.mood, 20);
    assert!(!conv.offered().contains(&2));
    assert_eq!(conv.offered().len(), 2);
}

#[test]
fn routes_pick_the_ending_from_the_meters() {
    let loaded = common::small();
    let (mut conv, _) = Conversation::start(loaded.scenario.clone(), 11).expect("start");
    common::pick(&mut conv, 0);
    let events = common::pick(&mut conv, 0);
    assert!(events.iter().any(|e| matches!(e, Event::Ended { outcome: Outcome::VerySatisfied, .. })));
    assert_eq!(conv.ending().map(|(e, r)| (e.as_str(), r)), Some(("happy", EndReason::Reached)));

    let (mut conv, _) = Conversation::start(loaded.scenario.clone(), 11).expect("start");
    common::pick(&mut conv, 0);
    common::pick(&mut conv, 1);
    assert_eq!(conv.ending().map(|(e, r)| (e.as_str(), r)), Some(("meh", EndReason::Reached)));
}

#[test]
fn patience_at_zero_walks_out() {
    let loaded = common::small();
    let (mut conv, _) = Conversation::start(loaded.scenario.clone(), 2).expect("start");
    let events = common::pick(&mut conv, 2);
    assert!(events.contains(&Event::MeterChanged { meter: Meter::Patience, from: 30, to: 0 }));
    assert_eq!(conv.ending().map(|(e, r)| (e.as_str(), r)), Some(("gone", EndReason::Walkout)));
    assert_eq!(conv.select(OptionNumber(1)), Err(EngineError::CallOver));
}

#[test]
fn hesitation_drains_patience_until_walkout() {
    let loaded = common::small();
    let (mut conv, _) = Conversation::start(loaded.scenario.clone(), 2).expect("start");
    for expected in [20, 10] {
        conv.hesitate().expect("hesitate");
        assert_eq!(conv.state().meters.patience, expected);
    }
    let events = conv.hesitate().expect("hesitate");
    assert!(events.iter().any(|e| matches!(e, Event::Ended { reason: EndReason::Walkout, .. })));
    let log = &conv.state().hesitations;
    assert_eq!(log.len(), 3);
    assert_eq!((log[0].patience_before, log[0].patience_after, log[0].walked_out), (30, 20, false));
    assert_eq!((log[2].patience_before, log[2].patience_after, log[2].walked_out), (10, 0, true));
    assert!(log.iter().all(|h| h.node == "a"));
}

#[test]
fn out_of_range_option_is_an_error_not_a_panic() {
    let loaded = common::small();
    let (mut conv, _) = Conversation::start(loaded.scenario.clone(), 2).expect("start");
    assert_eq!(conv.select(OptionNumber(0)), Err(EngineError::NoSuchOption { number: OptionNumber(0), available: 3 }));
    assert_eq!(conv.select(OptionNumber(4)), Err(EngineError::NoSuchOption { number: OptionNumber(4), available: 3 }));
    assert!(!conv.is_over());
}

#[test]
fn temperament_scales_mood_losses_within_the_range() {
    let loaded = common::small();
    let mut scenario = (*loaded.scenario).clone();
    scenario.customer.temperament.min = 150;
    scenario.customer.temperament.max = 200;
    let scenario = std::sync::Arc::new(scenario);
    for seed in 0..20 {
        let (mut conv, _) = Conversation::start(scenario.clone(), seed).expect("start");
        let t = conv.state().temperament;
        assert!((150..=200).contains(&t));
        common::pick(&mut conv, 1); // mood -20, scaled by t%
        let expected = (40 - (20 * t as i32 + 50) / 100).max(0);
        assert_eq!(conv.state().meters.mood, expected, "temperament {t}");
    }
}

#[test]
fn shipped_scenarios_can_be_played_to_an_ending_by_always_taking_option_one() {
    for path in common::shipped_scenarios() {
        let file = path.display().to_string();
        let loaded = load_scenario(&path).unwrap_or_else(|d| panic!("{file}: {d:#?}"));
        for seed in 0..20 {
            let (mut conv, _) = Conversation::start(loaded.scenario.clone(), seed).expect("start");
            let mut steps = 0;
            while !conv.is_over() {
                conv.select(OptionNumber(1)).unwrap_or_else(|e| panic!("{file} seed {seed}: {e}"));
                steps += 1;
                assert!(steps < 200, "{file} seed {seed}: no ending after 200 choices");
            }
        }
    }
}

#[test]
fn a_failed_step_leaves_the_call_unchanged() {
    // Make `b`'s only route target a routing node whose routes never hold: entering fails.
    let loaded = common::small();
    let mut scenario = (*loaded.scenario).clone();
    scenario.nodes[2].routes = vec![frontline::core::scenario::Route {
        when: Some(frontline::core::condition::Condition::AtLeast(Meter::Mood, 100)),
        next: "happy".into(),
    }];
    let scenario = std::sync::Arc::new(scenario);
    let (mut conv, _) = Conversation::start(scenario.clone(), 3).expect("start");
    common::pick(&mut conv, 0);
    let before = conv.state().clone();
    let number = conv.offered().iter().position(|&c| c == 0).expect("offered") + 1;
    let err = conv.select(OptionNumber(number)).expect_err("the route cannot be followed");
    assert!(matches!(err, EngineError::NoOptions { .. }), "{err}");
    assert_eq!(conv.state(), &before, "nothing of the failed step was kept");
}

#[test]
fn the_mood_chart_shows_hesitation_and_a_walkout_by_hesitation() {
    let loaded = common::small();
    let (mut conv, _) = Conversation::start(loaded.scenario.clone(), 2).expect("start");
    conv.hesitate().expect("hesitate"); // patience 30 -> 20 before the first decision
    common::pick(&mut conv, 1); // patience 20 -> 10
    let r = frontline::core::score::score(&loaded.scenario, &loaded.catalog, conv.state());
    let patience: Vec<i32> = r.timeline.iter().map(|m| m.patience).collect();
    assert_eq!(patience, vec![30, 20, 10]);
    // No timer on `b`, so the call stays open; with a timer a hesitation walkout would be the last point.
    assert!(!conv.is_over());
}

#[test]
fn absurd_numbers_in_an_unchecked_scenario_never_overflow() {
    // A scenario that skipped the checker: extreme drains, effects, weights and temperament.
    use frontline::core::scenario::{PatienceTimer, TechniqueTag};
    let loaded = common::small();
    let mut scenario = (*loaded.scenario).clone();
    scenario.customer.temperament.min = u32::MAX;
    scenario.customer.temperament.max = u32::MAX;
    scenario.nodes[0].timer = Some(PatienceTimer { seconds: 1, drain: i32::MIN });
    for node in &mut scenario.nodes {
        for choice in &mut node.choices {
            choice.effects.mood = i32::MIN;
            choice.effects.patience = i32::MAX;
            choice.techniques = vec![
                TechniqueTag::ShowsWeighted("L1".into(), u32::MAX),
                TechniqueTag::ShowsWeighted("R1".into(), u32::MAX),
                TechniqueTag::BreaksWeighted("X1".into(), u32::MAX),
                TechniqueTag::BreaksWeighted("G3".into(), u32::MAX),
            ];
        }
    }
    let scenario = std::sync::Arc::new(scenario);
    for seed in 0..4 {
        let (mut conv, _) = Conversation::start(scenario.clone(), seed).expect("start");
        conv.hesitate().expect("hesitate");
        while !conv.is_over() {
            conv.select(OptionNumber(1)).expect("select");
        }
        let report = frontline::core::score::score(&scenario, &loaded.catalog, conv.state());
        assert!(report.overall <= 100);
        for m in Meter::ALL {
            assert!((0..=100).contains(&conv.state().meters.get(m)));
        }
    }
}
