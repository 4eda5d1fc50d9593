//! The compiler, the `luac -l -l` printer and the binary chunk reader against luac5.1, over
//! `tests/compiler/corpus`: every `NAME.luac` (compiled by luac5.1) is read back and listed,
//! and every `NAME.lua` is compiled by us; both listings must equal `NAME.listing` (luac5.1's
//! own) byte for byte once pointer addresses are numbered in order of appearance, and our
//! `Proto` tree must equal the one in luac5.1's binary field for field (code, constants, line
//! info, locals, upvalues, sizes), and dumping it must give luac5.1's binary byte for byte. Regenerate with `tests/compiler/regenerate_listings.sh`.

use ferrous_lua::compiler::listing::listing;
use ferrous_lua::compiler::loader::{file_chunk, load};
use ferrous_lua::compiler::opcode::{fields, opcode_of, OpCode};
use ferrous_lua::compiler::proto::Proto;
use ferrous_lua::compiler::undump::undump;
mod common;

use std::collections::HashMap;
use std::path::Path;

/// Replaces each distinct `0x...` address by `ADDR<n>`, numbered by first appearance.
fn normalise_addresses(text: &str) -> String {
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("0x") {
        out.push_str(&rest[..start]);
        let digits = rest[start + 2..]
            .bytes()
            .take_while(u8::is_ascii_hexdigit)
            .count();
        let address = &rest[start..start + 2 + digits];
        let next = seen.len();
        let n = *seen.entry(address.to_string()).or_insert(next);
        out.push_str(&format!("ADDR{n}"));
        rest = &rest[start + 2 + digits..];
    }
    out.push_str(rest);
    out
}

fn corpus_files(extension: &str) -> Vec<std::path::PathBuf> {
    common::files("tests/compiler/corpus", extension)
}

/// Where two listings first differ, or None when they are the same.
fn first_difference(path: &Path, ours: &[u8], expected: &[u8]) -> Option<String> {
    let (ours, expected) = (
        normalise_addresses(&String::from_utf8_lossy(ours)),
        normalise_addresses(&String::from_utf8_lossy(expected)),
    );
    if ours == expected {
        return None;
    }
    let line = ours
        .lines()
        .zip(expected.lines())
        .position(|(a, b)| a != b)
        .unwrap_or(0);
    Some(format!(
        "{}: first difference at line {}\n  luac5.1: {:?}\n  ours:    {:?}",
        path.display(),
        line + 1,
        expected.lines().nth(line),
        ours.lines().nth(line)
    ))
}

