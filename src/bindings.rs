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

/// The JavaScript `Sandbox`: one in-memory Lua world (the Redis keyspace joins it with the
/// scripting layer). Plain Lua runs with output collected, bounded by the instruction and
/// memory limits given at construction.
#[wasm_bindgen]
pub struct Sandbox {
    vm: crate::vm::state::Vm,
    instruction_limit: u64,
}

/// Options of `new Sandbox(options)`.
#[derive(serde::Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct SandboxOptions {
    instruction_limit: Option<f64>,
    memory_limit: Option<f64>,
}

/// What `Sandbox.compile` returns.
#[derive(serde::Serialize)]
struct Compiled {
    listing: String,
    functions: Vec<crate::compiler::listing::FunctionListing>,
}

/// What `Sandbox.run` returns.
#[derive(serde::Serialize)]
struct Ran {
    output: String,
    error: Option<String>,
}

/// Default bounds: 100 million instructions and 256 MiB of heap per run.
const DEFAULT_INSTRUCTIONS: u64 = 100_000_000;
const DEFAULT_MEMORY: usize = 256 << 20;

#[wasm_bindgen]
impl Sandbox {
    #[wasm_bindgen(constructor)]
    pub fn new(options: JsValue) -> Result<Sandbox, JsError> {
        let options: SandboxOptions = if options.is_undefined() || options.is_null() {
            SandboxOptions::default()
        } else {
            serde_wasm_bindgen::from_value(options).map_err(|e| JsError::new(&e.to_string()))?
        };
        let memory = options
            .memory_limit
            .map_or(DEFAULT_MEMORY, |m| m.max(0.0) as usize);
        let mut vm =
            crate::stdlib::new_vm(memory).map_err(|_| JsError::new("not enough memory"))?;
        vm.collect_output = true;
        Ok(Sandbox {
            vm,
            instruction_limit: options
                .instruction_limit
                .map_or(DEFAULT_INSTRUCTIONS, |n| n.max(0.0) as u64),
        })
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

    /// Runs `source` as plain Lua (the chunk `chunk_name`, `=stdin` by default): what it
    /// printed, and the message of the error that ended it, if one did.
    pub fn run(&mut self, source: &str, chunk_name: Option<String>) -> Result<JsValue, JsError> {
        let name = chunk_name.unwrap_or_else(|| "=stdin".to_string());
        self.vm.output.clear();
        let error = match crate::compiler::loader::load(source.as_bytes(), name.as_bytes(), 1) {
            Err(e) => Some(String::from_utf8_lossy(&e.message).into_owned()),
            Ok(proto) => match self.vm.load_main(&proto) {
                Err(_) => Some("not enough memory".to_string()),
                Ok(main) => match self.vm.start(main, &[], self.instruction_limit) {
                    Ok(crate::vm::call::Run::Finished(_)) => None,
                    Ok(crate::vm::call::Run::Paused) => {
                        self.vm.abandon();
                        Some("instruction limit exceeded".to_string())
                    }
                    Err(error) => Some(match error.value {
                        crate::vm::value::Value::String(_) | crate::vm::value::Value::Number(_) => {
                            String::from_utf8_lossy(&self.vm.plain_text(&error.value)).into_owned()
                        }
                        _ => "(error object is not a string)".to_string(),
                    }),
                },
            },
        };
        let ran = Ran {
            output: String::from_utf8_lossy(&std::mem::take(&mut self.vm.output)).into_owned(),
            error,
        };
        // `error` is `null` when there is none, as the JavaScript API promises.
        let serializer = serde_wasm_bindgen::Serializer::new().serialize_missing_as_null(true);
        serde::Serialize::serialize(&ran, &serializer).map_err(|e| JsError::new(&e.to_string()))
    }
}
