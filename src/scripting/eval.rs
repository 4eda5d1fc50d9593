//! EVAL, EVALSHA, EVAL_RO, EVALSHA_RO and SCRIPT: scripts compiled once and cached by the
//! SHA1 of their body, shebang flags (`#!lua flags=no-writes`), the read-only forms, and
//! Redis's replies and errors for each step.

use super::engine::{run, spaces_for_line_breaks, string_array, Invocation, Shared};
use super::environment::{script_vm, set_protected_global};
use super::sha1;
use crate::compiler::parser::compile;
use crate::keyspace::command;
use crate::keyspace::number::parse_integer;
use crate::keyspace::redis_cli::split_line;
use crate::keyspace::reply::Reply;
use crate::vm::state::{LuaError, Vm};
use crate::vm::value::Value;
use std::collections::HashMap;

/// What a script's shebang line declares.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ScriptFlags {
    /// The script has a shebang, which opts out of Redis's permissive legacy mode.
    pub shebang: bool,
    pub no_writes: bool,
}

/// The flags scripts and functions may declare, in Redis's order; a flag's bit is
/// `1 << index`.
pub const SCRIPT_FLAGS: [&str; 5] = [
    "no-writes",
    "allow-oom",
    "allow-stale",
    "no-cluster",
    "allow-cross-slot-keys",
];

/// The `no-writes` bit.
pub const NO_WRITES: u8 = 1;

/// The bit of a script flag named `name`.
pub fn script_flag(name: &[u8]) -> Option<u8> {
    SCRIPT_FLAGS
        .iter()
        .position(|known| known.as_bytes() == name)
        .map(|i| 1 << i)
}

/// EVAL's Lua state and its compiled scripts (replaced together by SCRIPT FLUSH).
pub struct ScriptEngine {
    pub vm: Vm,
    scripts: ScriptCache,
}

impl ScriptEngine {
    pub fn new(heap_limit: usize) -> Result<ScriptEngine, LuaError> {
        Ok(ScriptEngine {
            vm: script_vm(heap_limit, true)?,
            scripts: ScriptCache::default(),
        })
    }

    /// The function and flags of the cached script whose SHA1 is `sha`.
    pub fn script(&self, sha: &str) -> Option<(Value, ScriptFlags)> {
        let script = self.scripts.scripts.get(sha)?;
        Some((script.function, script.flags))
    }
}

/// A compiled script.
struct Script {
    function: Value,
    flags: ScriptFlags,
}

/// Compiled scripts by the lowercase hex SHA1 of their body.
#[derive(Default)]
pub struct ScriptCache {
    scripts: HashMap<String, Script, crate::keyspace::db::Hasher>,
}

impl ScriptCache {
    pub fn contains(&self, sha: &str) -> bool {
        self.scripts.contains_key(sha)
    }
}

/// Where a shebang line ends: its newline, looked for as Redis does with `strchr`, so a NUL
/// before it means there is none.
pub(crate) fn shebang_end(code: &[u8]) -> Option<usize> {
    code.iter()
        .position(|&b| b == b'\n' || b == 0)
        .filter(|&at| code.get(at) == Some(&b'\n'))
}

/// Reads a shebang (`#!lua [flags=a,b]` and a newline): the flags and how many bytes the
/// line takes (its newline stays, so line numbers do not move).
pub fn shebang(body: &[u8]) -> Result<(ScriptFlags, usize), String> {
    if !body.starts_with(b"#!") {
        return Ok((ScriptFlags::default(), 0));
    }
    let Some(end) = shebang_end(body) else {
        return Err("Invalid script shebang".to_string());
    };
    let parts = match split_line(&body[..end]) {
        Some(parts) if !parts.is_empty() => parts,
        _ => return Err("Invalid engine in script shebang".to_string()),
    };
    if parts[0] != b"#!lua" {
        return Err(format!(
            "Unexpected engine in script shebang: {}",
            String::from_utf8_lossy(&parts[0])
        ));
    }
    let mut flags = ScriptFlags {
        shebang: true,
        no_writes: false,
    };
    for part in &parts[1..] {
        let Some(names) = part.strip_prefix(b"flags=") else {
            return Err(format!(
                "Unknown lua shebang option: {}",
                String::from_utf8_lossy(part)
            ));
        };
        if names.is_empty() {
            continue;
        }
        for name in names.split(|&b| b == b',') {
            if script_flag(name).is_none() {
                return Err(format!(
                    "Unexpected flag in script shebang: {}",
                    String::from_utf8_lossy(name)
                ));
            }
            if name == b"no-writes" {
                flags.no_writes = true;
            }
        }
    }
    Ok((flags, end))
}

