//! Changes an enterprise proposes to its own record.
