#!/usr/bin/env python3
"""Regenerates the golden cases for the pattern and printf engines (tests/stdlib_engines.rs).

Cases come from a seeded generator; their expected results come from the real lua5.1, which runs
a small driver over them. Run from anywhere: python3 tests/stdlib/regenerate.py
Formats (one case per line, fields separated by a tab):
  patterns.cases:   hex(subject) hex(pattern)
  patterns.golden:  `nil`, `E <message>`, or start end [capture...] (strings escaped, see ESCAPE)
  printf.cases:     spec-without-% number  (number as Lua reads it, or inf/-inf/nan/-nan)
  printf.golden:    `E <message>` or the escaped formatted text
  sort.cases:       comparator numbers (comparator: lt, gt, le, true, mod3; numbers space-separated)
  sort.golden:      every comparison `a<b` the comparator saw (%.14g, nil as nil), ` | `, then the
                    array afterwards or `E <error>` (`E compare` for a comparison with nil)
  tonumber.cases:   hex(text)            tonumber.golden: `nil` or the value (%.17g)
  tostring.cases:   a number as Lua reads it (or inf/-inf/nan/-nan)   tostring.golden: tostring(n)
  random.golden:    for each seed in RANDOM_SEEDS, `seed <n>` then 50 math.random() values (%.17g)
ESCAPE: the backslash and bytes outside [%w%p ] become \\ddd (three decimal digits).
"""
import pathlib
import random
import subprocess

HERE = pathlib.Path(__file__).resolve().parent
rng = random.Random(20261125)

DRIVER = r'''
local function unhex(h) return (h:gsub("..", function(x) return string.char(tonumber(x, 16)) end)) end
local function esc(s)
  return (s:gsub("\\", "\\092"):gsub("[^%w%p ]", function(c) return string.format("\\%03d", c:byte()) end))
end
local mode, path = ...
local NUMS = { inf = 1/0, ["-inf"] = -1/0, nan = -(0/0), ["-nan"] = 0/0 }
for line in io.lines(path) do
  local a, b = line:match("^([^\t]*)\t([^\t]*)$")
  if not a then a, b = line, line end
  if mode == "patterns" then
    local r = { pcall(string.find, unhex(a), unhex(b)) }
    if not r[1] then print("E " .. r[2])
    elseif r[2] == nil then print("nil")
    else
      local out = {}
      for i = 2, #r do out[#out + 1] = type(r[i]) == "string" and ("s" .. esc(r[i])) or tostring(r[i]) end
      print(table.concat(out, "\t"))
    end
  elseif mode == "tonumber" then
    local n = tonumber(unhex(a))
    print(n == nil and "nil" or string.format("%.17g", n))
  elseif mode == "tostring" then
    print(tostring(NUMS[b] or tonumber(b)))
  elseif mode == "sort" then
    local t, log = {}, {}
    for n in b:gmatch("%S+") do t[#t + 1] = tonumber(n) end
    local size = #t
    local less = {
      lt = function(x, y) return x < y end,
      gt = function(x, y) return x > y end,
      le = function(x, y) return x <= y end,
      ["true"] = function() return true end,
      mod3 = function(x, y) return x % 3 < y % 3 end,
    }
    local ok, err = pcall(table.sort, t, function(x, y)
      log[#log + 1] = tostring(x) .. "<" .. tostring(y)
      return less[a](x, y)
    end)
    local shown = {}
    for i = 1, size do shown[i] = tostring(t[i]) end
    local outcome = ok and table.concat(shown, " ")
      or (err:find("attempt to") and "E compare" or "E " .. err)
    print(table.concat(log, " ") .. " | " .. outcome)
  else
    local x = NUMS[b] or tonumber(b)
    local ok, s = pcall(string.format, "%" .. a, x)
    print(ok and esc(s) or ("E " .. s))
  end
end
'''

ATOMS = ["a", "b", "c", "1", " ", ".", "%a", "%d", "%s", "%w", "%p", "%l", "%u", "%x", "%c",
         "%A", "%D", "%S", "%W", "%z", "%%", "%.", "%(", "[abc]", "[^ab]", "[a-c]", "[%d%s]",
         "[]a]", "[^]]", "[a-]", "[%a-z]", "%b()", "%bab", "%f[%w]", "%f[%W]", "%f[a]", "x", "-"]
QUANT = ["", "", "", "*", "+", "-", "?"]
BROKEN = ["%", "[a", "[", "(", ")", "%b", "%ba", "%f", "%fa", "%1", "%2", "%0", "[%"]
SUBJECT_BYTES = "aaabbc  1(2)3.%xyz-]AB\0\t"


def pattern():
    parts = []
    if rng.random() < 0.15:
        parts.append("^")
    depth = 0
    for _ in range(rng.randint(1, 6)):
        r = rng.random()
        if r < 0.12:
            parts.append("(")
            depth += 1
        elif r < 0.2 and depth:
            parts.append(")")
            depth -= 1
        elif r < 0.24:
            parts.append("()")
        elif r < 0.28 and depth == 0 and "(" in parts:
            parts.append("%1")
        elif r < 0.31:
            parts.append(rng.choice(BROKEN))
        else:
            parts.append(rng.choice(ATOMS) + rng.choice(QUANT))
    parts.extend(")" * depth if rng.random() < 0.9 else "")
    if rng.random() < 0.1:
        parts.append("$")
    return "".join(parts)


def subject():
    return "".join(rng.choice(SUBJECT_BYTES) for _ in range(rng.randint(0, 14)))


