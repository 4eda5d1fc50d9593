//! `ferrous-lua ldb` against redis-cli's LDB transcripts: every case of `tests/ldb/cases`
//! (NAME.lua, NAME.in with the debugger commands, NAME.args with the words after the file,
//! NAME.setup with redis-cli lines run first) must print what `redis-cli --ldb-sync-mode
//! --eval` printed against redis-server 7.0.15 (NAME.out, from `tests/ldb/regenerate.sh`),
//! byte for byte but for the addresses in `function@0x...` dumps.

mod common;

use std::path::Path;
use std::process::{Command, Stdio};

/// `text` with each `@0x<hex>` address made `@0x?`: objects have other addresses here.
fn without_addresses(text: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len());
    let mut i = 0;
    while i < text.len() {
        if text[i..].starts_with(b"@0x") {
            out.extend_from_slice(b"@0x?");
            i += 3;
            while i < text.len() && text[i].is_ascii_hexdigit() {
                i += 1;
            }
        } else {
            out.push(text[i]);
            i += 1;
        }
    }
    out
}

/// What `ferrous-lua ldb` prints for the case `script`, with the exit status line the
/// regeneration script adds.
fn transcript(script: &Path) -> Vec<u8> {
    let name = script.file_stem().and_then(|s| s.to_str()).unwrap_or("");
    let dir = script.parent().unwrap_or(Path::new("."));
    let mut command = Command::new(env!("CARGO_BIN_EXE_ferrous-lua"));
    command.current_dir(dir).arg("ldb");
    // These ran as `redis-cli --ldb`, whose session's changes are rolled back.
    if name.starts_with("rollback_") {
        command.arg("--rollback");
    }
    if dir.join(format!("{name}.setup")).exists() {
        command.args(["--setup", &format!("{name}.setup")]);
    }
    command.arg(format!("{name}.lua"));
    if let Ok(words) = std::fs::read_to_string(dir.join(format!("{name}.args"))) {
        command.args(words.split_whitespace());
    }
    let term = if name.starts_with("colour_") {
        "xterm"
    } else {
        "dumb"
    };
    let input = std::fs::File::open(dir.join(format!("{name}.in"))).expect("commands");
    let output = command
        .env("TERM", term)
        .stdin(input)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .output()
        .expect("ferrous-lua ldb runs");
    let mut text = output.stdout;
    text.extend_from_slice(&output.stderr);
    let status = output.status.code().unwrap_or(-1);
    text.extend_from_slice(format!("exit status {status}\n").as_bytes());
    text
}

#[test]
fn transcripts_match_redis_cli_ldb_sync_mode() {
    let cases = common::files("tests/ldb/cases", "lua");
    assert!(cases.len() >= 40, "only {} cases", cases.len());
    let mut failures = Vec::new();
    for script in &cases {
        let expected = std::fs::read(script.with_extension("out")).expect("golden transcript");
        let ours = transcript(script);
        if without_addresses(&ours) != without_addresses(&expected) {
            failures.push(common::first_difference(script, &expected, &ours));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} transcripts differ:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

#[test]
fn addresses_alone_are_normalised() {
    assert_eq!(
        without_addresses(b"\"function@0x7fd9edade1e0\" 0x12 @0xZ"),
        b"\"function@0x?\" 0x12 @0x?Z".to_vec()
    );
}

#[test]
fn an_unreadable_file_gives_redis_cli_banner_and_complaint() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/ldb/cases");
    let output = Command::new(env!("CARGO_BIN_EXE_ferrous-lua"))
        .current_dir(&dir)
        .args(["ldb", "no-such-file.lua", "k1"])
        .env("TERM", "dumb")
        .stdin(Stdio::null())
        .output()
        .expect("ferrous-lua ldb runs");
    let golden = |name: &str| std::fs::read(dir.join("..").join(name)).expect("golden output");
    let status = output.status.code().unwrap_or(-1);
    let mut stdout = output.stdout;
    stdout.extend_from_slice(format!("exit status {status}\n").as_bytes());
    assert_eq!(stdout, golden("missing-file.stdout"));
    assert_eq!(output.stderr, golden("missing-file.stderr"));
}
