//! Deterministic randomness: every random draw is a pure function of (seed, step, purpose).
//!
//! Nothing keeps a live RNG between calls, so a saved call state is plain data and a restored call
//! continues exactly as the original would have. ChaCha8 is used because its output is specified,
//! so transcripts stay the same on every platform.

use rand::{Rng, SeedableRng, seq::SliceRandom};
use rand_chacha::ChaCha8Rng;

/// What a random draw is for; part of the draw's identity.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Purpose {
    /// The customer's temperament for this call.
    Temperament = 1,
    /// Which variant of a line the customer says.
    LineVariant = 2,
    /// The order in which the options are shown.
    OptionOrder = 3,
}

fn splitmix64(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// A generator for one draw.
pub fn rng_for(seed: u64, step: u32, purpose: Purpose) -> ChaCha8Rng {
    let mixed = splitmix64(seed ^ splitmix64((u64::from(step) << 8) | purpose as u64));
    ChaCha8Rng::seed_from_u64(mixed)
}

/// A number in `min..=max` (returns `min` when the range is empty).
pub fn draw_in(seed: u64, step: u32, purpose: Purpose, min: u32, max: u32) -> u32 {
    if max <= min {
        return min;
    }
    rng_for(seed, step, purpose).random_range(min..=max)
}

/// An index below `len` (0 when `len` is 0 or 1).
pub fn draw_index(seed: u64, step: u32, purpose: Purpose, len: usize) -> usize {
    if len <= 1 {
        return 0;
    }
    rng_for(seed, step, purpose).random_range(0..len)
}

/// Shuffles `items` in place.
pub fn shuffle<T>(seed: u64, step: u32, purpose: Purpose, items: &mut [T]) {
    items.shuffle(&mut rng_for(seed, step, purpose));
}

/// A fresh seed from the operating system, for "play again".
pub fn fresh_seed() -> u64 {
    rand::random()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_inputs_same_draw() {
        assert_eq!(draw_in(7, 3, Purpose::LineVariant, 0, 1000), draw_in(7, 3, Purpose::LineVariant, 0, 1000));
        let mut a: Vec<u32> = (0..20).collect();
        let mut b = a.clone();
        shuffle(42, 1, Purpose::OptionOrder, &mut a);
        shuffle(42, 1, Purpose::OptionOrder, &mut b);
        assert_eq!(a, b);
    }

    #[test]
    fn different_steps_differ() {
        let draws: std::collections::HashSet<u32> =
            (0..50).map(|s| draw_in(1, s, Purpose::Temperament, 0, 1_000_000)).collect();
        assert!(draws.len() > 45, "draws should vary with the step");
    }
}
