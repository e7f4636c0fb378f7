//! Unique, valid unified social credit codes for generated entities.
//!
//! The organisation-code body (positions 9-16) comes from a bijection of the
//! entity's index, so codes never collide however many are generated: firms
//! registered since 2016 get the post-reform "MA" + six characters form,
//! older ones an eight-digit body. Each kind of entity draws from its own
//! index range. The two check characters are computed by the domain crate.

use kechuang_kernel::credit_code::{CHARSET, compute_check_char, compute_organisation_check_char};

use crate::random::mix64;

/// 31^6: number of distinct six-character tails after "MA".
const MA_SPACE: u64 = 887_503_681;
/// 10^8: number of distinct eight-digit bodies.
const DIGIT_SPACE: u64 = 100_000_000;

/// Start of each entity kind's index range inside both spaces.
pub(crate) const ENTERPRISE_BASE: u64 = 0;
pub(crate) const INSTITUTION_BASE: u64 = 95_000_000;
pub(crate) const AGENCY_BASE: u64 = 96_000_000;
pub(crate) const INVESTOR_BASE: u64 = 97_000_000;
/// Enterprises must stay below this so the ranges do not overlap.
pub const MAX_ENTERPRISES: u64 = INSTITUTION_BASE;

/// Per-run affine bijections `x -> (a * x + b) mod m` for both spaces.
#[derive(Debug, Clone, Copy)]
pub(crate) struct CodeKeys {
    ma_mul: u64,
    ma_add: u64,
    digit_mul: u64,
    digit_add: u64,
}

impl CodeKeys {
    pub(crate) fn new(seed: u64) -> CodeKeys {
        let mut ma_mul = mix64(seed ^ 0x4D41) % MA_SPACE;
        while ma_mul.is_multiple_of(31) {
            ma_mul += 1;
        }
        let mut digit_mul = mix64(seed ^ 0x4449) % DIGIT_SPACE;
        while digit_mul.is_multiple_of(2) || digit_mul.is_multiple_of(5) {
            digit_mul += 1;
        }
        CodeKeys {
            ma_mul,
            ma_add: mix64(seed ^ 0x6D61) % MA_SPACE,
            digit_mul: digit_mul % DIGIT_SPACE,
            digit_add: mix64(seed ^ 0x6469) % DIGIT_SPACE,
        }
    }

    /// A complete credit code: `prefix` is authority + category (e.g. "91"),
    /// `division` the six-digit division code, `index` the entity's index in
    /// the global index space and `modern` selects the "MA" body form.
    pub(crate) fn credit_code(&self, prefix: &str, division: &str, index: u64, modern: bool) -> String {
        let mut code = String::with_capacity(18);
        code.push_str(prefix);
        code.push_str(division);
        let body_start = code.len();
        if modern {
            let mut x = ((self.ma_mul as u128 * index as u128 + self.ma_add as u128) % MA_SPACE as u128) as u64;
            let mut tail = [b'0'; 6];
            for slot in tail.iter_mut().rev() {
                *slot = CHARSET.as_bytes()[(x % 31) as usize];
                x /= 31;
            }
            code.push_str("MA");
            code.push_str(std::str::from_utf8(&tail).expect("ascii"));
        } else {
            let x = ((self.digit_mul as u128 * index as u128 + self.digit_add as u128) % DIGIT_SPACE as u128) as u64;
            crate::names::push_digits(&mut code, x, 8);
        }
        let org = compute_organisation_check_char(&code[body_start..]).expect("valid body");
        code.push(org);
        let check = compute_check_char(&code).expect("17 valid characters");
        code.push(check);
        code
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use kechuang_kernel::credit_code::CreditCode;
    use std::collections::HashSet;

    #[test]
    fn codes_are_valid_and_distinct_in_both_forms() {
        let keys = CodeKeys::new(42);
        let mut seen = HashSet::new();
        for i in 0..5_000u64 {
            for modern in [true, false] {
                let code = keys.credit_code("91", "139902", i, modern);
                CreditCode::parse(&code).unwrap_or_else(|e| panic!("{code}: {e}"));
                assert!(seen.insert(code[8..17].to_string()), "{code}");
            }
        }
    }
}
