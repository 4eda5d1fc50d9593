//! The Lua 5.1 lexer (llex.c's job): source bytes to tokens, with line counting across `\n`,
//! `\r`, `\r\n` and `\n\r`, long brackets of any level, every escape, numerals read as 5.1
//! reads them, and lexical errors worded as lua5.1 words them.

use super::SyntaxError;
use crate::number;

/// A token. Names and strings carry their bytes; `Char` is any single-character token.
#[derive(Debug, Clone, PartialEq)]
pub enum Token {
    And,
    Break,
    Do,
    Else,
    Elseif,
    End,
    False,
    For,
    Function,
    If,
    In,
    Local,
    Nil,
    Not,
    Or,
    Repeat,
    Return,
    Then,
    True,
    Until,
    While,
    Concat,
    Dots,
    Eq,
    Ge,
    Le,
    Ne,
    Number(f64),
    Name(Vec<u8>),
    String(Vec<u8>),
    Char(u8),
    Eof,
}

const RESERVED: &[(&[u8], Token)] = &[
    (b"and", Token::And),
    (b"break", Token::Break),
    (b"do", Token::Do),
    (b"else", Token::Else),
    (b"elseif", Token::Elseif),
    (b"end", Token::End),
    (b"false", Token::False),
    (b"for", Token::For),
    (b"function", Token::Function),
    (b"if", Token::If),
    (b"in", Token::In),
    (b"local", Token::Local),
    (b"nil", Token::Nil),
    (b"not", Token::Not),
    (b"or", Token::Or),
    (b"repeat", Token::Repeat),
    (b"return", Token::Return),
    (b"then", Token::Then),
    (b"true", Token::True),
    (b"until", Token::Until),
    (b"while", Token::While),
];

impl Token {
    /// `luaX_token2str`: how messages show a token kind.
    pub fn describe(&self) -> String {
        let fixed = match self {
            Token::Concat => "..",
            Token::Dots => "...",
            Token::Eq => "==",
            Token::Ge => ">=",
            Token::Le => "<=",
            Token::Ne => "~=",
            Token::Number(_) => "<number>",
            Token::Name(_) => "<name>",
            Token::String(_) => "<string>",
            Token::Eof => "<eof>",
            Token::Char(c) if c.is_ascii_control() => return format!("char({c})"),
            Token::Char(c) => return char::from(*c).to_string(),
            reserved => {
                return RESERVED
                    .iter()
                    .find(|(_, token)| token == reserved)
                    .map(|(word, _)| String::from_utf8_lossy(word).into_owned())
                    .unwrap_or_default();
            }
        };
        fixed.to_string()
    }
}

/// Reads tokens one at a time. Keeps the text of the last token scanned, which is what 5.1
/// shows `near` a name, string or number in error messages.
pub struct Lexer<'a> {
    source: &'a [u8],
    at: usize,
    line: u32,
    chunk: Vec<u8>,
    text: Vec<u8>,
}

