//! The `ferrous-lua` binary's own surface: `--version`, `--help` and unknown commands.

use std::process::Command;

fn ferrous_lua(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_ferrous-lua"))
        .args(args)
        .output()
        .expect("the ferrous-lua binary runs")
}

#[test]
fn version_prints_name_and_crate_version() {
    let out = ferrous_lua(&["--version"]);
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        format!("ferrous-lua {}\n", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn help_lists_usage_and_exits_zero() {
    let out = ferrous_lua(&["--help"]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.starts_with(&format!("ferrous-lua {} - ", env!("CARGO_PKG_VERSION"))));
    assert!(text.contains("Usage: ferrous-lua <command> [arguments]\n"));
    assert!(text.contains("  --version"));
}

#[test]
fn unknown_command_is_an_error_with_status_2() {
    let out = ferrous_lua(&["frobnicate"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "ferrous-lua: unknown command 'frobnicate' (see 'ferrous-lua --help')\n"
    );
}

#[test]
fn no_arguments_prints_help_to_stderr_with_status_2() {
    let out = ferrous_lua(&[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("Usage:"));
}

#[test]
fn run_stops_a_runaway_loop_at_the_instruction_limit() {
    let dir = std::env::temp_dir().join(format!("ferrous-lua-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let script = dir.join("forever.lua");
    std::fs::write(&script, "print('start')\nwhile true do end\n").expect("script");
    let out = ferrous_lua(&[
        "run",
        "--instruction-limit",
        "100000",
        script.to_str().expect("utf-8 path"),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(String::from_utf8_lossy(&out.stdout), "start\n");
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "ferrous-lua: instruction limit of 100000 exceeded\n"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// `ferrous-lua eval` prints what `redis-cli --eval` printed for the same script and words
/// against a fresh redis-server 7.0.15 (`tests/scripting/regenerate-eval.sh`), raw format
/// included, since the output is not a terminal.
#[test]
fn eval_prints_what_redis_cli_eval_prints() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/scripting/eval");
    let mut scripts: Vec<_> = std::fs::read_dir(&dir)
        .expect("eval cases")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "lua"))
        .collect();
    scripts.sort();
    assert!(scripts.len() >= 5, "only {} eval scripts", scripts.len());
    for script in scripts {
        let text = std::fs::read_to_string(&script).expect("script");
        let words = text
            .lines()
            .next()
            .and_then(|l| l.strip_prefix("-- args:"))
            .unwrap_or("");
        let mut args = vec!["eval", script.to_str().expect("path")];
        args.extend(words.split_whitespace());
        let output = ferrous_lua(&args);
        let mut printed = output.stdout.clone();
        printed.extend_from_slice(&output.stderr);
        printed.extend_from_slice(
            format!("exit status {}\n", output.status.code().unwrap_or(-1)).as_bytes(),
        );
        let expected = std::fs::read(script.with_extension("out")).expect("golden");
        assert_eq!(
            String::from_utf8_lossy(&printed),
            String::from_utf8_lossy(&expected),
            "{}",
            script.display()
        );
    }
}
