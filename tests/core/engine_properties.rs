//! Properties of the engine and scoring over many generated calls of every shipped scenario:
//! meters stay in range, a call saved and restored at any point continues identically, every call
//! ends, and scores stay within 0–100. Paths come from a fixed pseudo-random generator, so a
//! failure is reproducible from the printed seed.

use frontline::core::engine::{CallState, Conversation};
use frontline::core::ids::OptionNumber;
use frontline::core::library::load_scenario;
use frontline::core::meters::Meter;
use frontline::core::score::score;
use std::path::Path;

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

#[test]
fn generated_calls_keep_their_invariants() {
    // Every scenario in the folder, not a fixed list: a new scenario is covered when it is added.
    for path in crate::common::shipped_scenarios() {
        let file = path.display().to_string();
        let file = file.as_str();
        let loaded = load_scenario(Path::new(file)).unwrap_or_else(|d| panic!("{file}: {d:#?}"));
        let mut rng = Rng(0x5eed_1234);
        for case in 0..150u64 {
            let seed = rng.next();
            let (mut conv, _) = Conversation::start(loaded.scenario.clone(), seed).expect("start");
            let save_at = rng.below(8);
            let mut saved: Option<(CallState, Vec<usize>)> = None;
            let mut picks = Vec::new();
            let mut steps = 0;
            while !conv.is_over() {
                if steps == save_at && saved.is_none() {
                    saved = Some((conv.state().clone(), picks.clone()));
                }
                let n = rng.below(conv.offered().len()) + 1;
                // Now and then the learner hesitates (on nodes with a timer this drains patience).
                if rng.below(5) == 0 {
                    conv.hesitate().unwrap_or_else(|e| panic!("{file} case {case} seed {seed}: {e}"));
                    picks.push(0);
                    if conv.is_over() {
                        break;
                    }
                }
                let n = n.min(conv.offered().len());
                conv.select(OptionNumber(n)).unwrap_or_else(|e| panic!("{file} case {case} seed {seed}: {e}"));
                picks.push(n);
                for m in Meter::ALL {
                    let v = conv.state().meters.get(m);
                    assert!((0..=100).contains(&v), "{file} seed {seed}: {m} = {v}");
                }
                steps += 1;
                assert!(steps < 100, "{file} seed {seed}: no ending after 100 choices");
            }
            let report = score(&loaded.scenario, &loaded.catalog, conv.state());
            assert!(report.ending.is_some());
            assert!(report.overall <= 100 && report.techniques_score <= 100);
            assert!(report.listening.is_none_or(|s| s <= 100) && report.recovery.is_none_or(|s| s <= 100));
            for t in &report.techniques {
                assert!(t.earned <= t.opportunities, "{file} seed {seed}: {} earned more than offered", t.id);
                assert!(t.score.is_none_or(|s| s <= 100));
            }
            assert_eq!(report.turns.len(), conv.state().turns.len());

            // Replaying the same decisions from the saved point reaches the identical end state.
            if let Some((state, done)) = saved {
                let mut resumed = Conversation::restore(loaded.scenario.clone(), state).expect("restore");
                for &p in &picks[done.len()..] {
                    if resumed.is_over() {
                        break;
                    }
                    if p == 0 {
                        resumed.hesitate().expect("hesitate");
                    } else {
                        resumed.select(OptionNumber(p)).expect("select");
                    }
                }
                assert_eq!(resumed.state(), conv.state(), "{file} case {case} seed {seed}: restore diverged");
            }
        }
    }
}
