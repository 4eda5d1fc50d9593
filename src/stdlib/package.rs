//! The package library (loadlib.c) for `ferrous-lua run`: `require` searching
//! `package.preload` and `package.path` (lua5.1's default path, so modules next to the script
//! load as `./name.lua`), `package.loaded`, and 5.1's messages for missing modules and load
//! errors. C modules cannot be loaded in this sandbox; `package.cpath` is still searched so
//! the "not found" message lists what lua5.1 lists.

use crate::compiler::loader::{file_chunk, load};
use crate::vm::state::{Args, LuaError, Outcome, Resume, ResumeState, Vm};
use crate::vm::value::{TableRef, Value};

/// Debian lua5.1's defaults.
const PATH: &str = "./?.lua;/usr/local/share/lua/5.1/?.lua;/usr/local/share/lua/5.1/?/init.lua;/usr/local/lib/lua/5.1/?.lua;/usr/local/lib/lua/5.1/?/init.lua;/usr/share/lua/5.1/?.lua;/usr/share/lua/5.1/?/init.lua";
const CPATH: &str = "./?.so;/usr/local/lib/lua/5.1/?.so;/usr/lib/x86_64-linux-gnu/lua/5.1/?.so;/usr/lib/lua/5.1/?.so;/usr/local/lib/lua/5.1/loadall.so";

pub fn open(vm: &mut Vm) -> Result<(), LuaError> {
    let package = vm.heap.new_table(0, 8).map_err(|e| vm.heap_error(e))?;
    let loaded = vm.heap.new_table(0, 8).map_err(|e| vm.heap_error(e))?;
    let preload = vm.heap.new_table(0, 0).map_err(|e| vm.heap_error(e))?;
    for (name, value) in [
        ("loaded", Value::Table(loaded)),
        ("preload", Value::Table(preload)),
    ] {
        vm.set_field(package, name, value)
            .map_err(|e| vm.heap_error(e))?;
    }
    for (name, text) in [
        ("path", PATH),
        ("cpath", CPATH),
        ("config", "/\n;\n?\n!\n-"),
    ] {
        let s = vm.string(text.as_bytes())?;
        vm.set_field(package, name, s)
            .map_err(|e| vm.heap_error(e))?;
    }
    vm.register(package, &[("seeall", seeall)])?;
    vm.set_field(vm.registry, "_LOADED", Value::Table(loaded))
        .map_err(|e| vm.heap_error(e))?;
    let globals = vm.globals;
    vm.register(globals, &[("require", require)])?;
    vm.set_field(globals, "package", Value::Table(package))
        .map_err(|e| vm.heap_error(e))?;
    // Every library opened so far is already loaded.
    for name in [
        "string",
        "table",
        "math",
        "io",
        "os",
        "coroutine",
        "debug",
        "package",
    ] {
        let lib = vm.get_field(globals, name).map_err(|e| vm.heap_error(e))?;
        if !lib.is_nil() {
            vm.set_field(loaded, name, lib)
                .map_err(|e| vm.heap_error(e))?;
        }
    }
    let g = Value::Table(globals);
    vm.set_field(loaded, "_G", g).map_err(|e| vm.heap_error(e))
}

fn loaded_table(vm: &mut Vm) -> Result<TableRef, LuaError> {
    match vm.get_field(vm.registry, "_LOADED") {
        Ok(Value::Table(t)) => Ok(t),
        _ => Err(vm.native_error("'package.loaded' must be a table")),
    }
}

fn package_field(vm: &mut Vm, name: &str) -> Result<Value, LuaError> {
    let package = match vm.get_field(vm.globals, "package") {
        Ok(Value::Table(t)) => t,
        _ => return Ok(Value::Nil),
    };
    vm.get_field(package, name).map_err(|e| vm.heap_error(e))
}

/// The files a path template list names for module `name` (dots become directories).
fn candidates(path: &[u8], name: &[u8]) -> Vec<Vec<u8>> {
    let file_name: Vec<u8> = name
        .iter()
        .map(|&b| if b == b'.' { b'/' } else { b })
        .collect();
    path.split(|&b| b == b';')
        .filter(|t| !t.is_empty())
        .map(|template| {
            let mut out = Vec::new();
            for &b in template {
                if b == b'?' {
                    out.extend_from_slice(&file_name);
                } else {
                    out.push(b);
                }
            }
            out
        })
        .collect()
}

