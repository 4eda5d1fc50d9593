//! Redis 7 functions: FUNCTION LOAD|LIST|DELETE|FLUSH|STATS|KILL|DUMP|RESTORE|HELP and
//! FCALL/FCALL_RO, on a Lua state of their own. As in Redis, that state's `_G` is an empty
//! read-only proxy whose metatable points either at the library API
//! (`redis.register_function`, `redis.log`, the version) while a library's body runs, or at
//! the usual script globals while a function runs — so the closures a library registers see
//! the full environment when called.

use super::engine::{
    error_message, lend, run, spaces_for_line_breaks, string_array, take_back, Invocation, Shared,
};
use super::environment::{protect, script_vm, set_error_metatable};
use super::eval::{NO_WRITES, SCRIPT_FLAGS};
use super::function_dump;
use super::redis_api::{load_api, valid_name, Registration};
use crate::compiler::parser::compile;
use crate::keyspace::command;
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
        let libraries = std::mem::take(&mut self.libraries);
        let created = self.create(shared, code, replace, &libraries);
        self.libraries = libraries;
        match created {
            Ok((library, existing)) => {
                let name = library.name.clone();
                self.root_library(&library, true);
                match existing.and_then(|i| self.libraries.get_mut(i)) {
                    Some(slot) => {
                        let old = std::mem::replace(slot, library);
                        self.root_library(&old, false);
                    }
                    None => self.libraries.push(library),
                }
                Reply::Bulk(Some(name))
            }
            Err(reply) => reply,
        }
    }

    /// Runs a library's code and checks it against `others`, the libraries it is to join, as
    /// Redis does for FUNCTION LOAD and for each library of a FUNCTION RESTORE payload: the
    /// library and the index of the one it replaces, or the error reply.
    fn create(
        &mut self,
        shared: &mut Shared,
        code: &[u8],
        replace: bool,
        others: &[Library],
    ) -> Result<(Library, Option<usize>), Reply> {
        let (engine, name, body_at) =
            library_metadata(code).map_err(|message| Reply::error(&format!("ERR {message}")))?;
        if !valid_name(&name) {
            return Err(Reply::error("ERR Library names can only contain letters, numbers, or underscores(_) and must be at least one character long"));
        }
        if !engine.eq_ignore_ascii_case(b"lua") {
            let text = [b"ERR Engine '".as_slice(), &engine, b"' not found"];
            return Err(Reply::Error(text.concat()));
        }
        let existing = others.iter().position(|l| l.name == name);
        if existing.is_some() && !replace {
            let text = [b"ERR Library '".as_slice(), &name, b"' already exists"];
            return Err(Reply::Error(text.concat()));
        }
        let functions = self.run_library(shared, code.get(body_at..).unwrap_or_default())?;
        if functions.is_empty() {
            return Err(Reply::error("ERR No functions registered"));
        }
        for function in &functions {
            let clash = others
                .iter()
                .enumerate()
                .filter(|(i, _)| Some(*i) != existing)
                .flat_map(|(_, l)| &l.functions)
                .any(|f| f.name.eq_ignore_ascii_case(&function.name));
            if clash {
                return Err(function_exists(&function.name));
            }
        }
        let library = Library {
            name,
            code: code.to_vec(),
            functions,
        };
        Ok((library, existing))
    }

    /// Keeps (or lets go of) a library's callbacks for the collector.
    fn root_library(&mut self, library: &Library, keep: bool) {
        for function in &library.functions {
            self.root(function.callback, keep);
        }
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
        let sub = match command::subcommand_of("function", args) {
            Ok(sub) => sub,
            Err(reply) => return reply,
        };
        match sub {
            "load" => match args {
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
            "delete" => match self.library_index(&args[2]) {
                Some(i) => {
                    let library = self.libraries.remove(i);
                    self.root_library(&library, false);
                    Reply::ok()
                }
                None => Reply::error("ERR Library not found"),
            },
            "dump" => Reply::Bulk(Some(function_dump::dump(
                self.libraries.iter().map(|l| l.code.as_slice()),
            ))),
            "restore" => self.restore(shared, args),
            "flush" => {
                if args.len() > 3 {
                    return subcommand_syntax_error(args);
                }
                let mode_ok = args.get(2).is_none_or(|mode| {
                    mode.eq_ignore_ascii_case(b"sync") || mode.eq_ignore_ascii_case(b"async")
                });
                if !mode_ok {
                    return Reply::error("ERR FUNCTION FLUSH only supports SYNC|ASYNC option");
                }
                for library in std::mem::take(&mut self.libraries) {
                    self.root_library(&library, false);
                }
                Reply::ok()
            }
            "list" => self.list(&args[2..]),
            "stats" => self.stats(),
            "kill" => Reply::error("NOTBUSY No scripts in execution right now."),
            _ => Reply::help(HELP),
        }
    }

    /// FUNCTION RESTORE payload [FLUSH|APPEND|REPLACE]: every library of the payload is
    /// created first, then they replace all libraries (FLUSH) or join them; any error leaves
    /// the libraries as they were.
    fn restore(&mut self, shared: &mut Shared, args: &[Vec<u8>]) -> Reply {
        let (payload, policy) = match restore_arguments(args) {
            Ok(arguments) => arguments,
            Err(reply) => return reply,
        };
        match self.create_restored(shared, payload) {
            Ok(restored) => self.join(restored, policy),
            Err(reply) => reply,
        }
    }

    /// Creates every library of a RESTORE payload, each checked against those before it.
    fn create_restored(
        &mut self,
        shared: &mut Shared,
        payload: &[u8],
    ) -> Result<Vec<Library>, Reply> {
        let codes =
            function_dump::libraries(payload).map_err(|m| Reply::error(&format!("ERR {m}")))?;
        let mut restored: Vec<Library> = Vec::new();
        for code in codes {
            let created = code
                .map_err(|m| Reply::error(&format!("ERR {m}")))
                .and_then(|code| self.create(shared, &code, false, &restored));
            match created {
                Ok((library, _)) => {
                    self.root_library(&library, true);
                    restored.push(library);
                }
                Err(reply) => return Err(self.abandon(restored, reply)),
            }
        }
        Ok(restored)
    }

    /// Puts restored libraries in place of all others (FLUSH) or beside them.
    fn join(&mut self, restored: Vec<Library>, policy: Policy) -> Reply {
        if policy == Policy::Flush {
            for library in std::mem::replace(&mut self.libraries, restored) {
                self.root_library(&library, false);
            }
            return Reply::ok();
        }
        if let Err(reply) = self.check_join(&restored, policy == Policy::Replace) {
            return self.abandon(restored, reply);
        }
        let names: Vec<&[u8]> = restored.iter().map(|l| l.name.as_slice()).collect();
        let (replaced, kept) = std::mem::take(&mut self.libraries)
            .into_iter()
            .partition(|l| names.contains(&l.name.as_slice()));
        self.libraries = kept;
        for library in replaced {
            self.root_library(&library, false);
        }
        self.libraries.extend(restored);
        Reply::ok()
    }

    /// Whether restored libraries can join the loaded ones: a library of the same name is an
    /// error unless replacing, and so is a function that another library has.
    fn check_join(&self, restored: &[Library], replace: bool) -> Result<(), Reply> {
        for library in restored {
            if !replace && self.library_index(&library.name).is_some() {
                let text = [
                    b"ERR Library ".as_slice(),
                    &library.name,
                    b" already exists",
                ];
                return Err(Reply::Error(text.concat()));
            }
        }
        let staying = self
            .libraries
            .iter()
            .filter(|l| !restored.iter().any(|r| r.name == l.name));
        let names: Vec<&[u8]> = staying
            .flat_map(|l| &l.functions)
            .map(|f| f.name.as_slice())
            .collect();
        for function in restored.iter().flat_map(|l| &l.functions) {
            if names.iter().any(|n| n.eq_ignore_ascii_case(&function.name)) {
                return Err(function_exists(&function.name));
            }
        }
        Ok(())
    }

    /// Lets go of libraries a failed restore created, and answers its error.
    fn abandon(&mut self, restored: Vec<Library>, reply: Reply) -> Reply {
        for library in restored {
            self.root_library(&library, false);
        }
        reply
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
                        Reply::Map(vec![
                            (bulk(b"name"), bulk(&f.name)),
                            (bulk(b"description"), Reply::Bulk(f.description.clone())),
                            (bulk(b"flags"), Reply::Set(flags)),
                        ])
                    })
                    .collect();
                let mut fields = vec![
                    (bulk(b"library_name"), bulk(&library.name)),
                    (bulk(b"engine"), bulk(b"LUA")),
                    (bulk(b"functions"), Reply::Array(Some(functions))),
                ];
                if with_code {
                    fields.push((bulk(b"library_code"), bulk(&library.code)));
                }
                Reply::Map(fields)
            })
            .collect();
        Reply::Array(Some(libraries))
    }

    /// FUNCTION STATS: nothing is ever running between commands here.
    fn stats(&self) -> Reply {
        let functions: usize = self.libraries.iter().map(|l| l.functions.len()).sum();
        let bulk = |bytes: &[u8]| Reply::Bulk(Some(bytes.to_vec()));
        Reply::Map(vec![
            (bulk(b"running_script"), Reply::nil()),
            (
                bulk(b"engines"),
                Reply::Map(vec![(
                    bulk(b"LUA"),
                    Reply::Map(vec![
                        (
                            bulk(b"libraries_count"),
                            Reply::Integer(self.libraries.len() as i64),
                        ),
                        (bulk(b"functions_count"), Reply::Integer(functions as i64)),
                    ]),
                )]),
            ),
        ])
    }
}

