//! Redis's `struct` library codec against redis-server 7.0.15: every case of
//! `tests/scripting/struct.cases` must give the answer recorded in `struct.golden`
//! (regenerate with `tests/scripting/regenerate.py`). Error positions (`user_script:N:`) come
//! from the VM and are compared elsewhere; here only the message after them.

use ferrous_lua::scripting::struct_codec::{self, PackArgs, StructError, Unpacked};
use ferrous_lua::stdlib::printf;

fn read(name: &str) -> Vec<Vec<u8>> {
    let path = format!("{}/tests/scripting/{name}", env!("CARGO_MANIFEST_DIR"));
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    bytes.split(|&b| b == b'\n').map(<[u8]>::to_vec).collect()
}

fn unhex(hex: &str) -> Vec<u8> {
    (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).expect("hex"))
        .collect()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn percent_g(precision: &str, x: f64) -> String {
    let format = format!("%.{precision}g");
    let (spec, _) = printf::parse_spec(format.as_bytes(), 1).expect("spec");
    String::from_utf8(printf::format_float(&spec, x)).expect("ascii")
}

/// A Lua argument as the test script passes it: a number or a string.
#[derive(Clone)]
enum Arg {
    Number(f64),
    Text(Vec<u8>),
}

/// `luaL_checknumber` / `luaL_checklstring` over the script's arguments; argument 1 is the
/// format, so value `k` is at index `k - 2`.
struct Args(Vec<Arg>);

impl Args {
    fn get(&self, arg: usize) -> Option<&Arg> {
        self.0.get(arg.checked_sub(2)?)
    }
}

impl PackArgs for Args {
    fn count(&self) -> usize {
        self.0.len() + 1
    }
    fn number(&mut self, arg: usize) -> Result<f64, StructError> {
        let text = match self.get(arg) {
            Some(Arg::Number(n)) => return Ok(*n),
            Some(Arg::Text(text)) => text,
            None => panic!("the codec asked for missing argument {arg}"),
        };
        std::str::from_utf8(text)
            .ok()
            .and_then(|t| t.trim().parse().ok())
            .ok_or_else(|| StructError::Argument {
                arg,
                message: "number expected, got string".into(),
            })
    }
    fn bytes(&mut self, arg: usize) -> Result<Vec<u8>, StructError> {
        match self.get(arg) {
            Some(Arg::Text(text)) => Ok(text.clone()),
            Some(Arg::Number(n)) => Ok(percent_g("14", *n).into_bytes()),
            None => panic!("the codec asked for missing argument {arg}"),
        }
    }
}

fn show_error(function: &str, error: StructError) -> String {
    match error {
        StructError::Argument { arg, message } => {
            format!("E bad argument #{arg} to '{function}' ({message})")
        }
        StructError::Message(message) => format!("E {message}"),
    }
}

fn show_values(values: &[Unpacked]) -> String {
    values
        .iter()
        .map(|v| match v {
            Unpacked::Number(n) => format!("n{}", percent_g("17", *n)),
            Unpacked::Bytes(b) => format!("s{}", hex(b)),
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn run_case(case: &str) -> String {
    let fields: Vec<&str> = case.split('\t').collect();
    let format = unhex(fields[1]);
    match fields[0] {
        "pack" => {
            let mut args = Args(
                fields[2..]
                    .iter()
                    .map(|a| match a.split_at(1) {
                        ("n", number) => Arg::Number(number.parse().expect("number")),
                        (_, text) => Arg::Text(unhex(text)),
                    })
                    .collect(),
            );
            let packed = match struct_codec::pack(&format, &mut args) {
                Ok(packed) => packed,
                Err(error) => return show_error("pack", error),
            };
            match struct_codec::unpack(&format, &packed, 1, 2) {
                Ok(values) => format!("P {} U {}", hex(&packed), show_values(&values)),
                Err(error) => format!("P {} {}", hex(&packed), show_error("unpack", error)),
            }
        }
        "unpack" => {
            let offset: i64 = fields[3].parse().expect("offset");
            match struct_codec::unpack(&format, &unhex(fields[2]), offset, 3) {
                Ok(values) => format!("U {}", show_values(&values)),
                Err(error) => show_error("unpack", error),
            }
        }
        _ => match struct_codec::size(&format) {
            Ok(size) => format!("S {size}"),
            Err(error) => show_error("size", error),
        },
    }
}

/// Drops the `user_script:N: ` position Redis puts before an error raised from a script line.
fn without_position(line: &str) -> String {
    match line.strip_prefix("E user_script:") {
        Some(rest) => format!("E {}", rest.split_once(": ").map_or(rest, |(_, m)| m)),
        None => match line.split_once(" E user_script:") {
            Some((packed, rest)) => format!(
                "{packed} E {}",
                rest.split_once(": ").map_or(rest, |(_, m)| m)
            ),
            None => line.to_string(),
        },
    }
}

#[test]
fn struct_codec_matches_redis() {
    let cases = read("struct.cases");
    let golden = read("struct.golden");
    assert_eq!(cases.len(), golden.len(), "one golden line per case");
    let mut failures = Vec::new();
    for (case, expected) in cases.iter().zip(&golden) {
        if case.is_empty() {
            continue;
        }
        let case = String::from_utf8_lossy(case);
        let expected = without_position(&String::from_utf8_lossy(expected));
        let actual = run_case(&case);
        if actual != expected {
            failures.push(format!("{case}\n  redis: {expected}\n  ours:  {actual}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases differ:\n{}",
        failures.len(),
        cases.len() - 1,
        failures[..failures.len().min(15)].join("\n")
    );
}
