//! Reading sheets in every encoding and format, and validating fields.

mod read;
mod validate;