/// How FUNCTION RESTORE treats the libraries already loaded.
#[derive(PartialEq)]
enum Policy {
    Append,
    Replace,
    Flush,
}

/// FUNCTION RESTORE's payload and policy (APPEND unless given).
fn restore_arguments(args: &[Vec<u8>]) -> Result<(&[u8], Policy), Reply> {
    let (payload, policy) = match args {
        [_, _, payload] => (payload, Policy::Append),
        [_, _, payload, policy] => match policy.to_ascii_lowercase().as_slice() {
            b"append" => (payload, Policy::Append),
            b"replace" => (payload, Policy::Replace),
            b"flush" => (payload, Policy::Flush),
            _ => return Err(Reply::error(
                "ERR Wrong restore policy given, value should be either FLUSH, APPEND or REPLACE.",
            )),
        },
        _ => return Err(subcommand_syntax_error(args)),
    };
    Ok((payload.as_slice(), policy))
}

/// Redis's reply to a subcommand given the wrong number of arguments.
fn subcommand_syntax_error(args: &[Vec<u8>]) -> Reply {
    let given = args.get(1).map(Vec::as_slice).unwrap_or_default();
    let given = given.iter().take_while(|&&b| b != 0).take(128);
    let mut text = b"ERR unknown subcommand or wrong number of arguments for '".to_vec();
    text.extend(given);
    text.extend_from_slice(b"'. Try FUNCTION HELP.");
    Reply::Error(text)
}

/// The error for a function name another library already has.
fn function_exists(name: &[u8]) -> Reply {
    Reply::Error([b"ERR Function ".as_slice(), name, b" already exists"].concat())
}

/// A library's shebang (`#!<engine> name=<name>`): the engine, the name, and where the body
/// starts (at the shebang's newline, so that line numbers stay).
fn library_metadata(code: &[u8]) -> Result<(Vec<u8>, Vec<u8>, usize), String> {
    if !code.starts_with(b"#!") {
        return Err("Missing library metadata".to_string());
    }
    let Some(end) = super::eval::shebang_end(code) else {
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
pub const HELP: &[&str] = &[
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
