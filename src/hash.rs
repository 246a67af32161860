//! The one hasher for values kept between builds: page fingerprints
//! (`render::fingerprint`) and the search index's, the theme's fingerprint,
//! article body hashes, and the Markdown cache's keys and checksums.
//!
//! Such a hash is compared with one an earlier run wrote, so equal input must
//! hash alike in every run, and in every build of one monazite version for
//! one target. [`StableHasher`] is aHash with fixed seeds: the fastest we
//! measured at both kinds of input it gets, a page's many small values and an
//! article's whole body (Cargo.toml says what else was measured). Its output
//! is fixed by the aHash version (pinned by Cargo.lock), the target's CPU
//! family and whether the target has AES instructions; so an output folder
//! moved to a monazite built for another target, or a change of what std's
//! `Hash` impls feed (a string's terminator, say) in a new Rust release,
//! changes every hash once. That costs one full rebuild, never a wrong page;
//! changing the hasher costs the same. Integers are fed as 64-bit values
//! whatever the pointer width.
//!
//! Hashes that never leave memory (`suggest`'s word index) need none of this.
//! This module knows nothing of what is hashed.

use std::hash::{BuildHasher, Hash, Hasher};

use ahash::AHasher;

/// The seeds of every kept hash ("monazite newsroom" in ASCII).
const SEEDS: [u64; 4] = [0x6d6f_6e61, 0x7a69_7465, 0x6e65_7773, 0x726f_6f6d];

/// A streaming hasher whose output is kept between builds (see the module docs).
#[derive(Clone)]
pub struct StableHasher(AHasher);

impl StableHasher {
    pub fn new() -> StableHasher {
        let [a, b, c, d] = SEEDS;
        StableHasher(ahash::RandomState::with_seeds(a, b, c, d).build_hasher())
    }
}

impl Default for StableHasher {
    fn default() -> StableHasher {
        StableHasher::new()
    }
}

impl Hasher for StableHasher {
    fn write(&mut self, bytes: &[u8]) {
        self.0.write(bytes);
    }

    fn write_u8(&mut self, n: u8) {
        self.0.write_u8(n);
    }

    fn write_u16(&mut self, n: u16) {
        self.0.write_u16(n);
    }

    fn write_u32(&mut self, n: u32) {
        self.0.write_u32(n);
    }

    fn write_u64(&mut self, n: u64) {
        self.0.write_u64(n);
    }

    fn write_u128(&mut self, n: u128) {
        self.0.write_u128(n);
    }

    fn write_usize(&mut self, n: usize) {
        self.0.write_u64(n as u64);
    }

    fn write_isize(&mut self, n: isize) {
        self.0.write_u64(n as i64 as u64);
    }

    fn finish(&self) -> u64 {
        self.0.finish()
    }
}

/// The kept hash of one value, as its `Hash` impl feeds it.
pub fn hash_one<T: Hash + ?Sized>(value: &T) -> u64 {
    let mut hasher = StableHasher::new();
    value.hash(&mut hasher);
    hasher.finish()
}

/// The kept hash of `bytes` alone (article bodies, cache entries): a
/// [`StableHasher`] fed just `write(bytes)`.
pub fn hash_bytes(bytes: &[u8]) -> u64 {
    let mut hasher = StableHasher::new();
    hasher.write(bytes);
    hasher.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_input_equal_hash() {
        let body = "<p>Monazite sands</p>".repeat(100);
        assert_eq!(hash_bytes(body.as_bytes()), hash_bytes(body.as_bytes()));
        assert_eq!(hash_one(&("a", 1_u32)), hash_one(&("a", 1_u32)));
        assert_ne!(hash_bytes(b"a"), hash_bytes(b"b"));
    }

    #[test]
    fn sizes_are_fed_as_64_bits() {
        let mut as_usize = StableHasher::new();
        as_usize.write_usize(7);
        let mut as_u64 = StableHasher::new();
        as_u64.write_u64(7);
        assert_eq!(as_usize.finish(), as_u64.finish());
    }
}