#[test]
fn compiled_sources_match_luac51() {
    let sources = corpus_files("lua");
    assert!(
        sources.len() >= 150,
        "the corpus has {} sources",
        sources.len()
    );
    let mut failures = Vec::new();
    let mut opcodes_seen = std::collections::BTreeSet::new();
    for source in &sources {
        let text = std::fs::read(source).expect("source");
        let file = source.file_name().expect("name").to_string_lossy();
        let name = format!("@{file}");
        let ours = match load(&file_chunk(&text), name.as_bytes(), 1) {
            Ok(proto) => proto,
            Err(e) => {
                failures.push(format!("{file}: {}", String::from_utf8_lossy(&e.message)));
                continue;
            }
        };
        let expected = std::fs::read(source.with_extension("listing")).expect("golden listing");
        if let Some(difference) = first_difference(source, &listing(&ours, true), &expected) {
            failures.push(difference);
            continue;
        }
        record_opcodes(&ours, &mut opcodes_seen);
        let binary = std::fs::read(source.with_extension("luac")).expect("binary chunk");
        let reference: std::rc::Rc<Proto> = undump(&binary, b"=corpus").expect("loads");
        if *reference != *ours {
            failures.push(format!("{file}: listing equal but Proto differs"));
        } else if ferrous_lua::compiler::dump::dump(&ours) != binary {
            failures.push(format!("{file}: our dump differs from luac5.1's binary"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} differ:\n{}",
        failures.len(),
        sources.len(),
        failures.join("\n")
    );
    assert_eq!(
        opcodes_seen.len(),
        38,
        "the corpus reaches {opcodes_seen:?}"
    );
}

/// Every opcode in `proto`'s tree (a SETLIST's extra word is data, not an opcode).
fn record_opcodes(proto: &Proto, seen: &mut std::collections::BTreeSet<&'static str>) {
    let mut pc = 0;
    while let Some(&word) = proto.code.get(pc) {
        let op = opcode_of(word).expect("valid opcode");
        seen.insert(op.info().name);
        pc += if op == OpCode::SetList && fields(word).c == 0 {
            2
        } else {
            1
        };
    }
    for child in &proto.protos {
        record_opcodes(child, seen);
    }
}

#[test]
fn listings_of_luac_binaries_match_luac51() {
    let names = corpus_files("luac");
    assert!(names.len() >= 12, "the corpus has its binaries");
    let mut failures = Vec::new();
    for binary in &names {
        let bytes = std::fs::read(binary).expect("binary chunk");
        let expected = std::fs::read(binary.with_extension("listing")).expect("golden listing");
        let proto = undump(&bytes, b"=corpus").expect("luac5.1 output loads");
        let ours = listing(&proto, true);
        if let Some(difference) = first_difference(binary, &ours, &expected) {
            failures.push(difference);
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn truncated_and_foreign_chunks_are_errors_not_panics() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/compiler/corpus");
    let bytes = std::fs::read(corpus.join("005-closures.luac")).expect("binary chunk");
    for end in 0..bytes.len() {
        let error = undump(&bytes[..end], b"=stdin").expect_err("truncated chunk");
        let message = String::from_utf8_lossy(&error.message).into_owned();
        assert!(
            message == "stdin: unexpected end in precompiled chunk"
                || message == "stdin: bad header in precompiled chunk",
            "{message}"
        );
    }
    let mut foreign = bytes.clone();
    foreign[4] = 0x52;
    assert_eq!(
        undump(&foreign, b"\x1bLua").unwrap_err().message,
        b"binary string: bad header in precompiled chunk"
    );
}

fn luac(args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_ferrous-lua"))
        .arg("luac")
        .args(args)
        .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/compiler/corpus"))
        .output()
        .expect("the ferrous-lua binary runs")
}

fn golden(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/compiler")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn luac_subcommand_lists_several_files_as_luac51() {
    let files = [
        "001-locals-constants.lua",
        "005-closures.lua",
        "050-shebang.lua",
    ];
    let out = luac(&files);
    assert!(out.status.success());
    let expected = golden("luac-several.listing");
    let difference = first_difference(Path::new("luac-several"), &out.stdout, &expected);
    assert!(difference.is_none(), "{}", difference.unwrap_or_default());
}

#[test]
fn luac_subcommand_reports_errors_as_luac51() {
    for (args, stderr) in [
        (
            "../errors/unexpected-symbol.lua",
            "luac-syntax-error.stderr",
        ),
        ("missing.lua", "luac-missing-file.stderr"),
    ] {
        let out = luac(&[args]);
        assert_eq!(out.status.code(), Some(1), "{args}");
        assert!(out.stdout.is_empty());
        let expected =
            String::from_utf8_lossy(&golden(stderr)).replacen("luac5.1:", "ferrous-lua:", 1);
        assert_eq!(String::from_utf8_lossy(&out.stderr), expected, "{args}");
    }
}

/// A result column: `ok`, or an error message in hex.
fn shown(result: &str) -> String {
    if result == "ok" {
        return result.to_string();
    }
    let bytes: Vec<u8> = (0..result.len())
        .step_by(2)
        .filter_map(|i| u8::from_str_radix(result.get(i..i + 2)?, 16).ok())
        .collect();
    String::from_utf8_lossy(&bytes).into_owned()
}

/// The bytecode verifier against lua5.1: instruction words mutated inside luac5.1's binaries
/// (`tests/compiler/bad_code.cases`, from `regenerate_bad_code.py`) must be accepted or
/// refused ("bad code in precompiled chunk") exactly as lua5.1's `loadstring` did.
#[test]
fn mutated_binaries_are_verified_as_in_lua51() {
    let cases = String::from_utf8(golden("bad_code.cases")).expect("text");
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/compiler/corpus");
    let mut failures = Vec::new();
    let mut count = 0;
    for line in cases.lines() {
        let parts: Vec<&str> = line.split(' ').collect();
        let [file, offset, word, expected] = parts[..] else {
            panic!("bad case line {line}");
        };
        let mut bytes = std::fs::read(corpus.join(file)).expect("binary");
        let at: usize = offset.parse().expect("offset");
        let word = u32::from_str_radix(word, 16).expect("word");
        bytes[at..at + 4].copy_from_slice(&word.to_le_bytes());
        let ours = match undump(&bytes, b"=bin") {
            Ok(_) => "ok".to_string(),
            Err(e) => e.message.iter().map(|b| format!("{b:02x}")).collect(),
        };
        if ours != expected {
            failures.push(format!(
                "{file} @{offset} = {word:08x}: lua5.1 {:?}, ours {:?}",
                shown(expected),
                shown(&ours)
            ));
        }
        count += 1;
    }
    assert!(count >= 1000, "only {count} cases");
    assert!(
        failures.is_empty(),
        "{} differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
