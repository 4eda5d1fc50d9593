//! Redis 7 functions: FUNCTION LOAD|LIST|DELETE|FLUSH|STATS|KILL|HELP and FCALL/FCALL_RO, on
//! a Lua state of their own. As in Redis, that state's `_G` is an empty read-only proxy whose
//! metatable points either at the library API (`redis.register_function`, `redis.log`, the
//! version) while a library's body runs, or at the usual script globals while a function
//! runs — so the closures a library registers see the full environment when called.

use super::engine::{
    error_message, lend, run, spaces_for_line_breaks, string_array, take_back, Invocation, Shared,
};
use super::environment::{protect, script_vm, set_error_metatable};
use super::eval::{NO_WRITES, SCRIPT_FLAGS};
use super::redis_api::{load_api, valid_name, Registration};
use crate::compiler::parser::compile;
use crate::keyspace::glob::matches_nocase;
use crate::keyspace::number::parse_integer;
use crate::keyspace::redis_cli::split_line;
use crate::keyspace::reply::Reply;
use crate::vm::call::Run;
use crate::vm::state::{LuaError, Vm};
use crate::vm::value::{TableRef, Value};

/// A loaded library: its name, its whole code (shebang included) and its functions in the
/// order they were registered.
struct Library {
    name: Vec<u8>,
    code: Vec<u8>,
    functions: Vec<Registration>,
}

/// The functions' Lua state and its libraries.
pub struct FunctionEngine {
    pub vm: Vm,
    /// The script globals and the library API, the two targets of the proxy's `__index`.
    globals: TableRef,
    library_api: TableRef,
    /// The proxy `_G`'s metatable.
    proxy_meta: TableRef,
    /// Registered callbacks, as keys, so that the collector keeps them.
    callbacks: TableRef,
    libraries: Vec<Library>,
}

impl FunctionEngine {
    pub fn new(heap_limit: usize) -> Result<FunctionEngine, LuaError> {
        let mut vm = script_vm(heap_limit, false)?;
        let globals = vm.globals;
        let redis = load_api(&mut vm)?;
        set_error_metatable(&mut vm, redis)?;
        let library_api = vm.heap.new_table(0, 1).map_err(|e| vm.heap_error(e))?;
        vm.set_field(library_api, "redis", Value::Table(redis))
            .map_err(|e| vm.heap_error(e))?;
        set_error_metatable(&mut vm, library_api)?;
        protect(&mut vm, library_api);
        let proxy = vm.heap.new_table(0, 0).map_err(|e| vm.heap_error(e))?;
        let proxy_meta = vm.heap.new_table(0, 1).map_err(|e| vm.heap_error(e))?;
        vm.set_field(proxy_meta, "__index", Value::Table(globals))
            .map_err(|e| vm.heap_error(e))?;
        vm.heap.tables.get_mut(proxy.0).metatable = Some(proxy_meta);
        vm.heap.tables.get_mut(proxy.0).readonly = true;
        vm.heap.tables.get_mut(proxy_meta.0).readonly = true;
        vm.globals = proxy;
        let callbacks = vm.heap.new_table(0, 0).map_err(|e| vm.heap_error(e))?;
        let registry = vm.registry;
        for (name, table) in [("library_api", library_api), ("callbacks", callbacks)] {
            vm.set_field(registry, name, Value::Table(table))
                .map_err(|e| vm.heap_error(e))?;
        }
        Ok(FunctionEngine {
            vm,
            globals,
            library_api,
            proxy_meta,
            callbacks,
            libraries: Vec::new(),
        })
    }

    /// Points the proxy globals at `target`.
    fn switch_globals(&mut self, target: TableRef) {
        let meta = self.proxy_meta;
        self.vm.heap.tables.get_mut(meta.0).readonly = false;
        let _ = self.vm.set_field(meta, "__index", Value::Table(target));
        self.vm.heap.tables.get_mut(meta.0).readonly = true;
    }

    /// Keeps (or lets go of) a callback for the collector.
    fn root(&mut self, callback: Value, keep: bool) {
        let value = if keep {
            Value::Boolean(true)
        } else {
            Value::Nil
        };
        let _ = self.vm.heap.table_set(self.callbacks, callback, value);
    }

    fn function(&self, name: &[u8]) -> Option<&Registration> {
        self.libraries
            .iter()
            .flat_map(|l| &l.functions)
            .find(|f| f.name.eq_ignore_ascii_case(name))
    }

    fn library_index(&self, name: &[u8]) -> Option<usize> {
        self.libraries.iter().position(|l| l.name == name)
    }