/// Compiles `body` into the cache (if new) and returns its SHA1, or the error reply.
pub fn load_script(engine: &mut ScriptEngine, body: &[u8]) -> Result<String, Reply> {
    let sha = sha1::hex_digest(body);
    if engine.scripts.contains(&sha) {
        return Ok(sha);
    }
    let (flags, skipped) = shebang(body).map_err(|e| Reply::error(&format!("ERR {e}")))?;
    let proto = compile(&body[skipped..], b"@user_script", 0).map_err(|e| {
        let text = [
            b"ERR Error compiling script (new function): ".as_slice(),
            &e.message,
        ];
        Reply::Error(spaces_for_line_breaks(text.concat()))
    })?;
    let vm = &mut engine.vm;
    let function = vm.load_main(&proto).map_err(|_| {
        Reply::error("ERR Error compiling script (new function): not enough memory")
    })?;
    // The registry keeps the function alive for the collector, as Redis keeps `f_<sha>`.
    let registry = vm.registry;
    let rooted = vm.string(format!("f_{sha}").as_bytes()).and_then(|key| {
        vm.heap
            .table_set(registry, key, function)
            .map_err(|e| vm.heap_error(e))
    });
    if rooted.is_err() {
        return Err(Reply::error(
            "ERR Error compiling script (new function): not enough memory",
        ));
    }
    engine
        .scripts
        .scripts
        .insert(sha.clone(), Script { function, flags });
    Ok(sha)
}

/// The EVAL family: `EVAL script numkeys key... arg...` and its SHA and read-only forms.
pub fn eval(
    engine: &mut ScriptEngine,
    shared: &mut Shared,
    args: &[Vec<u8>],
    by_sha: bool,
    read_only: bool,
) -> Reply {
    let Some(numkeys) = parse_integer(&args[2]) else {
        return Reply::error("ERR value is not an integer or out of range");
    };
    let available = args.len() as i64 - 3;
    if numkeys > available {
        return Reply::error("ERR Number of keys can't be greater than number of args");
    }
    if numkeys < 0 {
        return Reply::error("ERR Number of keys can't be negative");
    }
    // A SHA1 is 40 hex digits in any case; anything else names no script.
    let mut lower = [0u8; 40];
    let loaded;
    let sha: &str = if by_sha {
        if args[1].len() == 40 {
            lower.copy_from_slice(&args[1]);
            lower.make_ascii_lowercase();
        }
        match std::str::from_utf8(&lower) {
            Ok(sha) if args[1].len() == 40 => sha,
            _ => return Reply::error("NOSCRIPT No matching script. Please use EVAL."),
        }
    } else {
        match load_script(engine, &args[1]) {
            Ok(sha) => {
                loaded = sha;
                &loaded
            }
            Err(reply) => return reply,
        }
    };
    let Some(script) = engine.scripts.scripts.get(sha) else {
        return Reply::error("NOSCRIPT No matching script. Please use EVAL.");
    };
    if read_only && script.flags.shebang && !script.flags.no_writes {
        return Reply::error("ERR Can not execute a script with write flag using *_ro command.");
    }
    let split = 3 + numkeys as usize;
    let function = script.function;
    let read_only = read_only || script.flags.no_writes;
    for (name, words) in [("KEYS", &args[3..split]), ("ARGV", &args[split..])] {
        let table = string_array(&mut engine.vm, words)
            .and_then(|table| set_protected_global(&mut engine.vm, name, table));
        if table.is_err() {
            return Reply::error("ERR not enough memory for the script's arguments");
        }
    }
    let call = Invocation {
        function,
        args: &[],
        read_only,
        name: sha.as_bytes(),
    };
    run(&mut engine.vm, shared, &call)
}

