#!/usr/bin/env python3
"""Regenerates tests/compiler/lexer.{cases,golden} from lua5.1 (tests/compiler_lexer.rs).

Each case is `hex(chunkname) TAB hex(source)`; a chunk name of `-` means loadstring's default
(the source itself). lua5.1 loads the source with loadstring and prints one line: for a chunk
`return <literal>` that loads, `S <hex of the string>` or `N <%.17g>`; for a load error,
`E <hex of the message>`.
Only cases whose outcome the lexer alone decides are kept: literals, and errors lua5.1 reports
with a lexical message. Run: python3 tests/compiler/regenerate_lexer.py
"""
import pathlib
import random
import subprocess

HERE = pathlib.Path(__file__).resolve().parent
rng = random.Random(51)

DRIVER = r'''
local function unhex(h) return (h:gsub("..", function(x) return string.char(tonumber(x, 16)) end)) end
local function hex(s) return (s:gsub(".", function(c) return string.format("%02x", c:byte()) end)) end
for line in io.lines(...) do
  local name, src = line:match("^([^\t]*)\t([^\t]*)$")
  local f, err
  if name == "-" then f, err = loadstring(unhex(src)) else f, err = loadstring(unhex(src), unhex(name)) end
  if not f then
    print("E " .. hex(err))
  else
    local v = f()
    if type(v) == "string" then print("S " .. hex(v))
    elseif type(v) == "number" then print("N " .. string.format("%.17g", v))
    else print("R " .. tostring(v)) end
  end
end
'''

LEXICAL = ("unfinished string", "unfinished long string", "unfinished long comment",
           "malformed number", "escape sequence too large", "invalid long string delimiter",
           "nesting of [[...]] is deprecated")

STRING_PIECES = ["a", "Z", " ", "\\n", "\\t", "\\\\", "\\\"", "\\'", "\\0", "\\65", "\\255", "\\256",
                 "\\999", "\\1234", "\\x", "\\?", "\\a\\b\\f\\v\\r", "\\\n", "\\\r\n", "'", "\"", "\t",
                 "\n", "\r", "]]", "[[", "[=[", "]=]", "\x00", "\xff", "--", "é"]
NUMBERS = ["0", "1", "3.25", ".5", "5.", "1e3", "1E-3", "1e+3", "0x1F", "0Xff", "0x1p4", "0x1.8p1",
           "1e", "1e+", "3..2", "1.2.3", "0x", "0xg", "12abc", "1_000", "08", "1e400", "0x.8",
           "9007199254740993", "2.4703282292062328e-324", "1ee2"]
NAMES = ["=stdin", "=" + "n" * 70, "@f.lua", "@" + "d/" * 40 + "f.lua", "chunk", "line1\nline2",
         "x" * 50, "x" * 43, "x" * 44, "x" * 45, "a\rb", "\x00zero", "@", "=", ""]


def short_string():
    quote = rng.choice(["'", '"'])
    body = "".join(rng.choice(STRING_PIECES) for _ in range(rng.randint(0, 6)))
    end = quote if rng.random() < 0.85 else ""
    return quote + body + end


def long_string():
    level = "=" * rng.choice([0, 0, 1, 2])
    body = "".join(rng.choice(STRING_PIECES) for _ in range(rng.randint(0, 6)))
    opening = "\n" if rng.random() < 0.3 else ""
    close = "]" + level + "]" if rng.random() < 0.85 else rng.choice(["", "]", "]=]"])
    return "[" + level + "[" + opening + body + close


def comment():
    if rng.random() < 0.5:
        return "--" + "".join(rng.choice(STRING_PIECES) for _ in range(3)) + "\n"
    level = "=" * rng.choice([0, 1])
    close = "]" + level + "]" if rng.random() < 0.8 else ""
    return "--[" + level + "[" + "".join(rng.choice(STRING_PIECES) for _ in range(3)) + close + "\n"


def case():
    r = rng.random()
    prefix = "".join(rng.choice(["", "\n", "\r\n", "\n\r", "\r", " ", comment()]) for _ in range(rng.randint(0, 3)))
    if r < 0.4:
        literal = short_string()
    elif r < 0.7:
        literal = long_string()
    elif r < 0.9:
        literal = rng.choice(NUMBERS)
    else:
        literal = rng.choice(["[=", "[==x", "[=[ a ]==", "'abc", '"\\300"'])
    name = rng.choice(NAMES) if rng.random() < 0.3 else None
    source = prefix + "return " + literal
    return ("-" if name is None else name.encode("latin-1").hex()) + "\t" + source.encode("utf-8", "surrogateescape").hex()


def main():
    cases = [case() for _ in range(4000)]
    path = HERE / "lexer.cases.tmp"
    path.write_text("\n".join(cases) + "\n")
    out = subprocess.run(["lua5.1", "-", str(path)], input=DRIVER.encode(), capture_output=True,
                         check=True, env={"PATH": "/usr/bin:/bin", "LANG": "C"}).stdout.split(b"\n")
    path.unlink()
    kept_cases, kept_answers = [], []
    for c, answer in zip(cases, out):
        text = answer.decode("latin-1")
        if text.startswith("E "):
            text = "E " + bytes.fromhex(text[2:]).decode("latin-1")
        if text.startswith("R ") or text.startswith("E ") and not any(m in text for m in LEXICAL):
            continue
        kept_cases.append(c)
        kept_answers.append(answer)
    (HERE / "lexer.cases").write_text("\n".join(kept_cases) + "\n")
    (HERE / "lexer.golden").write_bytes(b"\n".join(kept_answers) + b"\n")


if __name__ == "__main__":
    main()