    /// FUNCTION LOAD [REPLACE] code.
    fn load(&mut self, shared: &mut Shared, code: &[u8], replace: bool) -> Reply {
        let (engine, name, body_at) = match library_metadata(code) {
            Ok(metadata) => metadata,
            Err(message) => return Reply::error(&format!("ERR {message}")),
        };
        if !valid_name(&name) {
            return Reply::error("ERR Library names can only contain letters, numbers, or underscores(_) and must be at least one character long");
        }
        if !engine.eq_ignore_ascii_case(b"lua") {
            let mut text = b"ERR Engine '".to_vec();
            text.extend_from_slice(&engine);
            text.extend_from_slice(b"' not found");
            return Reply::Error(text);
        }
        let existing = self.library_index(&name);
        if existing.is_some() && !replace {
            let mut text = b"ERR Library '".to_vec();
            text.extend_from_slice(&name);
            text.extend_from_slice(b"' already exists");
            return Reply::Error(text);
        }
        let functions = match self.run_library(shared, &code[body_at..]) {
            Ok(functions) => functions,
            Err(reply) => return reply,
        };
        if functions.is_empty() {
            return Reply::error("ERR No functions registered");
        }
        for function in &functions {
            let clash = self
                .libraries
                .iter()
                .enumerate()
                .filter(|(i, _)| Some(*i) != existing)
                .flat_map(|(_, l)| &l.functions)
                .any(|f| f.name.eq_ignore_ascii_case(&function.name));
            if clash {
                let mut text = b"ERR Function ".to_vec();
                text.extend_from_slice(&function.name);
                text.extend_from_slice(b" already exists");
                return Reply::Error(text);
            }
        }
        for function in &functions {
            self.root(function.callback, true);
        }
        let library = Library {
            name: name.clone(),
            code: code.to_vec(),
            functions,
        };
        match existing {
            Some(i) => {
                let old = std::mem::replace(&mut self.libraries[i], library);
                for function in old.functions {
                    self.root(function.callback, false);
                }
            }
            None => self.libraries.push(library),
        }
        Reply::Bulk(Some(name))
    }

    /// Compiles and runs a library's body in the library API's globals; the functions it
    /// registered, or the error reply.
    fn run_library(
        &mut self,
        shared: &mut Shared,
        body: &[u8],
    ) -> Result<Vec<Registration>, Reply> {
        let proto = compile(body, b"@user_function", 0).map_err(|e| {
            let text = [b"ERR Error compiling function: ".as_slice(), &e.message];
            Reply::Error(spaces_for_line_breaks(text.concat()))
        })?;
        let main = self
            .vm
            .load_main(&proto)
            .map_err(|_| Reply::error("ERR Error compiling function: not enough memory"))?;
        let api = self.library_api;
        self.switch_globals(api);
        let mut context = lend(shared, false);
        context.registrations = Some(Vec::new());
        self.vm.embedder = Some(Box::new(context));
        let outcome = self.vm.start(main, &[], shared.instruction_limit);
        let failure = match outcome {
            Ok(Run::Finished(_)) => None,
            Ok(Run::Paused) => {
                self.vm.abandon();
                Some(b"ERR FUNCTION LOAD timeout".to_vec())
            }
            Err(error) => Some(error_message(&mut self.vm, &error)),
        };
        let registrations = take_back(&mut self.vm, shared);
        let globals = self.globals;
        self.switch_globals(globals);
        match failure {
            Some(message) => {
                let text = [b"ERR Error registering functions: ".as_slice(), &message];
                Err(Reply::Error(spaces_for_line_breaks(text.concat())))
            }
            None => Ok(registrations.unwrap_or_default()),
        }
    }

    /// FCALL and FCALL_RO.
    pub fn fcall(&mut self, shared: &mut Shared, args: &[Vec<u8>], read_only: bool) -> Reply {
        let Some(function) = self.function(&args[1]) else {
            return Reply::error("ERR Function not found");
        };
        let (callback, flags, name) = (function.callback, function.flags, function.name.clone());
        let Some(numkeys) = parse_integer(&args[2]) else {
            return Reply::error("ERR Bad number of keys provided");
        };
        if numkeys > args.len() as i64 - 3 {
            return Reply::error("ERR Number of keys can't be greater than number of args");
        }
        if numkeys < 0 {
            return Reply::error("ERR Number of keys can't be negative");
        }
        if read_only && flags & NO_WRITES == 0 {
            return Reply::error(
                "ERR Can not execute a script with write flag using *_ro command.",
            );
        }
        let split = 3 + numkeys as usize;
        let (keys, argv) = match (
            string_array(&mut self.vm, &args[3..split]),
            string_array(&mut self.vm, &args[split..]),
        ) {
            (Ok(keys), Ok(argv)) => (keys, argv),
            _ => return Reply::error("ERR not enough memory for the function's arguments"),
        };
        let call = Invocation {
            function: callback,
            args: &[keys, argv],
            read_only: read_only || flags & NO_WRITES != 0,
            name: &name,
        };
        run(&mut self.vm, shared, &call)
    }

