//! Our debugger commands beyond Redis's (`stepi`, `finish`, `back`, `regs`, `bytecode`),
//! which redis-cli has no transcript of, checked by what must hold: `bytecode` lists each
//! function as `luac5.1 -l` does (tests/ldb/extras/*.luac), `regs` names the locals `print`
//! shows, `stepi` ends the script as `continue` does, `back` returns to the stop before with
//! the keyspace and registers it had, and `finish` stops in a shallower frame.

use std::path::Path;
use std::process::{Command, Stdio};

/// What `ferrous-lua ldb tests/ldb/extras/SCRIPT k1` prints for the debugger `commands`.
fn session(script: &str, commands: &str) -> String {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/ldb/extras");
    let mut child = Command::new(env!("CARGO_BIN_EXE_ferrous-lua"))
        .current_dir(&dir)
        .args(["ldb", script, "k1"])
        .env("TERM", "dumb")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("ferrous-lua ldb runs");
    if let Some(mut stdin) = child.stdin.take() {
        use std::io::Write;
        stdin.write_all(commands.as_bytes()).expect("commands");
    }
    let output = child.wait_with_output().expect("ferrous-lua ldb ends");
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// The transcript's stops: each from its `* Stopped at` line up to the next stop or the
/// end of the session.
fn stops(transcript: &str) -> Vec<Vec<&str>> {
    let mut stops: Vec<Vec<&str>> = Vec::new();
    for line in transcript.lines() {
        if line.is_empty() {
            if !stops.is_empty() {
                break;
            }
            continue;
        }
        if line.starts_with("* Stopped at") {
            stops.push(Vec::new());
        }
        if let Some(stop) = stops.last_mut() {
            stop.push(line);
        }
    }
    stops
}

/// The final reply: what follows the session's last debugger line.
fn final_reply(transcript: &str) -> &str {
    let end = transcript
        .find("\n(Lua debugging session ended)")
        .unwrap_or(transcript.len());
    let start = transcript[..end].rfind("\n\n").map_or(0, |i| i + 2);
    &transcript[start..end]
}

fn without_addresses(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(i) = rest.find("0x") {
        out.push_str(&rest[..i + 2]);
        rest = rest[i + 2..].trim_start_matches(|c: char| c.is_ascii_hexdigit());
        out.push('?');
    }
    out.push_str(rest);
    out
}

#[test]
fn bytecode_lists_each_function_as_luac_does() {
    for script in ["calls.lua", "closures.lua"] {
        let luac = std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/ldb/extras")
                .join(script.replace(".lua", ".luac")),
        )
        .expect("luac listing");
        let luac = without_addresses(&luac);
        let transcript = session(script, &"bytecode\ns\n".repeat(40));
        let mut blocks = 0;
        for stop in stops(&transcript) {
            let Some(header) = stop
                .iter()
                .position(|l| l.starts_with("main <") || l.starts_with("function <"))
            else {
                continue;
            };
            let block: Vec<&str> = stop[header..]
                .iter()
                .take_while(|l| !l.starts_with('<'))
                .copied()
                .collect();
            let current = block.iter().filter(|l| l.starts_with("-> ")).count();
            assert_eq!(current, 1, "{script}: one current instruction in {block:?}");
            let text: Vec<String> = block
                .iter()
                .map(|l| match l.get(..3) {
                    Some("-> " | "   ") => format!("\t{}", &l[3..]),
                    _ => l.replace("user_script", script),
                })
                .collect();
            let text = without_addresses(&(text.join("\n") + "\n"));
            assert!(
                luac.contains(&text),
                "{script}: not in luac's listing:\n{text}"
            );
            blocks += 1;
        }
        assert!(blocks >= 10, "{script}: only {blocks} listings");
    }
}

#[test]
fn regs_name_the_locals_that_print_shows() {
    let transcript = session("calls.lua", &"print\nregs\ns\n".repeat(30));
    let mut checked = 0;
    for stop in stops(&transcript) {
        let printed: Vec<&str> = stop
            .iter()
            .filter_map(|l| l.strip_prefix("<value> "))
            .filter(|l| !l.starts_with('R'))
            .collect();
        let named: Vec<String> = stop
            .iter()
            .filter_map(|l| l.strip_prefix("<value> R"))
            .filter_map(|l| l.split_once(' ').map(|(_, rest)| rest))
            .filter(|rest| !rest.starts_with("= "))
            .map(str::to_string)
            .collect();
        assert_eq!(printed, named, "print and regs differ in {stop:?}");
        checked += usize::from(!printed.is_empty());
    }
    assert!(checked >= 10, "only {checked} stops had locals");
}

