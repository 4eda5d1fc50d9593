//! Compile errors against lua5.1: every `tests/compiler/errors/NAME.lua` is a malformed
//! program, and compiling it must give `NAME.err`, the message lua5.1's `loadstring` gave
//! (chunk named by its own text, loaded from a main chunk), byte for byte. Regenerate with
//! `tests/compiler/regenerate_errors.sh`. Then the compiler meets broken input it was never
//! shown: every prefix and many random mutations of real programs must compile or fail with a
//! positioned message — never panic, never overflow the stack.

use ferrous_lua::compiler::{chunk_id, compile, COMPILE_ID_SIZE};
mod common;

use common::files;

/// `loadstring` called from a main chunk runs at this C-call depth in lua5.1.
const LOADSTRING_C_CALLS: u32 = 2;

#[test]
fn malformed_programs_fail_as_in_lua51() {
    let cases = files("tests/compiler/errors", "lua");
    assert!(cases.len() >= 60, "only {} malformed programs", cases.len());
    let mut failures = Vec::new();
    for path in &cases {
        let source = std::fs::read(path).expect("source");
        let expected = std::fs::read(path.with_extension("err")).expect("golden message");
        match compile(&source, &source, LOADSTRING_C_CALLS) {
            Ok(_) => failures.push(format!("{}: compiled", path.display())),
            Err(error) if error.message != expected => failures.push(format!(
                "{}:\n  lua5.1: {}\n  ours:   {}",
                path.display(),
                String::from_utf8_lossy(&expected),
                String::from_utf8_lossy(&error.message)
            )),
            Err(_) => {}
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// A small deterministic generator (xorshift), so failures reproduce.
struct Random(u64);

impl Random {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

const FRAGMENTS: &[&[u8]] = &[
    b"(",
    b")",
    b"{",
    b"}",
    b"[",
    b"]",
    b"[[",
    b"]]",
    b"[==[",
    b"--[[",
    b"\"",
    b"'",
    b"\\",
    b"end",
    b"function",
    b"local",
    b"return",
    b"break",
    b"if",
    b"then",
    b"else",
    b"for",
    b"in",
    b"do",
    b"while",
    b"repeat",
    b"until",
    b"...",
    b"..",
    b".",
    b":",
    b",",
    b";",
    b"=",
    b"==",
    b"~=",
    b"<=",
    b"not",
    b"and",
    b"or",
    b"-",
    b"#",
    b"^",
    b"%",
    b"0x",
    b"1e",
    b"\n",
    b"\r",
    b"\0",
    b"\xff",
    b"nil",
    b"true",
    b"x",
    b"t.x",
    b"f()",
];

fn mutate(source: &[u8], random: &mut Random) -> Vec<u8> {
    let mut out = source.to_vec();
    for _ in 0..1 + random.below(4) {
        let at = random.below(out.len() + 1);
        match random.below(3) {
            0 if at < out.len() => {
                let len = 1 + random.below(8).min(out.len() - at - 1);
                out.drain(at..at + len);
            }
            1 => {
                let piece = FRAGMENTS[random.below(FRAGMENTS.len())];
                out.splice(at..at, piece.iter().copied());
            }
            _ => {
                let piece = FRAGMENTS[random.below(FRAGMENTS.len())];
                let end = (at + piece.len()).min(out.len());
                out.splice(at..end, piece.iter().copied());
            }
        }
    }
    out
}

/// A compile error must name the chunk (or be one of the bare table-overflow messages).
fn check_outcome(source: &[u8], name: &[u8]) {
    if let Err(error) = compile(source, name, 1) {
        let display = chunk_id(name, COMPILE_ID_SIZE);
        assert!(
            error.message.starts_with(&display),
            "unpositioned error {:?} for {:?}",
            String::from_utf8_lossy(&error.message),
            String::from_utf8_lossy(source)
        );
    }
}

#[test]
fn prefixes_and_mutations_never_panic() {
    let mut sources: Vec<Vec<u8>> = files("tests/compiler/corpus", "lua")
        .iter()
        .chain(files("tests/compiler/errors", "lua").iter())
        .map(|path| std::fs::read(path).expect("source"))
        .collect();
    sources.retain(|s| s.len() < 20_000);
    let mut random = Random(0x5eed_1234_abcd_0001);
    let mut compiled = 0;
    for source in &sources {
        for end in 0..=source.len() {
            check_outcome(&source[..end], b"@prefix.lua");
            compiled += 1;
        }
        for _ in 0..40 {
            check_outcome(&mutate(source, &mut random), b"=mutant");
            compiled += 1;
        }
    }
    assert!(compiled > 10_000, "only {compiled} inputs tried");
}
