//! Property tests over drawn scenarios, not only the shipped ones (proptest shrinks a failure to
//! small bytes): they check clean and read back equal; the engine keeps its invariants under any
//! moves, hesitations, saves and restores; the analyzer's best call and score range hold for
//! every call. tests/core/fuzz_corpus.rs replays the fuzz corpus through the same checks.

use crate::drawn_checks::{analyse_drawn, play_drawn, round_trip};
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn drawn_scenarios_check_clean_and_read_back_equal(bytes in proptest::collection::vec(any::<u8>(), 0..160)) {
        round_trip(&bytes);
    }

    #[test]
    fn the_engine_keeps_its_invariants_on_drawn_calls(data in proptest::collection::vec(any::<u8>(), 0..320)) {
        play_drawn(&data);
    }

    #[test]
    fn the_analysis_agrees_with_every_drawn_call(data in proptest::collection::vec(any::<u8>(), 0..320)) {
        analyse_drawn(&data);
    }
}
