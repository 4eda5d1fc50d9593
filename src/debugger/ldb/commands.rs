//! LDB's commands at a stop (`ldbRepl`): read one, answer it with log lines, until `step`,
//! `continue` or `abort` resumes the script. Each command's output is Redis 7.0's, down to its
//! quirks (`list` reads numbers with `atoi`, `break` with `string2l`, `maxlen` below 60 is 60).

use super::frames::{current_line, function_name, is_user_script, locals};
use super::{console, nested, Resume, Session};
use crate::compiler::parser::compile;
use crate::keyspace::number::{atoi, parse_integer};
use crate::scripting::debug_console::value_text;
use crate::vm::state::Vm;
use crate::vm::value::Value;

/// Arguments a command may have, and bytes an argument may hold (`ldbReplParseCommand`).
const MAX_ARGS: usize = 1024;
const MAX_ARG_LEN: usize = 1024;

const HELP: &[&str] = &[
    "Redis Lua debugger help:",
    "[h]elp               Show this help.",
    "[s]tep               Run current line and stop again.",
    "[n]ext               Alias for step.",
    "[c]ontinue           Run till next breakpoint.",
    "[l]ist               List source code around current line.",
    "[l]ist [line]        List source code around [line].",
    "                     line = 0 means: current position.",
    "[l]ist [line] [ctx]  In this form [ctx] specifies how many lines",
    "                     to show before/after [line].",
    "[w]hole              List all source code. Alias for 'list 1 1000000'.",
    "[p]rint              Show all the local variables.",
    "[p]rint <var>        Show the value of the specified variable.",
    "                     Can also show global vars KEYS and ARGV.",
    "[b]reak              Show all breakpoints.",
    "[b]reak <line>       Add a breakpoint to the specified line.",
    "[b]reak -<line>      Remove breakpoint from the specified line.",
    "[b]reak 0            Remove all breakpoints.",
    "[t]race              Show a backtrace.",
    "[e]val <code>        Execute some Lua code (in a different callframe).",
    "[r]edis <cmd>        Execute a Redis command.",
    "[m]axlen [len]       Trim logged Redis replies and Lua var dumps to len.",
    "                     Specifying zero as <len> means unlimited.",
    "[a]bort              Stop the execution of the script. In sync",
    "                     mode dataset changes will be retained.",
    "",
    "Debugger functions you can call from Lua scripts:",
    "redis.debug()        Produce logs in the debugger console.",
    "redis.breakpoint()   Stop execution like if there was a breakpoint in the",
    "                     next line of code.",
];

/// Whether `word` is the command `long` or its one-letter form, in any case.
fn is(word: &[u8], long: &str) -> bool {
    word.eq_ignore_ascii_case(long.as_bytes()) || word.eq_ignore_ascii_case(&long.as_bytes()[..1])
}