EDGE = ["0", "-0", "1", "-1", "0.5", "1.5", "2.5", "-2.5", "0.125", "1e15", "1e16", "1e100",
        "1e308", "1.7976931348623157e308", "5e-324", "2.2250738585072014e-308", "9007199254740993",
        "9223372036854775808", "18446744073709551616", "-9223372036854775808", "0.1", "0.3333333333333333",
        "123456789.123", "inf", "-inf", "nan", "-nan", "255", "65", "3.999", "-3.999", "4294967296",
        "2147483648", "-2147483649", "1e-5", "1e-4", "0.0001", "99999.5", "999999.5", "1e21",
        "9.5", "99.95", "999.5", "9.9999e-5", "0.99999", "99999.6", "0.00099999", "9.9999e10"]


def number():
    r = rng.random()
    if r < 0.45:
        return rng.choice(EDGE)
    if r < 0.7:
        return repr(rng.randint(-10**6, 10**6))
    return repr(rng.uniform(-1, 1) * 10 ** rng.randint(-30, 30))


def spec():
    flags = "".join(rng.choice("-+ #0") for _ in range(rng.choice([0, 0, 0, 1, 1, 2, 3, 5] * 4 + [6])))
    width = rng.choice(["", "", "", "1", "5", "8", "12", "30", "99"] * 4 + ["123"])
    precision = rng.choice(["", "", "", "", ".", ".0", ".1", ".3", ".6", ".14", ".17", ".40", ".99"] * 4 + [".123"])
    conversion = rng.choice("cdiouxXeEfgGgGfd")
    return flags + width + precision + conversion


RANDOM_SEEDS = [0, 1, 2, 42, 7, -1, -123456789, 123456789, 2147483647, -2147483648, 65536,
                4294967295, 1099511627776]
RANDOM_DRIVER = r'''
for _, seed in ipairs({ ... }) do
  print("seed " .. string.format("%.0f", seed))
  math.randomseed(seed)
  for _ = 1, 50 do print(string.format("%.17g", math.random())) end
end
'''


def sort_case():
    kind = rng.choice(["lt", "lt", "gt", "le", "true", "mod3"])
    n = rng.choice([0, 1, 2, 3, 4, 5, 7, 10, 16, 25, 40])
    spread = rng.choice([3, 10, 1000])
    return f"{kind}\t" + " ".join(str(rng.randint(-spread, spread)) for _ in range(n))


NUMBER_PIECES = ["0", "1", "9", "12", "0x", "0X", "1f", "ff", ".", "e", "E", "p", "P", "+", "-", " ",
                 "\t", "\n", "\v", "inf", "INF", "nan", "infinity", "(", ")", "\0", "x", "5", "00",
                 "e308", "e-324", "p-1074", "p1023", "1e400", "abc", "_"]


EDGE_TEXTS = ["0x10", "0x1p4", "0x1.8", "0X1E2", "0x", "0xg", " 12 ", "1e", "1e+", ".5", "5.", "-nan",
              "nan(123)", "nan(", "1\0abc", "\t\n\v\f\r7", "+5", "--5", "0x-1", "1 2", "", " ",
              "0x1p-1074", "0x1p-1075", "0x1.8p-1074", "0x1.0000000000001p-1075", "0x1p-1076",
              "0x3p-1076", "0x1.fffffffffffff8p1023", "0x1.fffffffffffff7p1023", "0x1p1024",
              "0x1.00000000000008p0", "0x1.00000000000018p0", "0x1.000000000000080000001p0",
              "0xffffffffffffffffff", "0x123456789abcdef0123", "0x.8", "0x8.", "0x.p1", "00012",
              "1e400", "-1e400", "2.4703282292062327e-324", "2.4703282292062328e-324",
              "1.7976931348623158e308", "1.7976931348623159e308", "0x1P+3", "0x1p", "0x1p+",
              "1e-5000", "0.000000000000000000000000000001e30", "9007199254740993", "infinityx"]


def number_text():
    return "".join(rng.choice(NUMBER_PIECES) for _ in range(rng.randint(1, 5)))


def lua(mode, cases_path):
    return subprocess.run(["lua5.1", "-", mode, str(cases_path)], input=DRIVER.encode(),
                          capture_output=True, check=True, env={"PATH": "/usr/bin:/bin", "LANG": "C"}).stdout


def main():
    pattern_cases = [f"{subject().encode().hex()}\t{pattern().encode().hex()}" for _ in range(6000)]
    printf_cases = [f"{spec()}\t{number()}" for _ in range(6000)]
    sort_cases = [sort_case() for _ in range(600)]
    tonumber_cases = [number_text().encode().hex() for _ in range(3000)] + [
        t.encode().hex() for t in EDGE_TEXTS]
    tostring_cases = [number() for _ in range(3000)]
    for name, cases in (("patterns", pattern_cases), ("printf", printf_cases), ("sort", sort_cases),
                        ("tonumber", tonumber_cases), ("tostring", tostring_cases)):
        cases_path = HERE / f"{name}.cases"
        cases_path.write_text("\n".join(cases) + "\n")
        (HERE / f"{name}.golden").write_bytes(lua(name, cases_path))
    random = subprocess.run(["lua5.1", "-", *map(str, RANDOM_SEEDS)], input=RANDOM_DRIVER.encode(),
                            capture_output=True, check=True, env={"PATH": "/usr/bin:/bin", "LANG": "C"})
    (HERE / "random.golden").write_bytes(random.stdout)


if __name__ == "__main__":
    main()
