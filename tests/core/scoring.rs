//! Scoring against hand-computed expectations for the small fixture (tests/fixtures/small.ron).
//!
//! The arithmetic for each path is written out in the comments; see the README's "Scoring" section.

use crate::common;

use frontline::core::engine::Conversation;
use frontline::core::scenario::Outcome;
use frontline::core::score::score;

fn technique<'a>(r: &'a frontline::core::score::Report, id: &str) -> &'a frontline::core::score::TechniqueResult {
    r.techniques.iter().find(|t| t.id == id).unwrap_or_else(|| panic!("no result for {id}"))
}

#[test]
fn best_path() {
    // a: "Tell me more" (L1×2, R1) — offered L1 best 2, R1 best 1: earns both.
    // b: mood 50 so all three offered: R2 1, R1 1, L1 1; "Fixed it" earns R2 only.
    // L1 2/3 = 67, R1 1/2 = 50, R2 1/1 = 100. Listening 2/3 = 67; recovery (1+1)/(2+1) = 67.
    // Techniques 4/6 = 67; ending VerySatisfied = 85; overall = (67×75 + 85×25 + 50) / 100 = 72.
    let loaded = common::small();
    let (mut conv, _) = Conversation::start(loaded.scenario.clone(), 1).expect("start");
    common::pick(&mut conv, 0);
    common::pick(&mut conv, 0);
    let r = score(&loaded.scenario, &loaded.catalog, conv.state());
    assert_eq!(technique(&r, "L1").score, Some(67));
    assert_eq!((technique(&r, "L1").hits, technique(&r, "L1").misses), (1, 1));
    assert_eq!(technique(&r, "R1").score, Some(50));
    assert_eq!(technique(&r, "R2").score, Some(100));
    assert_eq!(r.listening, Some(67));
    assert_eq!(r.recovery, Some(67));
    assert_eq!(r.techniques_score, 67);
    assert_eq!(r.ending.as_ref().map(|e| e.outcome), Some(Outcome::VerySatisfied));
    assert_eq!(r.overall, 72);
    // Turn a was the best available; turn b had equally good options (net 1 each), so no "better".
    assert!(r.turns.iter().all(|t| t.better.is_none()));
    assert_eq!(r.timeline.len(), 3);
    assert_eq!(r.timeline[0].mood, 40);
    assert_eq!(r.timeline[1].mood, 50);
}

#[test]
fn poor_path_with_violations() {
    // a: "Calm down" breaks G4 (counts against listening): L1 opp 2 earned 0, R1 opp 1 earned 0.
    // b: mood 20, so only two options: R2 1, R1 1; "I promise" earns R1 1, breaks X1 (recovery).
    // L1 0/2 = 0; R1 1/2 = 50; R2 0/1 = 0. Listening (0 - 1)/2 → 0; recovery (1 - 1)/3 = 0.
    // Ending: solved 0 → "meh", Dissatisfied (30), silent exit; overall = (0 + 30×25 + 50)/100 = 8.
    let loaded = common::small();
    let (mut conv, _) = Conversation::start(loaded.scenario.clone(), 1).expect("start");
    common::pick(&mut conv, 1);
    common::pick(&mut conv, 1);
    let r = score(&loaded.scenario, &loaded.catalog, conv.state());
    assert_eq!(technique(&r, "L1").score, Some(0));
    assert_eq!(technique(&r, "R1").score, Some(50));
    assert_eq!(technique(&r, "R2").score, Some(0));
    assert_eq!(technique(&r, "G4").violations, 1);
    assert_eq!(technique(&r, "G4").score, None);
    assert_eq!(technique(&r, "X1").penalty, 1);
    assert_eq!(r.listening, Some(0));
    assert_eq!(r.recovery, Some(0));
    let ending = r.ending.as_ref().expect("ended");
    assert_eq!((ending.outcome, ending.silent_exit), (Outcome::Dissatisfied, true));
    assert_eq!(r.overall, 8);
    // Both turns name the better option that was offered.
    assert_eq!(r.turns[0].better.as_ref().map(|b| b.text.en.as_str()), Some("Tell me more."));
    assert_eq!(r.turns[1].better.as_ref().map(|b| b.text.en.as_str()), Some("Fixed it."));
    assert_eq!(r.turns[0].breaks, vec!["G4".to_string()]);
}

#[test]
fn walkout_scores_zero() {
    // a: "Bye" breaks X8 and drops patience to 0: walkout to "gone" (Escalated, 0 points).
    // Listening 0/2 = 0; recovery (0 - 1)/1 → 0; overall (0 + 0 + 50)/100 = 0.
    let loaded = common::small();
    let (mut conv, _) = Conversation::start(loaded.scenario.clone(), 1).expect("start");
    common::pick(&mut conv, 2);
    let r = score(&loaded.scenario, &loaded.catalog, conv.state());
    assert_eq!(r.ending.as_ref().map(|e| e.outcome), Some(Outcome::Escalated));
    assert_eq!((r.listening, r.recovery, r.overall), (Some(0), Some(0), 0));
    assert_eq!(r.turns.len(), 1);
}

#[test]
fn report_is_the_same_for_the_same_call() {
    let loaded = common::small();
    let make = || {
        let (mut conv, _) = Conversation::start(loaded.scenario.clone(), 9).expect("start");
        common::pick(&mut conv, 0);
        common::pick(&mut conv, 1);
        score(&loaded.scenario, &loaded.catalog, conv.state())
    };
    assert_eq!(make(), make());
    let json = serde_json::to_string(&make()).expect("json");
    assert!(json.contains("\"overall\""));
}
