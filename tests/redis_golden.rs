//! `ferrous-lua redis` against redis-server 7.0.15: every `tests/redis/cases/NAME.redis` is
//! fed to the binary on stdin and its output must equal `NAME.out`, what `redis-cli --no-raw`
//! printed for the same lines against a fresh redis-server (`tests/redis/regenerate.sh`).

mod common;

use std::process::{Command, Stdio};

#[test]
fn command_files_reply_as_redis_7_0_15() {
    let cases = common::files("tests/redis/cases", "redis");
    assert!(cases.len() >= 6, "only {} command files", cases.len());
    let mut failures = Vec::new();
    for case in &cases {
        let input = std::fs::File::open(case).expect("case");
        let output = Command::new(env!("CARGO_BIN_EXE_ferrous-lua"))
            .arg("redis")
            .stdin(input)
            .stderr(Stdio::inherit())
            .output()
            .expect("ferrous-lua redis runs");
        let expected = std::fs::read(case.with_extension("out")).expect("golden output");
        if output.stdout != expected {
            let ours = String::from_utf8_lossy(&output.stdout).into_owned();
            let theirs = String::from_utf8_lossy(&expected).into_owned();
            let line = ours
                .lines()
                .zip(theirs.lines())
                .position(|(a, b)| a != b)
                .unwrap_or(ours.lines().count().min(theirs.lines().count()));
            failures.push(format!(
                "{}: line {}\n  redis: {:?}\n  ours:  {:?}",
                case.display(),
                line + 1,
                theirs.lines().nth(line),
                ours.lines().nth(line)
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
