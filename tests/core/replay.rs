//! Replaying calls in the core: by on-screen number for a seed, and by stable choice id for any seed.

use crate::common;
use frontline::core::engine::{EndReason, EngineError};
use frontline::core::ids::{ChoiceId, OptionNumber};
use frontline::core::replay::{ReplayError, Script, replay};
use std::sync::Arc;

fn ids(list: &[&str]) -> Vec<ChoiceId> {
    list.iter().map(|s| ChoiceId::new(*s)).collect()
}

#[test]
fn by_number_matches_driving_the_engine_by_hand() {
    let loaded = common::small();
    for seed in 0..12 {
        let (mut conv, _) = frontline::core::engine::Conversation::start(loaded.scenario.clone(), seed).expect("start");
        let first = common::number_of(&conv, 0);
        common::pick(&mut conv, 0);
        let second = common::number_of(&conv, 0);
        common::pick(&mut conv, 0);
        let run = replay(loaded.scenario.clone(), seed, Script::Numbers(&[first, second])).expect("replays");
        assert_eq!(run.conversation.state(), conv.state(), "seed {seed}");
        assert_eq!(run.unused, 0);
    }
}

#[test]
fn by_choice_id_is_the_same_call_whatever_the_order_on_screen() {
    let loaded = common::small();
    let script = ids(&["a.listen", "b.fixed"]);
    for seed in 0..12 {
        let run = replay(loaded.scenario.clone(), seed, Script::Choices(&script)).expect("replays");
        assert_eq!(run.conversation.ending().map(|(e, _)| e.as_str()), Some("happy"), "seed {seed}");
        let taken: Vec<&str> = run.conversation.state().turns.iter().map(|t| t.choice_id.as_str()).collect();
        assert_eq!(taken, ["a.listen", "b.fixed"]);
        // The numbers pressed for this seed replay the same call.
        let numbers: Vec<OptionNumber> = run
            .conversation
            .state()
            .turns
            .iter()
            .map(|t| OptionNumber::from_position(t.offered.iter().position(|&i| i == t.chosen).expect("offered")))
            .collect();
        let again = replay(loaded.scenario.clone(), seed, Script::Numbers(&numbers)).expect("replays");
        assert_eq!(again.conversation.state(), run.conversation.state());
    }
}

#[test]
fn a_choice_that_is_not_on_offer_is_refused_with_its_step() {
    let loaded = common::small();
    // Mood 40 - 20 = 20 after "calm down": `b.rest` needs mood 50, so it is not offered.
    let err =
        replay(loaded.scenario.clone(), 1, Script::Choices(&ids(&["a.calm_down", "b.rest"]))).expect_err("refused");
    match err {
        ReplayError::Step { step: 2, error: EngineError::ChoiceNotOffered { id, node } } => {
            assert_eq!((id.as_str(), node.as_str()), ("b.rest", "b"));
        }
        other => panic!("unexpected: {other}"),
    }
}

#[test]
fn too_few_and_too_many_decisions() {
    let loaded = common::small();
    let err = replay(loaded.scenario.clone(), 1, Script::Choices(&ids(&["a.listen"]))).expect_err("short");
    assert!(matches!(err, ReplayError::TooShort { made: 1, ref node } if node.as_str() == "b"), "{err}");
    let run = replay(loaded.scenario.clone(), 1, Script::Choices(&ids(&["a.bye", "b.fixed", "b.fixed"]))).expect("ok");
    assert_eq!(run.conversation.ending().map(|(_, r)| r), Some(EndReason::Walkout));
    assert_eq!(run.unused, 2, "patience ran out at the first decision");
}

#[test]
fn choices_without_ids_are_replayed_by_their_derived_id() {
    let loaded = common::small();
    let mut scenario = (*loaded.scenario).clone();
    for node in &mut scenario.nodes {
        for choice in &mut node.choices {
            choice.id = None;
        }
    }
    let run = replay(Arc::new(scenario), 4, Script::Choices(&ids(&["a#1", "b#1"]))).expect("replays");
    assert_eq!(run.conversation.ending().map(|(e, _)| e.as_str()), Some("happy"));
    assert_eq!(run.conversation.state().turns[0].choice_id.as_str(), "a#1");
}