    /// The FUNCTION command's subcommands.
    pub fn command(&mut self, shared: &mut Shared, args: &[Vec<u8>]) -> Reply {
        let sub = args[1].to_ascii_lowercase();
        let arity: i64 = match sub.as_slice() {
            b"delete" => 3,
            b"flush" | b"list" => -2,
            b"help" | b"kill" | b"stats" => 2,
            b"load" => -3,
            _ => {
                let mut text = b"ERR unknown subcommand '".to_vec();
                text.extend(args[1].iter().take_while(|&&b| b != 0));
                text.extend_from_slice(b"'. Try FUNCTION HELP.");
                return Reply::Error(text);
            }
        };
        let argc = args.len() as i64;
        if (arity > 0 && argc != arity) || (arity < 0 && argc < -arity) {
            return Reply::error(&format!(
                "ERR wrong number of arguments for 'function|{}' command",
                String::from_utf8_lossy(&sub)
            ));
        }
        match sub.as_slice() {
            b"load" => match args {
                [_, _, code] => self.load(shared, code, false),
                [_, _, option, code] if option.eq_ignore_ascii_case(b"replace") => {
                    self.load(shared, code, true)
                }
                [_, _, option, ..] => {
                    let mut text = b"ERR Unknown option given: ".to_vec();
                    text.extend_from_slice(option);
                    Reply::Error(text)
                }
                _ => Reply::error("ERR wrong number of arguments for 'function|load' command"),
            },
            b"delete" => match self.library_index(&args[2]) {
                Some(i) => {
                    let library = self.libraries.remove(i);
                    for function in library.functions {
                        self.root(function.callback, false);
                    }
                    Reply::ok()
                }
                None => Reply::error("ERR Library not found"),
            },
            b"flush" => {
                if args.len() > 3 {
                    return Reply::error("ERR unknown subcommand or wrong number of arguments for 'FLUSH'. Try FUNCTION HELP.");
                }
                let mode_ok = args.get(2).is_none_or(|mode| {
                    mode.eq_ignore_ascii_case(b"sync") || mode.eq_ignore_ascii_case(b"async")
                });
                if !mode_ok {
                    return Reply::error("ERR FUNCTION FLUSH only supports SYNC|ASYNC option");
                }
                for library in std::mem::take(&mut self.libraries) {
                    for function in library.functions {
                        self.root(function.callback, false);
                    }
                }
                Reply::ok()
            }
            b"list" => self.list(&args[2..]),
            b"stats" => self.stats(),
            b"kill" => Reply::error("NOTBUSY No scripts in execution right now."),
            _ => Reply::Array(Some(
                HELP.iter()
                    .map(|line| Reply::Status(line.as_bytes().to_vec()))
                    .collect(),
            )),
        }
    }

    /// FUNCTION LIST [LIBRARYNAME pattern] [WITHCODE].
    fn list(&self, options: &[Vec<u8>]) -> Reply {
        let (mut with_code, mut pattern) = (false, None);
        let mut i = 0;
        while i < options.len() {
            let option = &options[i];
            if !with_code && option.eq_ignore_ascii_case(b"withcode") {
                with_code = true;
            } else if pattern.is_none() && option.eq_ignore_ascii_case(b"libraryname") {
                let Some(given) = options.get(i + 1) else {
                    return Reply::error("ERR library name argument was not given");
                };
                pattern = Some(given);
                i += 1;
            } else {
                let mut text = b"ERR Unknown argument ".to_vec();
                text.extend(option.iter().take_while(|&&b| b != 0));
                return Reply::Error(text);
            }
            i += 1;
        }
        let bulk = |bytes: &[u8]| Reply::Bulk(Some(bytes.to_vec()));
        let libraries = self
            .libraries
            .iter()
            .filter(|l| pattern.is_none_or(|p| matches_nocase(p, &l.name)))
            .map(|library| {
                let functions = library
                    .functions
                    .iter()
                    .map(|f| {
                        let flags = SCRIPT_FLAGS
                            .iter()
                            .enumerate()
                            .filter(|(bit, _)| f.flags & (1 << bit) != 0)
                            .map(|(_, name)| Reply::Status(name.as_bytes().to_vec()))
                            .collect();
                        Reply::Array(Some(vec![
                            bulk(b"name"),
                            bulk(&f.name),
                            bulk(b"description"),
                            Reply::Bulk(f.description.clone()),
                            bulk(b"flags"),
                            Reply::Array(Some(flags)),
                        ]))
                    })
                    .collect();
                let mut fields = vec![
                    bulk(b"library_name"),
                    bulk(&library.name),
                    bulk(b"engine"),
                    bulk(b"LUA"),
                    bulk(b"functions"),
                    Reply::Array(Some(functions)),
                ];
                if with_code {
                    fields.push(bulk(b"library_code"));
                    fields.push(bulk(&library.code));
                }
                Reply::Array(Some(fields))
            })
            .collect();
        Reply::Array(Some(libraries))
    }