impl<'a> Lexer<'a> {
    /// A lexer over `source`; `chunk` is the chunk's display name (`luaO_chunkid`).
    pub fn new(source: &'a [u8], chunk: Vec<u8>) -> Lexer<'a> {
        Lexer {
            source,
            at: 0,
            line: 1,
            chunk,
            text: Vec::new(),
        }
    }

    /// The line the lexer is on.
    pub fn line(&self) -> u32 {
        self.line
    }

    /// The chunk's display name.
    pub fn chunk(&self) -> &[u8] {
        &self.chunk
    }

    /// `txtToken`: the text of the last scanned name, string or number, else the token kind.
    /// The message takes it through C's `%s`, so it stops at a NUL byte.
    pub fn near(&self, token: &Token) -> Vec<u8> {
        match token {
            Token::Name(_) | Token::String(_) | Token::Number(_) => {
                let end = self
                    .text
                    .iter()
                    .position(|&b| b == 0)
                    .unwrap_or(self.text.len());
                self.text[..end].to_vec()
            }
            // C prints a stray byte with `%c`: raw, not as a UTF-8 character.
            Token::Char(c) if !c.is_ascii_control() => vec![*c],
            other => other.describe().into_bytes(),
        }
    }

    /// `chunk:line: message`.
    pub fn error(&self, message: &[u8]) -> SyntaxError {
        let mut text = self.chunk.clone();
        text.extend_from_slice(format!(":{}: ", self.line).as_bytes());
        text.extend_from_slice(message);
        SyntaxError { message: text }
    }

    /// `chunk:line: message near 'token'`.
    pub fn error_near(&self, message: &str, token: &Token) -> SyntaxError {
        // luaX_lexerror adds "near" only `if (token)`: a NUL byte's token is 0.
        if *token == Token::Char(0) {
            return self.error(message.as_bytes());
        }
        let mut text = format!("{message} near '").into_bytes();
        text.extend_from_slice(&self.near(token));
        text.push(b'\'');
        self.error(&text)
    }

    fn current(&self) -> Option<u8> {
        self.source.get(self.at).copied()
    }

    fn peek(&self, offset: usize) -> Option<u8> {
        self.source.get(self.at + offset).copied()
    }

    fn save_and_next(&mut self) {
        if let Some(c) = self.current() {
            self.text.push(c);
        }
        self.at += 1;
    }

    fn at_newline(&self) -> bool {
        matches!(self.current(), Some(b'\n' | b'\r'))
    }

    /// Skips `\n`, `\r`, `\n\r` or `\r\n` and counts one line.
    fn newline(&mut self) -> Result<(), SyntaxError> {
        let first = self.current();
        self.at += 1;
        if self.at_newline() && self.current() != first {
            self.at += 1;
        }
        self.line = self
            .line
            .checked_add(1)
            .filter(|&l| l < i32::MAX as u32 - 2)
            .ok_or_else(|| self.error(b"chunk has too many lines"))?;
        Ok(())
    }

    /// The next token.
    pub fn next_token(&mut self) -> Result<Token, SyntaxError> {
        self.text.clear();
        loop {
            let Some(c) = self.current() else {
                return Ok(Token::Eof);
            };
            match c {
                b'\n' | b'\r' => self.newline()?,
                b'-' => {
                    if self.peek(1) != Some(b'-') {
                        self.at += 1;
                        return Ok(Token::Char(b'-'));
                    }
                    self.at += 2;
                    self.comment()?;
                }
                b'[' => {
                    let level = self.long_bracket_level();
                    if level >= 0 {
                        return Ok(Token::String(self.long_string(level as usize, false)?));
                    }
                    if level == -1 {
                        return Ok(Token::Char(b'['));
                    }
                    return Err(
                        self.error_near("invalid long string delimiter", &Token::String(vec![]))
                    );
                }
                b'=' => return Ok(self.one_or_two(b'=', Token::Eq, Token::Char(b'='))),
                b'<' => return Ok(self.one_or_two(b'=', Token::Le, Token::Char(b'<'))),
                b'>' => return Ok(self.one_or_two(b'=', Token::Ge, Token::Char(b'>'))),
                b'~' => return Ok(self.one_or_two(b'=', Token::Ne, Token::Char(b'~'))),
                b'"' | b'\'' => return self.short_string(c),
                // llex's `check_next` uses strchr, which also finds the set's terminating
                // NUL: a NUL byte passes for the second and third '.' (and, below, for an
                // exponent's 'e' and sign).
                b'.' => {
                    if matches!(self.peek(1), Some(b'.' | 0)) {
                        if matches!(self.peek(2), Some(b'.' | 0)) {
                            self.at += 3;
                            return Ok(Token::Dots);
                        }
                        self.at += 2;
                        return Ok(Token::Concat);
                    }
                    if self.peek(1).is_some_and(|d| d.is_ascii_digit()) {
                        return self.numeral();
                    }
                    self.at += 1;
                    return Ok(Token::Char(b'.'));
                }
                _ if number::is_c_space(c) => self.at += 1,
                _ if c.is_ascii_digit() => return self.numeral(),
                _ if c.is_ascii_alphabetic() || c == b'_' => return Ok(self.name()),
                _ => {
                    self.at += 1;
                    return Ok(Token::Char(c));
                }
            }
        }
    }

    fn one_or_two(&mut self, second: u8, pair: Token, single: Token) -> Token {
        self.at += 1;
        if self.current() == Some(second) {
            self.at += 1;
            pair
        } else {
            single
        }
    }

    fn name(&mut self) -> Token {
        while self
            .current()
            .is_some_and(|c| c.is_ascii_alphanumeric() || c == b'_')
        {
            self.save_and_next();
        }
        RESERVED
            .iter()
            .find(|(word, _)| *word == self.text.as_slice())
            .map(|(_, token)| token.clone())
            .unwrap_or_else(|| Token::Name(self.text.clone()))
    }

    /// A comment after `--`: long if a long bracket opens it, else to the end of the line.
    fn comment(&mut self) -> Result<(), SyntaxError> {
        if self.current() == Some(b'[') {
            let level = self.long_bracket_level();
            self.text.clear();
            if level >= 0 {
                self.long_string(level as usize, true)?;
                self.text.clear();
                return Ok(());
            }
        }
        while !matches!(self.current(), None | Some(b'\n' | b'\r')) {
            self.at += 1;
        }
        Ok(())
    }

    /// At a `[`: counts the `=` signs of `[==[`, saving what it reads. Returns the level, -1
    /// for a lone `[`, or -(n+1) for `[` followed by n `=` and no second `[`.
    fn long_bracket_level(&mut self) -> i64 {
        let bracket = self.current();
        self.save_and_next();
        let mut count = 0i64;
        while self.current() == Some(b'=') {
            self.save_and_next();
            count += 1;
        }
        if self.current() == bracket {
            count
        } else {
            -count - 1
        }
    }

    /// The body of a long string or comment whose opening bracket has `level` `=` signs.
    fn long_string(&mut self, level: usize, comment: bool) -> Result<Vec<u8>, SyntaxError> {
        self.save_and_next();
        if self.at_newline() {
            self.newline()?;
        }
        loop {
            match self.current() {
                None => {
                    let what = if comment {
                        "unfinished long comment"
                    } else {
                        "unfinished long string"
                    };
                    return Err(self.error_near(what, &Token::Eof));
                }
                Some(b'[') => {
                    if self.long_bracket_level() == level as i64 {
                        self.save_and_next();
                        if level == 0 {
                            return Err(self.error_near(
                                "nesting of [[...]] is deprecated",
                                &Token::Char(b'['),
                            ));
                        }
                    }
                }
                Some(b']') => {
                    if self.long_bracket_level() == level as i64 {
                        self.save_and_next();
                        let start = level + 2;
                        let end = self.text.len() - (level + 2);
                        return Ok(self.text[start.min(end)..end].to_vec());
                    }
                }
                Some(b'\n' | b'\r') => {
                    self.text.push(b'\n');
                    self.newline()?;
                    if comment {
                        self.text.clear();
                    }
                }
                Some(_) => {
                    if comment {
                        self.at += 1;
                    } else {
                        self.save_and_next();
                    }
                }
            }
        }
    }

    fn short_string(&mut self, delimiter: u8) -> Result<Token, SyntaxError> {
        self.save_and_next();
        loop {
            match self.current() {
                None => return Err(self.error_near("unfinished string", &Token::Eof)),
                Some(b'\n' | b'\r') => {
                    return Err(self.error_near("unfinished string", &Token::String(vec![])));
                }
                Some(b'\\') => self.escape()?,
                Some(c) if c == delimiter => {
                    self.save_and_next();
                    let body = self.text[1..self.text.len() - 1].to_vec();
                    return Ok(Token::String(body));
                }
                Some(_) => self.save_and_next(),
            }
        }
    }

    /// After a backslash in a short string: saves the byte the escape stands for.
    fn escape(&mut self) -> Result<(), SyntaxError> {
        self.at += 1;
        let byte = match self.current() {
            // At the end of input, the string is unfinished: the caller reports it.
            None => return Ok(()),
            Some(b'a') => 0x07,
            Some(b'b') => 0x08,
            Some(b'f') => 0x0c,
            Some(b'n') => b'\n',
            Some(b'r') => b'\r',
            Some(b't') => b'\t',
            Some(b'v') => 0x0b,
            Some(b'\n' | b'\r') => {
                self.text.push(b'\n');
                return self.newline();
            }
            Some(d) if d.is_ascii_digit() => {
                let mut value = 0u32;
                for _ in 0..3 {
                    match self.current() {
                        Some(d) if d.is_ascii_digit() => {
                            value = value * 10 + u32::from(d - b'0');
                            self.at += 1;
                        }
                        _ => break,
                    }
                }
                let byte = u8::try_from(value).map_err(|_| {
                    self.error_near("escape sequence too large", &Token::String(vec![]))
                })?;
                self.text.push(byte);
                return Ok(());
            }
            Some(other) => other,
        };
        self.text.push(byte);
        self.at += 1;
        Ok(())
    }

    /// `read_numeral`: digits and points, an exponent with its sign, then any letters,
    /// digits or underscores glued on; the whole text must convert.
    fn numeral(&mut self) -> Result<Token, SyntaxError> {
        while self
            .current()
            .is_some_and(|c| c.is_ascii_digit() || c == b'.')
        {
            self.save_and_next();
        }
        if matches!(self.current(), Some(b'e' | b'E' | 0)) {
            self.save_and_next();
            if matches!(self.current(), Some(b'+' | b'-' | 0)) {
                self.save_and_next();
            }
        }
        while self
            .current()
            .is_some_and(|c| c.is_ascii_alphanumeric() || c == b'_')
        {
            self.save_and_next();
        }
        // The buffer is read as a C string: a NUL ends the numeral's text.
        let text = self.text.split(|&b| b == 0).next().unwrap_or_default();
        match number::str_to_number(text) {
            Some(value) => Ok(Token::Number(value)),
            None => Err(self.error_near("malformed number", &Token::Number(0.0))),
        }
    }
}