#[test]
fn stepi_ends_the_script_as_continue_does() {
    for script in ["calls.lua", "closures.lua"] {
        let stepped = session(script, &"stepi\n".repeat(400));
        let continued = session(script, "c\n");
        assert_eq!(final_reply(&stepped), final_reply(&continued), "{script}");
        let stops = stops(&stepped);
        let by_instruction = stops
            .iter()
            .filter(|s| s[0].ends_with("step instruction"))
            .collect::<Vec<_>>();
        assert!(
            by_instruction.len() > 30,
            "{script}: {} stops",
            by_instruction.len()
        );
        for stop in by_instruction {
            assert!(stop.len() >= 3 && stop[2].starts_with("-> "), "{stop:?}");
        }
    }
}

#[test]
fn back_returns_to_the_stop_before_with_its_state() {
    let probe = "print\nr get k1\n";
    let mut past_writes = 0;
    for steps in 2..40 {
        let forward = session("calls.lua", &format!("s\n{probe}").repeat(steps));
        if stops(&forward).len() <= steps {
            break;
        }
        let back = session(
            "calls.lua",
            &format!("{}back\n{probe}c\n", format!("s\n{probe}").repeat(steps)),
        );
        let expected = &stops(&forward)[steps - 1];
        let returned = stops(&back)
            .into_iter()
            .find(|s| s[0].ends_with("step back"))
            .expect("a stop after back");
        assert_eq!(
            returned[0].replace("step back", ""),
            expected[0].replace("step over", ""),
            "after {steps} steps"
        );
        // A stop's own lines end with the probe's reply; what follows is logged by the next step.
        let own = |stop: &[&str]| -> Vec<String> {
            let end = stop
                .iter()
                .position(|l| *l == "<redis> get k1")
                .map_or(stop.len(), |i| i + 2);
            stop[1..end.min(stop.len())]
                .iter()
                .map(|l| without_addresses(l))
                .collect()
        };
        let (returned, expected) = (own(&returned), own(expected));
        assert_eq!(returned, expected, "after {steps} steps");
        past_writes += usize::from(expected.iter().any(|l| l.starts_with("<reply> \"")));
    }
    assert!(past_writes >= 2, "back never went back over a write");
}

#[test]
fn back_after_stepi_returns_to_the_instruction_before() {
    let mut checked = 0;
    for steps in 2..30 {
        let forward = session("calls.lua", &"stepi\nregs\n".repeat(steps));
        if stops(&forward).len() <= steps {
            break;
        }
        let back = session(
            "calls.lua",
            &format!("{}back\nregs\nc\n", "stepi\nregs\n".repeat(steps)),
        );
        let expected = &stops(&forward)[steps - 1];
        let returned = stops(&back)
            .into_iter()
            .find(|s| s[0].ends_with("step back"))
            .expect("a stop after back");
        // The stop's line and registers; the instruction row is shown by `stepi` alone.
        let registers = |stop: &[&str]| -> Vec<String> {
            stop[1..]
                .iter()
                .filter(|l| !l.contains('\t'))
                .map(|l| without_addresses(l))
                .collect()
        };
        assert_eq!(
            registers(&returned),
            registers(expected),
            "after {steps} stepi"
        );
        checked += 1;
    }
    assert!(checked >= 20, "only {checked} stops");
}

#[test]
fn finish_stops_in_a_shallower_frame() {
    let transcript = session("calls.lua", "b 2\nc\nt\nfinish\nt\nfinish\nt\nc\n");
    let frames = |stop: &Vec<&str>| {
        stop.iter()
            .filter(|l| l.starts_with("In ") || l.starts_with("From "))
            .count()
    };
    let stops = stops(&transcript);
    let finished: Vec<&Vec<&str>> = stops.iter().filter(|s| s[0].ends_with("finish")).collect();
    assert_eq!(finished.len(), 2, "{stops:?}");
    assert_eq!(frames(&stops[1]), 3);
    assert!(frames(finished[0]) < frames(&stops[1]));
    assert!(frames(finished[1]) < frames(finished[0]));
}
