//! Paged lists: how far a list's total is counted.

/// Lists count their rows up to this many; a page shows "10,000+" beyond,
/// so counting never reads a whole large table.
pub const COUNT_CAP: i64 = 10_000;
