//! The properties every drawn scenario must have, as functions of raw bytes that panic on a
//! violation: the property tests (tests/core/drawn_properties.rs) call them with proptest's
//! inputs and replay the fuzz corpus through them; the fuzz targets (fuzz/fuzz_targets/) call the
//! same functions, so a crash the fuzzer finds is the same failure here.

use frontline::core::analysis::analyze;
use frontline::core::analysis::arbitrary::scenario_from_bytes;
use frontline::core::engine::{CallState, Conversation, Event};
use frontline::core::ids::{ChoiceId, OptionNumber};
use frontline::core::load::SourceFile;
use frontline::core::loader::{AssumeAssetsExist, CatalogInput, LoadedScenario, load_scenario_text};
use frontline::core::meters::Meter;
use frontline::core::score::score;

/// The shipped technique catalog (drawn scenarios name its techniques).
pub const CATALOG: &str = include_str!("../../scenarios/techniques.ron");

/// Most choices a drawn call is driven through before it must have ended (or looped).
pub const STEP_LIMIT: usize = 400;

/// Splits fuzz input in two: the scenario's bytes and the learner's moves.
pub fn split(data: &[u8]) -> (&[u8], &[u8]) {
    let cut = usize::from(data.first().copied().unwrap_or(0)).min(data.len().saturating_sub(1));
    let rest = data.get(1..).unwrap_or(&[]);
    rest.split_at(cut.min(rest.len()))
}

/// Draws a scenario, writes it as RON and loads it back through the real loader and checker:
/// it must check without errors and read back equal to what was written.
pub fn round_trip(scenario_bytes: &[u8]) -> LoadedScenario {
    let scenario = scenario_from_bytes(scenario_bytes);
    let text = ron::ser::to_string_pretty(&scenario, ron::ser::PrettyConfig::default())
        .unwrap_or_else(|e| panic!("a drawn scenario serialises: {e}"));
    let outcome = load_scenario_text(
        SourceFile::from_text("drawn.ron", &text),
        |_| CatalogInput::Text(SourceFile::from_text("techniques.ron", CATALOG)),
        &AssumeAssetsExist,
    );
    let Some(loaded) = outcome.loaded else {
        panic!("a drawn scenario checks clean, but:\n{}\n---\n{text}", outcome.report.render())
    };
    assert_eq!(*loaded.scenario, scenario, "the scenario read back differs from the one written:\n{text}");
    loaded
}

/// One learner move: an option by its index among those offered, or a hesitation.
#[derive(Clone, Copy, Debug)]
enum Move {
    Pick(usize),
    Hesitate,
}

fn moves(bytes: &[u8], hesitations: bool) -> impl Iterator<Item = Move> + '_ {
    bytes
        .iter()
        .chain(std::iter::repeat(&0u8))
        .map(move |&b| if hesitations && b >= 224 { Move::Hesitate } else { Move::Pick(usize::from(b)) })
}

fn seed_of(bytes: &[u8]) -> u64 {
    let mut seed = [0u8; 8];
    for (k, b) in bytes.iter().take(8).enumerate() {
        seed[k] = *b;
    }
    u64::from_le_bytes(seed)
}

/// One call played: every event, the state after each move, the moves made, and whether it ended.
struct Played {
    events: Vec<Event>,
    states: Vec<CallState>,
    made: usize,
    ended: bool,
}

fn play(loaded: &LoadedScenario, seed: u64, bytes: &[u8], hesitations: bool) -> Played {
    let (mut conv, mut events) = Conversation::start(loaded.scenario.clone(), seed).expect("a checked scenario starts");
    let mut states = vec![conv.state().clone()];
    let mut made = 0;
    for m in moves(bytes, hesitations) {
        if conv.is_over() || made >= STEP_LIMIT {
            break;
        }
        let step = match m {
            Move::Hesitate => conv.hesitate(),
            Move::Pick(k) => conv.select(OptionNumber::from_position(k % conv.offered().len().max(1))),
        };
        events.extend(step.unwrap_or_else(|e| panic!("move {made} ({m:?}) fails: {e}")));
        for meter in Meter::ALL {
            let v = conv.state().meters.get(meter);
            assert!((0..=100).contains(&v), "{meter} = {v} after move {made}");
        }
        states.push(conv.state().clone());
        made += 1;
    }
    Played { events, states, made, ended: conv.is_over() }
}

