//! wasm-bindgen exports (wasm32 only): a thin translation layer between JavaScript values and
//! the engine. Nothing here holds engine logic.

use wasm_bindgen::prelude::*;

/// Runs once when the module is instantiated: panics become readable console errors instead of
/// an opaque `unreachable` trap.
#[wasm_bindgen(start)]
pub fn start() {
    console_error_panic_hook::set_once();
}

/// The crate version (the same string `ferrous-lua --version` prints after the name).
#[wasm_bindgen]
pub fn version() -> String {
    crate::VERSION.to_string()
}
