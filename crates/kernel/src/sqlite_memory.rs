//! SQLite's own heap: by default the embedded SQLite allocates with the C
//! library's `malloc`, and a bulk import spends a third of the database
//! thread's time there (binding copies every text value, B-tree balancing and
//! the page cache allocate and free constantly). [`install`] points SQLite's
//! allocator at mimalloc and turns off SQLite's allocation statistics (a
//! global mutex taken on every allocation). It must run before the first
//! connection opens; later it changes nothing and says so.

use std::ffi::{c_int, c_void};

use libsqlite3_sys as ffi;

unsafe extern "C" fn x_malloc(n: c_int) -> *mut c_void {
    // SQLite never asks for zero or negative sizes; treat them as one byte.
    unsafe { libmimalloc_sys::mi_malloc(n.max(1) as usize) }
}

unsafe extern "C" fn x_free(p: *mut c_void) {
    unsafe { libmimalloc_sys::mi_free(p) }
}

unsafe extern "C" fn x_realloc(p: *mut c_void, n: c_int) -> *mut c_void {
    unsafe { libmimalloc_sys::mi_realloc(p, n.max(1) as usize) }
}

unsafe extern "C" fn x_size(p: *mut c_void) -> c_int {
    if p.is_null() {
        return 0;
    }
    let size = unsafe { libmimalloc_sys::mi_usable_size(p) };
    c_int::try_from(size).unwrap_or(c_int::MAX)
}

unsafe extern "C" fn x_roundup(n: c_int) -> c_int {
    let good = unsafe { libmimalloc_sys::mi_good_size(n.max(0) as usize) };
    c_int::try_from(good).unwrap_or(n)
}

unsafe extern "C" fn x_init(_: *mut c_void) -> c_int {
    ffi::SQLITE_OK
}

unsafe extern "C" fn x_shutdown(_: *mut c_void) {}

fn methods() -> ffi::sqlite3_mem_methods {
    ffi::sqlite3_mem_methods {
        xMalloc: Some(x_malloc),
        xFree: Some(x_free),
        xRealloc: Some(x_realloc),
        xSize: Some(x_size),
        xRoundup: Some(x_roundup),
        xInit: Some(x_init),
        xShutdown: Some(x_shutdown),
        pAppData: std::ptr::null_mut(),
    }
}

/// Why [`install`] changed nothing.
#[derive(Debug, thiserror::Error)]
#[error("SQLite was already initialised (code {0}); it keeps its default allocator")]
pub struct AlreadyInitialised(i32);

/// Gives SQLite mimalloc as its allocator. Call once at the start of `main`,
/// before any thread or connection exists.
pub fn install() -> Result<(), AlreadyInitialised> {
    let methods = methods();
    // SAFETY: sqlite3_config is called before sqlite3_initialize (it returns
    // SQLITE_MISUSE otherwise, which is reported); SQLite copies the methods
    // struct before returning, and its functions forward to mimalloc with
    // SQLite's contract (8-byte aligned blocks, usable size at least the
    // requested size).
    let rc = unsafe { ffi::sqlite3_config(ffi::SQLITE_CONFIG_MALLOC, &methods as *const ffi::sqlite3_mem_methods) };
    if rc != ffi::SQLITE_OK {
        return Err(AlreadyInitialised(rc));
    }
    // SAFETY: as above; the option takes one int.
    let rc = unsafe { ffi::sqlite3_config(ffi::SQLITE_CONFIG_MEMSTATUS, 0 as c_int) };
    if rc != ffi::SQLITE_OK {
        return Err(AlreadyInitialised(rc));
    }
    Ok(())
}