/// The engine's properties on a drawn scenario and drawn moves (hesitations included): meters stay
/// in range; the same seed and moves give the same events; a call saved and restored at any step
/// continues identically; scores stay in 0–100.
pub fn play_drawn(data: &[u8]) {
    let (scenario_bytes, move_bytes) = split(data);
    let loaded = round_trip(scenario_bytes);
    let seed = seed_of(move_bytes);
    let move_bytes = move_bytes.get(8..).unwrap_or(&[]);
    let Played { events, states, made, .. } = play(&loaded, seed, move_bytes, true);
    let again = play(&loaded, seed, move_bytes, true);
    assert_eq!(events, again.events, "the same seed and moves give the same call");

    // Restored at every step (every few on a long call), the call continues with the same moves to the same end.
    let last = states.last().expect("at least the starting state");
    let every = (made / 16).max(1);
    for (k, state) in states.iter().enumerate().step_by(every) {
        let mut resumed = Conversation::restore(loaded.scenario.clone(), state.clone()).expect("restore");
        for m in moves(move_bytes, true).skip(k).take(made - k) {
            let step = match m {
                Move::Hesitate => resumed.hesitate(),
                Move::Pick(i) => resumed.select(OptionNumber::from_position(i % resumed.offered().len().max(1))),
            };
            step.unwrap_or_else(|e| panic!("after restoring at step {k}: {e}"));
        }
        assert_eq!(resumed.state(), last, "restored at step {k}, the call diverged");
    }
    let report = score(&loaded.scenario, &loaded.catalog, last);
    assert!(report.overall <= 100 && report.techniques_score <= 100);
    assert!(report.listening.is_none_or(|s| s <= 100) && report.recovery.is_none_or(|s| s <= 100));
    assert_eq!(report.turns.len(), last.turns.len());
}

/// The analyzer's properties on a drawn scenario: it terminates; its best call, replayed, ends
/// with the score it reports; every call without hesitation (from drawn seeds and moves) ends
/// within its longest call and scores within its minimum and maximum when the analysis is exact.
pub fn analyse_drawn(data: &[u8]) {
    let (scenario_bytes, move_bytes) = split(data);
    let loaded = round_trip(scenario_bytes);
    let analysis = analyze(&loaded.scenario, &loaded.catalog, &[]).unwrap_or_else(|e| panic!("analysis fails: {e}"));
    if let Some(best) = &analysis.best_call {
        let (mut conv, _) = Conversation::start(loaded.scenario.clone(), best.seed).expect("start");
        for id in &best.choices {
            conv.select_choice(&ChoiceId::new(id.as_str()))
                .unwrap_or_else(|e| panic!("the best call's choice `{id}` cannot be taken: {e}"));
        }
        assert!(conv.is_over(), "the best call {:?} does not end the call", best.choices);
        let report = score(&loaded.scenario, &loaded.catalog, conv.state());
        assert_eq!(report.overall, best.overall, "the best call replayed scores differently");
        assert_eq!(report.listening, best.listening);
        assert_eq!(report.recovery, best.recovery);
        assert_eq!(report.ending.as_ref().map(|e| e.id.clone()), best.ending, "the best call ends elsewhere");
    }
    for call in move_bytes.chunks(12).take(8) {
        let Played { states, made, ended, .. } = play(&loaded, seed_of(call), call.get(8..).unwrap_or(&[]), false);
        let last = states.last().expect("a state");
        if !analysis.exact {
            continue;
        }
        assert!(
            ended || made >= STEP_LIMIT,
            "an exact analysis has no loop, yet a call stopped without an ending after {made} choices"
        );
        assert!(
            made as u32 <= analysis.longest_call,
            "a call took {made} choices; the analysis says at most {}",
            analysis.longest_call
        );
        let report = score(&loaded.scenario, &loaded.catalog, last);
        let range = &analysis.overall;
        assert!(
            (range.min..=range.max).contains(&report.overall),
            "a call scored {} outside the analysis's {}–{}",
            report.overall,
            range.min,
            range.max
        );
        if let (Some(r), Some(l)) = (&analysis.listening, report.listening) {
            assert!((r.min..=r.max).contains(&l), "listening {l} outside {}–{}", r.min, r.max);
        }
        if let (Some(r), Some(v)) = (&analysis.recovery, report.recovery) {
            assert!((r.min..=r.max).contains(&v), "recovery {v} outside {}–{}", r.min, r.max);
        }
    }
}
