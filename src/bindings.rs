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

/// The JavaScript `Sandbox`: one in-memory Lua and Redis world. So far it compiles; running
/// scripts and the keyspace join it as those layers land.
#[wasm_bindgen]
pub struct Sandbox {}

/// What `Sandbox.compile` returns.
#[derive(serde::Serialize)]
struct Compiled {
    listing: String,
    functions: Vec<crate::compiler::listing::FunctionListing>,
}

#[wasm_bindgen]
impl Sandbox {
    #[wasm_bindgen(constructor)]
    pub fn new() -> Sandbox {
        Sandbox {}
    }

    /// Compiles `source` as the chunk `chunk_name` (`=stdin` by default, as `luac -`) and
    /// returns luac5.1's `-l -l` listing with the same functions as data; a syntax error
    /// throws an `Error` carrying lua5.1's message.
    pub fn compile(&self, source: &str, chunk_name: Option<String>) -> Result<JsValue, JsError> {
        let name = chunk_name.unwrap_or_else(|| "=stdin".to_string());
        let proto = crate::compiler::loader::load(source.as_bytes(), name.as_bytes(), 1)
            .map_err(|e| JsError::new(&String::from_utf8_lossy(&e.message)))?;
        let compiled = Compiled {
            listing: String::from_utf8_lossy(&crate::compiler::listing::listing(&proto, true))
                .into_owned(),
            functions: crate::compiler::listing::functions(&proto),
        };
        serde_wasm_bindgen::to_value(&compiled).map_err(|e| JsError::new(&e.to_string()))
    }
}

impl Default for Sandbox {
    fn default() -> Sandbox {
        Sandbox::new()
    }
}
