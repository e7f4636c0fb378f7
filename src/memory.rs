//! Allocator settings for batch commands. By default mimalloc returns freed
//! memory to the operating system a second after it is freed; a bulk import
//! frees and allocates hundreds of megabytes of short strings continuously,
//! and every page handed back is faulted in and zeroed again moments later
//! (a tenth of the import's CPU time). A command that ends when its work is
//! done keeps freed memory for reuse instead; the server keeps the default.

/// `mi_option_purge_delay` in mimalloc's `mi_option_e` (mimalloc.h, both the
/// v2 and v3 headers): milliseconds before freed memory is purged (1,000 by
/// default in v3), -1 never.
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Keeps freed memory in the process until it exits.
pub fn keep_freed_memory() {
    // SAFETY: setting an option is allowed at any time from any thread; the
    // option index is mimalloc's purge delay (see above).
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, -1) }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_option_is_the_purge_delay() {
        // SAFETY: reading an option.
        let default = unsafe { libmimalloc_sys::mi_option_get(super::MI_OPTION_PURGE_DELAY) };
        if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
            assert_eq!(default, 1000, "mimalloc's default purge delay");
        }
        super::keep_freed_memory();
        // SAFETY: as above.
        assert_eq!(
            unsafe { libmimalloc_sys::mi_option_get(super::MI_OPTION_PURGE_DELAY) },
            -1
        );
    }
}
