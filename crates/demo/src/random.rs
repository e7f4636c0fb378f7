//! Seeded randomness for the generators.
//!
//! Every generated entity gets its own ChaCha8 stream keyed by the run seed,
//! the entity kind and the entity's index, so entity *i* is the same whatever
//! the total count and whichever order entities are produced in. The
//! distribution helpers use arithmetic and square roots only (no `exp`, `ln`
//! or trigonometry), whose results IEEE 754 fixes exactly, so a seed yields
//! byte-identical output on every platform.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// The generator used everywhere in this crate.
pub(crate) type DemoRng = ChaCha8Rng;

/// Independent random streams, one per kind of generated entity.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Stream {
    Enterprise = 1,
    Platform = 2,
    Expert = 3,
    Institution = 4,
    Agency = 5,
    Investor = 6,
}

/// The random stream of entity `index` of kind `stream` in run `seed`.
pub(crate) fn entity_rng(seed: u64, stream: Stream, index: u64) -> DemoRng {
    let mut key = [0u8; 32];
    key[..8].copy_from_slice(&seed.to_le_bytes());
    key[8..16].copy_from_slice(&(stream as u64).to_le_bytes());
    key[16..24].copy_from_slice(&index.to_le_bytes());
    key[24..].copy_from_slice(b"kechuang");
    ChaCha8Rng::from_seed(key)
}

/// True with probability `p`.
pub(crate) fn chance(rng: &mut DemoRng, p: f64) -> bool {
    rng.r#gen::<f64>() < p
}

/// Uniform in `[lo, hi)`.
pub(crate) fn between(rng: &mut DemoRng, lo: f64, hi: f64) -> f64 {
    lo + (hi - lo) * rng.r#gen::<f64>()
}

/// Uniform integer in `lo..=hi`.
pub(crate) fn int_between(rng: &mut DemoRng, lo: u64, hi: u64) -> u64 {
    rng.gen_range(lo..=hi)
}

/// Roughly standard-normal noise (Irwin-Hall of three uniforms, so bounded
/// to +-3).
pub(crate) fn bell(rng: &mut DemoRng) -> f64 {
    let s: f64 = rng.r#gen::<f64>() + rng.r#gen::<f64>() + rng.r#gen::<f64>();
    (s - 1.5) * 2.0
}

/// Uniform in `[lo, hi)` but skewed towards `lo` (density falls linearly).
pub(crate) fn skewed_low(rng: &mut DemoRng, lo: f64, hi: f64) -> f64 {
    let u = rng.r#gen::<f64>();
    lo + (hi - lo) * u * u
}

/// One element of a non-empty slice.
pub(crate) fn pick<'a, T>(rng: &mut DemoRng, items: &'a [T]) -> &'a T {
    &items[rng.gen_range(0..items.len())]
}

/// The index of one weight, chosen with probability proportional to it.
pub(crate) fn weighted_index(rng: &mut DemoRng, weights: impl Iterator<Item = u32> + Clone) -> usize {
    let total: u32 = weights.clone().sum();
    let mut x = rng.gen_range(0..total);
    for (i, w) in weights.enumerate() {
        if x < w {
            return i;
        }
        x -= w;
    }
    unreachable!("x < total")
}

/// Precomputed cumulative weights for repeated weighted draws.
#[derive(Debug, Clone)]
pub(crate) struct Cumulative(Vec<u32>);

impl Cumulative {
    pub(crate) fn new(weights: impl Iterator<Item = u32>) -> Cumulative {
        let mut total = 0;
        Cumulative(
            weights
                .map(|w| {
                    total += w;
                    total
                })
                .collect(),
        )
    }

    /// An index drawn with probability proportional to its weight.
    pub(crate) fn sample(&self, rng: &mut DemoRng) -> usize {
        let x = rng.gen_range(0..*self.0.last().expect("non-empty"));
        self.0.partition_point(|&c| c <= x)
    }
}

/// Small, fast mixing of 64-bit values (SplitMix64 finaliser), used to
/// derive per-run constants from the seed.
pub(crate) fn mix64(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}