/// The lines of `SCRIPT HELP`.
pub const HELP: &[&str] = &[
    "SCRIPT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
    "DEBUG (YES|SYNC|NO)",
    "    Set the debug mode for subsequent scripts executed.",
    "EXISTS <sha1> [<sha1> ...]",
    "    Return information about the existence of the scripts in the script cache.",
    "FLUSH [ASYNC|SYNC]",
    "    Flush the Lua scripts cache. Very dangerous on replicas.",
    "    When called without the optional mode argument, the behavior is determined by the",
    "    lazyfree-lazy-user-flush configuration directive. Valid modes are:",
    "    * ASYNC: Asynchronously flush the scripts cache.",
    "    * SYNC: Synchronously flush the scripts cache.",
    "KILL",
    "    Kill the currently executing Lua script.",
    "LOAD <script>",
    "    Load a script into the scripts cache without executing it.",
    "HELP",
    "    Prints this help.",
];

/// SCRIPT LOAD | EXISTS | FLUSH | KILL | HELP.
pub fn script(engine: &mut ScriptEngine, heap_limit: usize, args: &[Vec<u8>]) -> Reply {
    let sub = match command::subcommand_of("script", args) {
        Ok(sub) => sub,
        Err(reply) => return reply,
    };
    match sub {
        "load" => match load_script(engine, &args[2]) {
            Ok(sha) => Reply::bulk(sha.as_bytes()),
            Err(reply) => reply,
        },
        "exists" => Reply::Array(Some(
            args[2..]
                .iter()
                .map(|sha| {
                    let sha = String::from_utf8_lossy(sha).to_ascii_lowercase();
                    Reply::Integer(i64::from(engine.scripts.contains(&sha)))
                })
                .collect(),
        )),
        "flush" => {
            let mode_ok = match args.get(2) {
                None => true,
                Some(mode) => {
                    args.len() == 3
                        && (mode.eq_ignore_ascii_case(b"sync")
                            || mode.eq_ignore_ascii_case(b"async"))
                }
            };
            if !mode_ok {
                return Reply::error("ERR SCRIPT FLUSH only support SYNC|ASYNC option");
            }
            // A new Lua state with an empty cache, as Redis makes one.
            match ScriptEngine::new(heap_limit) {
                Ok(fresh) => {
                    *engine = fresh;
                    Reply::ok()
                }
                Err(_) => Reply::error("ERR not enough memory for a new Lua state"),
            }
        }
        "kill" => Reply::error("NOTBUSY No scripts in execution right now."),
        _ => Reply::help(HELP),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shebangs_are_read_as_redis_reads_them() {
        assert_eq!(shebang(b"return 1"), Ok((ScriptFlags::default(), 0)));
        let no_writes = ScriptFlags {
            shebang: true,
            no_writes: true,
        };
        assert_eq!(
            shebang(b"#!lua flags=no-writes\nreturn 1"),
            Ok((no_writes, 21))
        );
        assert_eq!(shebang(b"#!lua"), Err("Invalid script shebang".to_string()));
        assert_eq!(
            shebang(b"#!python\n"),
            Err("Unexpected engine in script shebang: #!python".to_string())
        );
        assert_eq!(
            shebang(b"#!lua flags=bogus\n"),
            Err("Unexpected flag in script shebang: bogus".to_string())
        );
        assert_eq!(
            shebang(b"#!lua name=x\n"),
            Err("Unknown lua shebang option: name=x".to_string())
        );
    }
}
