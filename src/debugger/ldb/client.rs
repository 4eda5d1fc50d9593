//! redis-cli's side of a debugging session, `redis-cli --ldb-sync-mode --eval FILE KEY ... ,
//! ARG ...` with commands on a stdin that is not a terminal: its banner, how it reads a typed
//! line (`eval <code>` kept whole, a leading repeat count, `quit`, `restart`), how it prints
//! the debugger's replies (one line each, coloured when `TERM` names an xterm) and the final
//! reply, and how, once the session is over, it goes on sending the lines left as commands.

use super::{debug_eval, Client};
use crate::keyspace::redis_cli::{
    format_reply, repeat_count, run_line, split_line, until_nul, LineOutcome,
};
use crate::scripting::server::Server;
use std::io::{self, BufRead, Write};

/// What redis-cli prints as a session starts (before it reads the script's file).
pub const BANNER: &[u8] = b"Lua debugging session started, please use:\n\
quit    -- End the session.\n\
restart -- Restart the script in debug mode again.\n\
help    -- Show Lua script debugging commands.\n\n";

/// Why redis-cli left a session before its end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Leave {
    /// `quit` or `exit`: redis-cli exits.
    Quit,
    /// `restart`: a new session of the same file.
    Restart,
    /// No more input: redis-cli exits.
    EndOfInput,
}

/// How redis-cli runs and shows a session.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Debugger lines in colour (redis-cli's choice when `TERM` names an xterm).
    pub colour: bool,
    /// `lua debugger> ` before each typed line (stdin is a terminal).
    pub prompt: bool,
    /// `--ldb` rather than `--ldb-sync-mode`: Redis debugs in a forked child, so what the
    /// script changed is gone when the session ends.
    pub rollback: bool,
}

/// The prompt redis-cli shows during a session.
const PROMPT: &[u8] = b"lua debugger> ";

/// redis-cli during a session: the typed lines, what it printed, and how the session went.
struct Terminal<'a> {
    input: &'a mut dyn BufRead,
    out: &'a mut dyn Write,
    options: Options,
    /// The last command and how many more times to send it (`3 step`).
    repeats: Option<(u64, Vec<Vec<u8>>)>,
    /// Replies shown so far.
    replies: usize,
    leave: Option<Leave>,
    error: Option<io::Error>,
}

impl Terminal<'_> {
    fn write(&mut self, bytes: &[u8]) {
        if self.error.is_none() {
            if let Err(e) = self.out.write_all(bytes) {
                self.error = Some(e);
            }
        }
    }
}

impl Client for Terminal<'_> {
    fn show(&mut self, lines: &[Vec<u8>]) {
        let mut text = Vec::new();
        for (i, line) in lines.iter().enumerate() {
            if i > 0 {
                text.push(b'\n');
            }
            // The end of the session is a mark, not a line to show.
            if !line.starts_with(b"<endsession>") {
                colourise(&mut text, line, self.options.colour);
            }
        }
        text.push(b'\n');
        self.replies += 1;
        self.write(&text);
    }

    fn command(&mut self) -> Option<Vec<Vec<u8>>> {
        if let Some((left, command)) = self.repeats.take() {
            if left > 1 {
                self.repeats = Some((left - 1, command.clone()));
            }
            return Some(command);
        }
        loop {
            if self.options.prompt {
                self.write(PROMPT);
                if let Err(e) = self.out.flush() {
                    self.error.get_or_insert(e);
                }
            }
            let Some(line) = read_line(self.input) else {
                self.leave = Some(Leave::EndOfInput);
                return None;
            };
            let Some(words) = debugger_words(&line) else {
                self.write(b"Invalid argument(s)\n");
                continue;
            };
            let Some(first) = words.first() else {
                continue;
            };
            if first.eq_ignore_ascii_case(b"quit") || first.eq_ignore_ascii_case(b"exit") {
                self.leave = Some(Leave::Quit);
                return None;
            }
            if words.len() == 1 && first.eq_ignore_ascii_case(b"restart") {
                self.leave = Some(Leave::Restart);
                return None;
            }
            let Some((times, command)) = repeat_count(&words) else {
                self.write(b"Invalid redis-cli repeat command option value.\n");
                continue;
            };
            if times > 1 {
                self.repeats = Some((times - 1, command.to_vec()));
            }
            return Some(command.to_vec());
        }
    }
}

/// One typed line without its newline; None at the end of the input.
fn read_line(input: &mut dyn BufRead) -> Option<Vec<u8>> {
    let mut line = Vec::new();
    match input.read_until(b'\n', &mut line) {
        Ok(0) | Err(_) => None,
        Ok(_) => {
            if line.last() == Some(&b'\n') {
                line.pop();
            }
            Some(line)
        }
    }
}

