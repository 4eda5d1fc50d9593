//! The clocks behind `os.time` and `os.clock`: the system's on native builds, JavaScript's
//! `Date.now()` in WebAssembly (where Rust's `std::time` has no clock).

/// Seconds since the Unix epoch.
pub fn unix_seconds() -> f64 {
    #[cfg(target_arch = "wasm32")]
    {
        (js_sys::Date::now() / 1000.0).floor()
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0.0, |d| d.as_secs() as f64)
    }
}

/// A monotonic reading in seconds, for measuring elapsed time.
pub fn monotonic_seconds() -> f64 {
    #[cfg(target_arch = "wasm32")]
    {
        js_sys::Date::now() / 1000.0
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        use std::sync::OnceLock;
        static START: OnceLock<std::time::Instant> = OnceLock::new();
        START
            .get_or_init(std::time::Instant::now)
            .elapsed()
            .as_secs_f64()
    }
}