    /// FUNCTION STATS: nothing is ever running between commands here.
    fn stats(&self) -> Reply {
        let functions: usize = self.libraries.iter().map(|l| l.functions.len()).sum();
        let bulk = |bytes: &[u8]| Reply::Bulk(Some(bytes.to_vec()));
        Reply::Array(Some(vec![
            bulk(b"running_script"),
            Reply::nil(),
            bulk(b"engines"),
            Reply::Array(Some(vec![
                bulk(b"LUA"),
                Reply::Array(Some(vec![
                    bulk(b"libraries_count"),
                    Reply::Integer(self.libraries.len() as i64),
                    bulk(b"functions_count"),
                    Reply::Integer(functions as i64),
                ])),
            ])),
        ]))
    }
}

/// A library's shebang (`#!<engine> name=<name>`): the engine, the name, and where the body
/// starts (at the shebang's newline, so that line numbers stay).
fn library_metadata(code: &[u8]) -> Result<(Vec<u8>, Vec<u8>, usize), String> {
    if !code.starts_with(b"#!") {
        return Err("Missing library metadata".to_string());
    }
    let Some(end) = code.iter().position(|&b| b == b'\n') else {
        return Err("Invalid library metadata".to_string());
    };
    let parts = match split_line(&code[..end]) {
        Some(parts) if !parts.is_empty() => parts,
        _ => return Err("Invalid library metadata".to_string()),
    };
    let engine = parts[0].get(2..).unwrap_or_default().to_vec();
    let mut name = None;
    for part in &parts[1..] {
        if part.len() >= 5 && part[..5].eq_ignore_ascii_case(b"name=") {
            if name.is_some() {
                return Err(
                    "Invalid metadata value, name argument was given multiple times".to_string(),
                );
            }
            name = Some(part[5..].to_vec());
        } else {
            return Err(format!(
                "Invalid metadata value given: {}",
                String::from_utf8_lossy(part)
            ));
        }
    }
    let name = name.ok_or_else(|| "Library name was not given".to_string())?;
    Ok((engine, name, end))
}

/// The lines of `FUNCTION HELP`.
const HELP: &[&str] = &[
    "FUNCTION <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
    "LOAD [REPLACE] <FUNCTION CODE>",
    "    Create a new library with the given library name and code.",
    "DELETE <LIBRARY NAME>",
    "    Delete the given library.",
    "LIST [LIBRARYNAME PATTERN] [WITHCODE]",
    "    Return general information on all the libraries:",
    "    * Library name",
    "    * The engine used to run the Library",
    "    * Library description",
    "    * Functions list",
    "    * Library code (if WITHCODE is given)",
    "    It also possible to get only function that matches a pattern using LIBRARYNAME argument.",
    "STATS",
    "    Return information about the current function running:",
    "    * Function name",
    "    * Command used to run the function",
    "    * Duration in MS that the function is running",
    "    If no function is running, return nil",
    "    In addition, returns a list of available engines.",
    "KILL",
    "    Kill the current running function.",
    "FLUSH [ASYNC|SYNC]",
    "    Delete all the libraries.",
    "    When called without the optional mode argument, the behavior is determined by the",
    "    lazyfree-lazy-user-flush configuration directive. Valid modes are:",
    "    * ASYNC: Asynchronously flush the libraries.",
    "    * SYNC: Synchronously flush the libraries.",
    "DUMP",
    "    Return a serialized payload representing the current libraries, can be restored using FUNCTION RESTORE command",
    "RESTORE <PAYLOAD> [FLUSH|APPEND|REPLACE]",
    "    Restore the libraries represented by the given payload, it is possible to give a restore policy to",
    "    control how to handle existing libraries (default APPEND):",
    "    * FLUSH: delete all existing libraries.",
    "    * APPEND: appends the restored libraries to the existing libraries. On collision, abort.",
    "    * REPLACE: appends the restored libraries to the existing libraries, On collision, replace the old",
    "      libraries with the new libraries (notice that even on this option there is a chance of failure",
    "      in case of functions name collision with another library).",
    "HELP",
    "    Prints this help.",
];