/// The words redis-cli sends for a line typed in a session: `eval <code>` and `e <code>` as
/// two words, the code untouched; any other line split as usual (None: bad quotes). The line
/// ends at a NUL, as C strings do.
fn debugger_words(line: &[u8]) -> Option<Vec<Vec<u8>>> {
    let line = until_nul(line);
    for verb in [&b"eval "[..], b"e "] {
        if let Some(code) = line.strip_prefix(verb) {
            return Some(vec![verb[..verb.len() - 1].to_vec(), code.to_vec()]);
        }
    }
    split_line(line)
}

/// Appends `line` as redis-cli shows a debugger line: in its colour when colours are on.
fn colourise(out: &mut Vec<u8>, line: &[u8], colour: bool) {
    if !colour {
        out.extend_from_slice(line);
        return;
    }
    let has = |tag: &[u8]| line.windows(tag.len()).any(|w| w == tag);
    let mut code = (0, 37);
    if has(b"<debug>") {
        code = (1, 37);
    }
    if has(b"<redis>") {
        code = (0, 32);
    }
    if has(b"<reply>") {
        code = (0, 36);
    }
    if has(b"<error>") {
        code = (0, 31);
    }
    if has(b"<hint>") {
        code = (1, 37);
    }
    if has(b"<value>") || has(b"<retval>") {
        code = (0, 35);
    }
    // A source line: `-> N` is the current one, `  #N` a breakpoint.
    if line.len() > 4 && line[3].is_ascii_digit() {
        if line[1] == b'>' {
            code = (0, 33);
        } else if line[2] == b'#' {
            code = (1, 37);
        }
    }
    out.extend_from_slice(format!("\x1b[{};{};49m", code.0, code.1).as_bytes());
    out.extend_from_slice(line);
    out.extend_from_slice(b"\x1b[0m");
}

/// Whether redis-cli colours its debugger output: when `TERM` names an xterm.
pub fn colour_terminal(term: Option<&str>) -> bool {
    term.is_some_and(|t| t.contains("xterm"))
}

/// Debugs `script` with `keys` and `args` on `server` as redis-cli does with the commands
/// typed on `input`, writing what redis-cli prints to `out`. (With `rollback`, the script's
/// cache entry stays on the server, where Redis's forked child would have taken it along.)
pub fn debug_session(
    server: &mut Server,
    script: &[u8],
    keys: &[Vec<u8>],
    args: &[Vec<u8>],
    input: &mut dyn BufRead,
    out: &mut dyn Write,
    options: Options,
) -> io::Result<()> {
    let mut eval = vec![
        b"EVAL".to_vec(),
        script.to_vec(),
        keys.len().to_string().into_bytes(),
    ];
    eval.extend(keys.iter().chain(args).cloned());
    loop {
        out.write_all(BANNER)?;
        // The forked child's keyspace and generator are copies; the server keeps its own.
        let kept = options
            .rollback
            .then(|| (server.keyspace.clone(), server.rand));
        let mut terminal = Terminal {
            input: &mut *input,
            out: &mut *out,
            options,
            repeats: None,
            replies: 0,
            leave: None,
            error: None,
        };
        let reply = debug_eval(server, &eval, &mut terminal);
        if let Some((keyspace, rand)) = kept {
            server.keyspace = keyspace;
            server.rand = rand;
        }
        if let Some(error) = terminal.error.take() {
            return Err(error);
        }
        let (leave, replies, repeats) = (terminal.leave, terminal.replies, terminal.repeats);
        match leave {
            Some(Leave::Restart) => {
                out.write_all(b"\n")?;
                continue;
            }
            Some(_) => return Ok(()),
            None => {}
        }
        if replies == 1 {
            // The first reply ended the session: the script did not compile.
            out.write_all(b"Eval debugging session can't start:\n")?;
            out.write_all(&format_reply(&reply))?;
            return Ok(());
        }
        out.write_all(&format_reply(&reply))?;
        if repeats.is_some() {
            // The repetitions after the end read the reply, then the connection is gone.
            return Ok(());
        }
        let rolled_back = if options.rollback {
            " -- dataset changes rolled back"
        } else {
            ""
        };
        out.write_all(format!("\n(Lua debugging session ended{rolled_back})\n\n").as_bytes())?;
        if !after_session(server, input, out)? {
            return Ok(());
        }
        out.write_all(b"\n")?;
    }
}

/// The lines typed after a session, sent as ordinary commands; true when one was `restart`.
fn after_session(
    server: &mut Server,
    input: &mut dyn BufRead,
    out: &mut dyn Write,
) -> io::Result<bool> {
    let mut execute = |args: &[Vec<u8>]| server.execute(args);
    while let Some(line) = read_line(input) {
        let words = split_line(&line);
        if let Some([word]) = words.as_deref() {
            if word.eq_ignore_ascii_case(b"restart") {
                return Ok(true);
            }
        }
        match run_line(&mut execute, &line) {
            LineOutcome::Printed(text) => out.write_all(&text)?,
            LineOutcome::Stop => return Ok(false),
            LineOutcome::Fail(printed, problem) => {
                out.write_all(&printed)?;
                out.write_all(&problem)?;
                return Ok(false);
            }
        }
    }
    Ok(false)
}