impl Session<'_> {
    /// Reads and answers commands until one resumes the script.
    pub(super) fn repl(&mut self, vm: &mut Vm) -> Resume {
        loop {
            let command = if self.connected {
                self.client.command()
            } else {
                None
            };
            let Some(argv) = command else {
                // The client is gone: the script runs on to its end without stopping.
                self.connected = false;
                if let Some(console) = console(vm) {
                    console.step = false;
                }
                self.breakpoints.clear();
                return Resume::Run;
            };
            let malformed = argv.is_empty()
                || argv.len() > MAX_ARGS
                || argv.iter().any(|a| a.is_empty() || a.len() > MAX_ARG_LEN);
            if malformed {
                return Resume::Raise("protocol error");
            }
            if let Some(resume) = self.answer(vm, &argv) {
                return resume;
            }
            self.send_logs(vm);
        }
    }

    /// Carries out one command; Some when it resumes the script.
    fn answer(&mut self, vm: &mut Vm, argv: &[Vec<u8>]) -> Option<Resume> {
        let name = argv.first().map(Vec::as_slice)?;
        if is(name, "help") {
            for line in HELP {
                self.log(vm, line.as_bytes().to_vec());
            }
        } else if is(name, "step") || is(name, "next") {
            if let Some(console) = console(vm) {
                console.step = true;
            }
            return Some(Resume::Run);
        } else if is(name, "continue") {
            return Some(Resume::Run);
        } else if is(name, "trace") {
            self.trace(vm);
        } else if is(name, "maxlen") {
            self.maxlen(vm, argv);
        } else if is(name, "break") {
            self.set_breakpoints(vm, argv);
        } else if is(name, "eval") {
            self.evaluate(vm, &argv[1..]);
        } else if is(name, "abort") {
            return Some(Resume::Raise("script aborted for user request"));
        } else if argv.len() > 1 && is(name, "redis") {
            self.redis(vm, &argv[1..]);
        } else if is(name, "print") {
            match argv {
                [_, variable] => self.print(vm, variable),
                _ => self.print_all(vm),
            }
        } else if is(name, "list") {
            let mut around = console(vm).map_or(0, |c| c.current_line);
            if let Some(line) = argv.get(1).map(|a| atoi(a)).filter(|&n| n > 0) {
                around = line;
            }
            let context = argv.get(2).map_or(5, |a| atoi(a));
            self.list(vm, around, context);
        } else if is(name, "whole") {
            self.list(vm, 1, 1_000_000);
        } else if let Some(resume) = self.extra_command(vm, argv) {
            return resume;
        } else {
            self.log(
                vm,
                b"<error> Unknown Redis Lua debugger command or wrong number of arguments."
                    .to_vec(),
            );
        }
        None
    }

    pub(super) fn log(&mut self, vm: &mut Vm, entry: Vec<u8>) {
        if let Some(console) = console(vm) {
            console.log(entry);
        }
    }

    /// Logs `prefix` and `value`'s dump, cut at `maxlen`.
    pub(super) fn log_value(&mut self, vm: &mut Vm, prefix: &[u8], value: Value) {
        let mut entry = prefix.to_vec();
        value_text(&mut entry, vm, value);
        if let Some(console) = console(vm) {
            console.log_with_maxlen(entry);
        }
    }

    /// A source line with its number and marks: `->` the current line, `#` a breakpoint.
    pub(super) fn log_source_line(&mut self, vm: &mut Vm, line: i32) {
        let current = console(vm).is_some_and(|c| c.current_line == line);
        let prefix = match (current, self.breakpoints.contains(line)) {
            (true, true) => "->#",
            (true, false) => "-> ",
            (false, true) => "  #",
            (false, false) => "   ",
        };
        let text = line
            .checked_sub(1)
            .and_then(|i| usize::try_from(i).ok())
            .and_then(|i| self.source.get(i))
            .map_or(&b"<out of range source code line>"[..], Vec::as_slice);
        let entry = [format!("{prefix}{line:<3} ").as_bytes(), text].concat();
        self.log(vm, entry);
    }

    /// The lines within `context` of `around` (every line when `around` is 0).
    fn list(&mut self, vm: &mut Vm, around: i32, context: i32) {
        for line in 1..=self.source.len() as i32 {
            if around != 0 && (i64::from(around) - i64::from(line)).abs() > i64::from(context) {
                continue;
            }
            self.log_source_line(vm, line);
        }
    }

    /// `print`: the paused function's local variables.
    fn print_all(&mut self, vm: &mut Vm) {
        let variables = vm
            .thread
            .frames
            .last()
            .map(|frame| locals(vm, frame, 0))
            .unwrap_or_default();
        for (name, value) in &variables {
            let prefix = [b"<value> ", name.as_slice(), b" = "].concat();
            self.log_value(vm, &prefix, *value);
        }
        if variables.is_empty() {
            self.log(vm, b"No local variables in the current context.".to_vec());
        }
    }

    /// `print <var>`: the first local of that name from the paused function outwards, else
    /// the globals `KEYS` and `ARGV`.
    fn print(&mut self, vm: &mut Vm, variable: &[u8]) {
        let found = vm
            .thread
            .frames
            .iter()
            .rev()
            .enumerate()
            .find_map(|(level, frame)| {
                locals(vm, frame, level)
                    .into_iter()
                    .find(|(name, _)| name == variable)
            });
        if let Some((_, value)) = found {
            self.log_value(vm, b"<value> ", value);
        } else if variable == b"KEYS" || variable == b"ARGV" {
            let name = String::from_utf8_lossy(variable).into_owned();
            let globals = vm.globals;
            let value = vm.get_field(globals, &name).unwrap_or_default();
            self.log_value(vm, b"<value> ", value);
        } else {
            self.log(vm, b"No such variable.".to_vec());
        }
    }

    /// `break`: lists, adds (showing the line with one line around it), removes.
    fn set_breakpoints(&mut self, vm: &mut Vm, argv: &[Vec<u8>]) {
        if argv.len() == 1 {
            if self.breakpoints.is_empty() {
                self.log(
                    vm,
                    b"No breakpoints set. Use 'b <line>' to add one.".to_vec(),
                );
                return;
            }
            let lines = self.breakpoints.lines();
            self.log(vm, format!("{} breakpoints set:", lines.len()).into_bytes());
            for line in lines {
                self.log_source_line(vm, line);
            }
            return;
        }
        for arg in &argv[1..] {
            let Some(line) = parse_integer(arg) else {
                let entry = [b"Invalid argument:'", arg.as_slice(), b"'"].concat();
                self.log(vm, entry);
                continue;
            };
            if line == 0 {
                self.breakpoints.clear();
                self.log(vm, b"All breakpoints removed.".to_vec());
            } else if line > 0 {
                if self.breakpoints.is_full() {
                    self.log(vm, b"Too many breakpoints set.".to_vec());
                } else if self.breakpoints.add(line, self.source.len()) {
                    self.list(vm, line as i32, 1);
                } else {
                    self.log(vm, b"Wrong line number.".to_vec());
                }
            } else if line
                .checked_neg()
                .is_some_and(|l| self.breakpoints.remove(l))
            {
                self.log(vm, b"Breakpoint removed.".to_vec());
            } else {
                self.log(vm, b"No breakpoint in the specified line.".to_vec());
            }
        }
    }

    /// `trace`: each frame of the script's own code, innermost first, with its line.
    fn trace(&mut self, vm: &mut Vm) {
        let count = vm.thread.frames.len();
        let mut entries = Vec::new();
        for (level, index) in (0..count).rev().enumerate() {
            let Some(frame) = vm.thread.frames.get(index) else {
                continue;
            };
            if !is_user_script(&frame.proto.proto.source) {
                continue;
            }
            let name = function_name(vm, index).unwrap_or_else(|| b"top level".to_vec());
            let place = if level == 0 { "In" } else { "From" };
            let header = [place.as_bytes(), b" ", &name, b":"].concat();
            entries.push((header, current_line(frame, level)));
        }
        if count == 0 {
            self.log(vm, b"<error> Can't retrieve Lua stack.".to_vec());
        }
        for (header, line) in entries {
            self.log(vm, header);
            self.log_source_line(vm, line);
        }
    }

    /// `maxlen [len]`: shows, or sets, how long logged replies and values may be.
    fn maxlen(&mut self, vm: &mut Vm, argv: &[Vec<u8>]) {
        let Some(console) = console(vm) else {
            return;
        };
        if let [_, len] = argv {
            let mut len = atoi(len);
            console.maxlen_hint_sent = true;
            if len != 0 && len <= 60 {
                len = 60;
            }
            console.maxlen = len as usize;
        }
        let entry = if console.maxlen == 0 {
            "<value> replies are unlimited.".to_string()
        } else {
            format!("<value> replies are truncated at {} bytes.", console.maxlen)
        };
        console.log(entry.into_bytes());
    }

    /// `eval <code>`: the code as an expression (`return <code>`), else as statements, run
    /// in a frame of its own; its first result or its error.
    fn evaluate(&mut self, vm: &mut Vm, words: &[Vec<u8>]) {
        let code = words.join(&b' ');
        let expression = [b"return ".as_slice(), &code].concat();
        let proto = match compile(&expression, b"@ldb_eval", 0) {
            Ok(proto) => proto,
            Err(_) => match compile(&code, b"@ldb_eval", 0) {
                Ok(proto) => proto,
                Err(error) => {
                    let entry = [b"<error> ".as_slice(), &error.message].concat();
                    self.log(vm, entry);
                    return;
                }
            },
        };
        let Ok(function) = vm.load_main(&proto) else {
            self.log(vm, b"<error> not enough memory".to_vec());
            return;
        };
        match self.call_in_hook(vm, function, &[]) {
            Ok(values) => {
                let value = values.first().copied().unwrap_or_default();
                self.log_value(vm, b"<retval> ", value);
            }
            Err(text) => self.log(vm, [b"<error> ".as_slice(), &text].concat()),
        }
    }

    /// `redis <cmd>`: the command through `redis.call`, logged as in step mode.
    fn redis(&mut self, vm: &mut Vm, words: &[Vec<u8>]) {
        let globals = vm.globals;
        let call = match vm.get_field(globals, "redis") {
            Ok(Value::Table(redis)) => vm.get_field(redis, "call").unwrap_or_default(),
            _ => Value::Nil,
        };
        let mut args = Vec::with_capacity(words.len());
        for word in words {
            match vm.string(word) {
                Ok(value) => args.push(value),
                Err(_) => return,
            }
        }
        set_step(vm, true);
        // Its result and its error are dropped: the log says what happened.
        let _ = self.call_in_hook(vm, call, &args);
        set_step(vm, false);
    }

    /// Calls `function` as a hook does, its instructions counted; its results, or its error
    /// as text.
    fn call_in_hook(
        &mut self,
        vm: &mut Vm,
        function: Value,
        args: &[Value],
    ) -> Result<Vec<Value>, Vec<u8>> {
        self.note_change();
        let (outcome, ran) = nested::call(vm, function, args, self.budget);
        self.spend_in_hook(ran);
        match outcome {
            Some(Ok(values)) => Ok(values),
            Some(Err(error)) => Err(vm.plain_text(&error.value)),
            None => Err(
                format!("Script exceeded the limit of {} instructions", self.limit).into_bytes(),
            ),
        }
    }
}

fn set_step(vm: &mut Vm, step: bool) {
    if let Some(console) = console(vm) {
        console.step = step;
    }
}