fn require(vm: &mut Vm, args: Args) -> Result<Outcome, LuaError> {
    let name = vm.check_bytes(args, 0)?;
    let shown = String::from_utf8_lossy(&name).into_owned();
    let loaded = loaded_table(vm)?;
    let key = vm.string(&name)?;
    let present = vm.heap.table(loaded).get(&key);
    if present.is_truthy() {
        if matches!(present, Value::Userdata(u) if Some(u) == vm.require_sentinel) {
            return Err(
                vm.native_error(&format!("loop or previous error loading module '{shown}'"))
            );
        }
        vm.push(present);
        return Ok(Outcome::Return(1));
    }
    let mut messages = Vec::new();
    let mut loader = Value::Nil;
    if let Value::Table(preload) = package_field(vm, "preload")? {
        loader = vm.heap.table(preload).get(&key);
    }
    if loader.is_nil() {
        messages.extend_from_slice(format!("\n\tno field package.preload['{shown}']").as_bytes());
        let path = match package_field(vm, "path")? {
            Value::String(s) => vm.heap.bytes_of(s).to_vec(),
            _ => return Err(vm.native_error("'package.path' must be a string")),
        };
        for file in candidates(&path, &name) {
            let file_name = String::from_utf8_lossy(&file).into_owned();
            match std::fs::read(&file_name) {
                Ok(bytes) => {
                    let mut chunk_name = b"@".to_vec();
                    chunk_name.extend_from_slice(&file);
                    let depth = 2 + vm.thread.c_calls as u32;
                    match load(&file_chunk(&bytes), &chunk_name, depth) {
                        Ok(proto) => {
                            loader = vm.load_main(&proto).map_err(|e| vm.heap_error(e))?;
                        }
                        Err(e) => {
                            return Err(vm.native_error(&format!(
                                "error loading module '{shown}' from file '{file_name}':\n\t{}",
                                String::from_utf8_lossy(&e.message)
                            )));
                        }
                    }
                    break;
                }
                Err(_) => {
                    messages.extend_from_slice(format!("\n\tno file '{file_name}'").as_bytes())
                }
            }
        }
    }
    if loader.is_nil() {
        let cpath = match package_field(vm, "cpath")? {
            Value::String(s) => vm.heap.bytes_of(s).to_vec(),
            _ => return Err(vm.native_error("'package.cpath' must be a string")),
        };
        for file in candidates(&cpath, &name) {
            let file_name = String::from_utf8_lossy(&file).into_owned();
            if std::fs::metadata(&file_name).is_ok() {
                return Err(vm.native_error(&format!(
                    "error loading module '{shown}' from file '{file_name}':\n\tdynamic libraries not enabled; check your Lua installation"
                )));
            }
            messages.extend_from_slice(format!("\n\tno file '{file_name}'").as_bytes());
        }
        let mut text = format!("module '{shown}' not found:").into_bytes();
        text.extend_from_slice(&messages);
        let mut positioned = vm.position();
        positioned.extend_from_slice(&text);
        return Err(vm.error_value(&positioned));
    }
    // While the module loads, a sentinel marks it (for the loop error).
    let sentinel = match vm.require_sentinel {
        Some(u) => u,
        None => {
            let u = vm
                .heap
                .new_userdata(crate::vm::heap::Userdata {
                    metatable: None,
                    env: None,
                })
                .map_err(|_| vm.memory_error())?;
            vm.require_sentinel = Some(u);
            u
        }
    };
    vm.heap
        .table_set(loaded, key, Value::Userdata(sentinel))
        .map_err(|e| vm.heap_error(e))?;
    Ok(Outcome::Call {
        function: loader,
        args: vec![key],
        then: Resume {
            step: module_loaded,
            state: ResumeState {
                values: vec![key],
                ..Default::default()
            },
        },
    })
}

/// The module's chunk returned: its first result (or `true`) becomes `package.loaded[name]`.
fn module_loaded(vm: &mut Vm, state: ResumeState, n: usize) -> Result<Outcome, LuaError> {
    let result = vm.pop_first_result(n);
    let key = state.values[0];
    let loaded = loaded_table(vm)?;
    if !result.is_nil() {
        vm.heap
            .table_set(loaded, key, result)
            .map_err(|e| vm.heap_error(e))?;
    }
    let now = vm.heap.table(loaded).get(&key);
    let value = match now {
        Value::Userdata(u) if Some(u) == vm.require_sentinel => {
            vm.heap
                .table_set(loaded, key, Value::Boolean(true))
                .map_err(|e| vm.heap_error(e))?;
            Value::Boolean(true)
        }
        other => other,
    };
    vm.push(value);
    Ok(Outcome::Return(1))
}

/// `package.seeall(module)`: the module's metatable `__index`es the globals.
fn seeall(vm: &mut Vm, args: Args) -> Result<Outcome, LuaError> {
    let t = vm.check_table(args, 0)?;
    let mt = match vm.heap.table(t).metatable {
        Some(mt) => mt,
        None => {
            let mt = vm.heap.new_table(0, 1).map_err(|e| vm.heap_error(e))?;
            vm.heap.tables.get_mut(t.0).metatable = Some(mt);
            mt
        }
    };
    let g = Value::Table(vm.globals);
    vm.set_field(mt, "__index", g)
        .map_err(|e| vm.heap_error(e))?;
    Ok(Outcome::Return(0))
}
