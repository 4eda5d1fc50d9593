//! The lexer against lua5.1: every case of `tests/compiler/lexer.cases` is lexed to the end
//! and must give what lua5.1's `loadstring` gave (`tests/compiler/lexer.golden`): the value of
//! the literal in `return <literal>`, or the lexical error message with chunk name, line and
//! `near` text. Regenerate with `tests/compiler/regenerate_lexer.py`.

use ferrous_lua::compiler::lexer::{Lexer, Token};
use ferrous_lua::compiler::{chunk_id, COMPILE_ID_SIZE};
use ferrous_lua::stdlib::printf;

fn lines(name: &str) -> Vec<String> {
    let path = format!("{}/tests/compiler/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    text.lines().map(str::to_string).collect()
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

fn lex_case(name: &str, source: &[u8]) -> String {
    let chunk = if name == "-" {
        chunk_id(source, COMPILE_ID_SIZE)
    } else {
        chunk_id(&unhex(name), COMPILE_ID_SIZE)
    };
    let mut lexer = Lexer::new(source, chunk);
    let mut tokens = Vec::new();
    loop {
        match lexer.next_token() {
            Err(error) => return format!("E {}", hex(&error.message)),
            Ok(Token::Eof) => break,
            Ok(token) => tokens.push(token),
        }
    }
    match tokens.as_slice() {
        [Token::Return, Token::String(bytes)] => format!("S {}", hex(bytes)),
        [Token::Return, Token::Number(n)] => {
            let (spec, _) = printf::parse_spec(b"%.17g", 1).expect("spec");
            format!(
                "N {}",
                String::from_utf8_lossy(&printf::format_float(&spec, *n))
            )
        }
        other => format!("unexpected tokens {other:?}"),
    }
}

#[test]
fn lexer_matches_lua51() {
    let cases = lines("lexer.cases");
    let golden = lines("lexer.golden");
    assert_eq!(cases.len(), golden.len(), "one golden line per case");
    let mut failures = Vec::new();
    for (case, expected) in cases.iter().zip(&golden) {
        let (name, source) = case.split_once('\t').expect("two fields");
        let source = unhex(source);
        let actual = lex_case(name, &source);
        if &actual != expected {
            let show = |line: &str| match line.strip_prefix("E ") {
                Some(h) => format!("E {}", String::from_utf8_lossy(&unhex(h))),
                None => line.to_string(),
            };
            failures.push(format!(
                "{:?}\n  lua5.1: {}\n  ours:   {}",
                String::from_utf8_lossy(&source),
                show(expected),
                show(&actual)
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases differ:\n{}",
        failures.len(),
        cases.len(),
        failures[..failures.len().min(12)].join("\n")
    );
}
