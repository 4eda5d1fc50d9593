//! `ferrous-lua run` against lua5.1 over the program corpus in `tests/lua/{vm,stdlib}`: each
//! program runs as the corpus README says (its own folder as working directory, stdin from
//! /dev/null, a minimal environment) and must print exactly lua5.1's stdout (`NAME.out`); when
//! lua5.1 failed (`NAME.err`), stderr (message and traceback, with our program name) and the
//! exit status must match too. Programs listed in `tests/lua/passing.txt` must pass; the others are
//! reported. Run with `UPDATE_PASSING=1` to rewrite the list from the current results (it
//! refuses to drop a program that passed before); `SHOW_FAILING=1` lists the others and why.

use std::path::Path;
use std::process::{Command, Stdio};

/// The outcome of one program: None when it matches lua5.1, else what differs.
fn check(program: &Path) -> Option<String> {
    let dir = program.parent()?;
    let name = program.file_name()?.to_string_lossy().into_owned();
    let output = Command::new(env!("CARGO_BIN_EXE_ferrous-lua"))
        .arg("run")
        .arg(&name)
        .current_dir(dir)
        .env_clear()
        .env("PATH", "/usr/bin:/bin")
        .env("HOME", "/root")
        .env("LANG", "C")
        .stdin(Stdio::null())
        .output()
        .ok()?;
    let expected_out = std::fs::read(program.with_extension("out")).unwrap_or_default();
    if output.stdout != expected_out {
        let line = output
            .stdout
            .split(|&b| b == b'\n')
            .zip(expected_out.split(|&b| b == b'\n'))
            .position(|(a, b)| a != b)
            .unwrap_or(0);
        return Some(format!("stdout differs at line {}", line + 1));
    }
    let status = output.status.code().unwrap_or(-1);
    match std::fs::read(program.with_extension("err")) {
        Err(_) if status == 0 => None,
        Err(_) => Some(format!(
            "exit status {status}: {}",
            String::from_utf8_lossy(&output.stderr)
                .lines()
                .next()
                .unwrap_or("")
        )),
        Ok(err) => {
            // stderr byte for byte (lua.c's program name swapped for ours), then the status.
            let expected = String::from_utf8_lossy(&err).replacen("lua5.1:", "ferrous-lua:", 1);
            let ours = format!(
                "{}exit status {status}\n",
                String::from_utf8_lossy(&output.stderr)
            );
            (ours != expected).then(|| format!("stderr {ours:?}, lua5.1 {expected:?}"))
        }
    }
}

#[test]
fn programs_match_lua51() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/lua");
    let mut programs = Vec::new();
    for folder in ["vm", "stdlib"] {
        let mut paths: Vec<_> = std::fs::read_dir(root.join(folder))
            .expect("corpus folder")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "lua"))
            .collect();
        paths.sort();
        programs.extend(paths);
    }
    let list_path = root.join("passing.txt");
    let listed: Vec<String> = std::fs::read_to_string(&list_path)
        .unwrap_or_default()
        .lines()
        .map(str::to_string)
        .collect();
    let mut passing = Vec::new();
    let mut regressions = Vec::new();
    for program in &programs {
        let id = program
            .strip_prefix(&root)
            .expect("inside the corpus")
            .to_string_lossy()
            .into_owned();
        match check(program) {
            None => passing.push(id),
            Some(why) if listed.contains(&id) => regressions.push(format!("{id}: {why}")),
            Some(why) => {
                if std::env::var_os("SHOW_FAILING").is_some() {
                    println!("not yet: {id}: {why}");
                }
            }
        }
    }
    println!(
        "{} of {} programs match lua5.1",
        passing.len(),
        programs.len()
    );
    assert!(
        regressions.is_empty(),
        "regressions:\n{}",
        regressions.join("\n")
    );
    if std::env::var_os("UPDATE_PASSING").is_some() {
        std::fs::write(&list_path, passing.join("\n") + "\n").expect("write passing.txt");
    }
}

/// The generated string-library cases (`tests/lua/generated`): `driver.lua` reads each
/// `.cases` file on standard input under `ferrous-lua run`, and its output must equal the
/// `.expected` lua5.1 produced from the same driver, byte for byte.
#[test]
fn generated_string_cases_match_lua51() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/lua/generated");
    let mut total = 0;
    for name in ["pattern-1", "pattern-2", "format-1", "format-2"] {
        let cases = std::fs::File::open(dir.join(format!("{name}.cases"))).expect("cases");
        let output = Command::new(env!("CARGO_BIN_EXE_ferrous-lua"))
            .args(["run", "driver.lua"])
            .current_dir(&dir)
            .stdin(cases)
            .output()
            .expect("driver runs");
        let expected = std::fs::read(dir.join(format!("{name}.expected"))).expect("expected");
        assert!(
            output.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        let ours: Vec<&[u8]> = output.stdout.split(|&b| b == b'\n').collect();
        let theirs: Vec<&[u8]> = expected.split(|&b| b == b'\n').collect();
        let differing: Vec<usize> = (0..theirs.len().max(ours.len()))
            .filter(|&i| ours.get(i) != theirs.get(i))
            .collect();
        assert!(
            differing.is_empty(),
            "{name}: {} lines differ, first at line {}",
            differing.len(),
            differing[0] + 1
        );
        total += theirs.len() - 1;
    }
    assert_eq!(total, 12_000);
}
