//! Merging duplicate enterprises (see the module docs of the parent).
