//! The indicators capability's tests against both backends.

mod store;
