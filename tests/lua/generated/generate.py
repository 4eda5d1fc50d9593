"""Generates random string-library cases and their expected results from lua5.1.

Usage: python3 generate.py [path-to-lua5.1]
Writes pattern-N.cases / format-N.cases (one case per line) and the matching .expected files
(one result line per case, produced by running driver.lua under the reference interpreter).
The seed is fixed, so running it again reproduces the same files byte for byte.
"""
import random
import subprocess
import sys

SEED = 5151
PATTERN_CASES = 6000
FORMAT_CASES = 6000
CASES_PER_FILE = 3000

SUBJECT_BYTES = "aaabbbcAB019 _.-%()[]x\0\n\t"
LITERALS = "abcAB01 _.-x\n"
CLASSES = "acdlpsuwxz"
RAW_PATTERN_BYTES = "()[]%^$*+-?.ab1"


def escape(text):
    out = []
    for ch in text:
        code = ord(ch)
        if code < 32 or code >= 127 or ch == "\\":
            out.append("\\x%02x" % code)
        else:
            out.append(ch)
    return "".join(out)


def string_field(text):
    return "s:" + escape(text)


def number_field(x):
    if x != x:
        return "n:nan"
    if x == float("inf"):
        return "n:inf"
    if x == float("-inf"):
        return "n:-inf"
    if x == 0 and str(x).startswith("-"):
        return "n:-0"
    if x == int(x) and abs(x) < 2**53:
        return "n:%d" % int(x)
    return "n:" + repr(x)


def random_subject(rng):
    return "".join(rng.choice(SUBJECT_BYTES) for _ in range(rng.randint(0, 16)))


def random_set(rng):
    parts = []
    for _ in range(rng.randint(1, 3)):
        kind = rng.random()
        if kind < 0.3:
            parts.append("%" + rng.choice(CLASSES + CLASSES.upper()))
        elif kind < 0.5:
            a, b = sorted(rng.sample("abcx019", 2))
            parts.append(a + "-" + b)
        elif kind < 0.6:
            parts.append(rng.choice("]-^%."))
        else:
            parts.append(rng.choice(LITERALS.replace("\n", "")))
    body = "".join(parts)
    return "[" + ("^" if rng.random() < 0.3 else "") + body + "]"


def random_single(rng):
    kind = rng.random()
    if kind < 0.35:
        return rng.choice(LITERALS)
    if kind < 0.6:
        cls = rng.choice(CLASSES)
        return "%" + (cls.upper() if rng.random() < 0.3 else cls)
    if kind < 0.7:
        return "."
    if kind < 0.85:
        return random_set(rng)
    return "%" + rng.choice(".-%()[]*+?^$")


def random_item(rng, state):
    kind = rng.random()
    if kind < 0.06:
        return "%b" + rng.choice(["()", "ab", "[]", "xx"])
    if kind < 0.11:
        return "%f" + random_set(rng)
    if kind < 0.16 and state["closed"] > 0:
        return "%" + str(rng.randint(1, state["closed"] + 1))
    if kind < 0.24:
        state["open"] += 1
        return "(" if rng.random() < 0.85 else "()"
    if kind < 0.32 and state["open"] > 0:
        state["open"] -= 1
        state["closed"] += 1
        return ")"
    single = random_single(rng)
    if rng.random() < 0.4:
        single += rng.choice("*+-?")
    return single


def well_formed_pattern(rng):
    state = {"open": 0, "closed": 0}
    items = [random_item(rng, state) for _ in range(rng.randint(1, 6))]
    if rng.random() < 0.85:
        items.append(")" * state["open"])
    pattern = "".join(items)
    if rng.random() < 0.2:
        pattern = "^" + pattern
    if rng.random() < 0.15:
        pattern += "$"
    return pattern


def malformed_pattern(rng):
    choice = rng.random()
    if choice < 0.5:
        return "".join(rng.choice(RAW_PATTERN_BYTES) for _ in range(rng.randint(1, 8)))
    base = well_formed_pattern(rng)
    return base + rng.choice(["%", "[", "[a", "[%", "(", ")", "%b", "%ba", "%f", "%fa", "%9", "%0", "[^"])


def random_pattern(rng):
    return malformed_pattern(rng) if rng.random() < 0.2 else well_formed_pattern(rng)


def random_replacement(rng):
    parts = []
    for _ in range(rng.randint(0, 4)):
        kind = rng.random()
        if kind < 0.4:
            parts.append("%" + str(rng.randint(0, 3)))
        elif kind < 0.45:
            parts.append("%" + rng.choice("%xa"))
        else:
            parts.append(rng.choice(["<", ">", "-", "ab", "", "\0"]))
    text = "".join(parts)
    if rng.random() < 0.03:
        text += "%"
    return text


def pattern_case(rng):
    subject = random_subject(rng)
    pattern = random_pattern(rng)
    kind = rng.random()
    if kind < 0.35:
        fields = ["find", string_field(subject), string_field(pattern)]
        if rng.random() < 0.4:
            fields.append(number_field(rng.randint(-20, 20)))
            if rng.random() < 0.3:
                fields.append(rng.choice(["true", "false", "nil"]))
    elif kind < 0.65:
        fields = ["match", string_field(subject), string_field(pattern)]
        if rng.random() < 0.3:
            fields.append(number_field(rng.randint(-20, 20)))
    else:
        fields = ["gsub", string_field(subject), string_field(pattern), string_field(random_replacement(rng))]
        if rng.random() < 0.3:
            fields.append(number_field(rng.randint(-1, 4)))
    return "\t".join(fields)


EDGE_NUMBERS = [
    0.0, -0.0, 1.0, -1.0, 0.5, -0.5, 1.5, 2.5, 0.1, 1 / 3, 2 / 3, 123.456, -987.654321,
    1e15, 1e16, 1e17, 1e21, 1e22, 1e100, 1e300, 1.7976931348623157e308, -1.7976931348623157e308,
    5e-324, 2.2250738585072014e-308, 1e-5, 1e-300, 9.5, 0.05, 0.005, 255.0, 65535.0, 2**31,
    2**31 - 1, -(2**31), 2**32, 2**53, 2**53 + 2, 2**63, -(2**63), 1e19, 42.0, 97.0, 7.0,
    float("inf"), float("-inf"), float("nan"), 999999.5, 0.000123456789, 3.14159265358979,
]

FORMAT_STRINGS = ["", "abc", "a\0b", "\n\r\t", "\0", "\1\2\31\127\200\255", "\"quoted\"", "back\\slash",
                  "x" * 120, "with\0nul and more text", "%d", "12", "0x1F", " 3.5 ", "1e3", "-7"]


def random_number(rng):
    kind = rng.random()
    if kind < 0.5:
        return rng.choice(EDGE_NUMBERS)
    if kind < 0.7:
        return float(rng.randint(-100000, 100000))
    if kind < 0.85:
        return rng.uniform(-1000, 1000)
    return rng.choice([1, -1]) * 10.0 ** rng.randint(-30, 30) * rng.random()


def random_spec(rng):
    flag_count = 6 if rng.random() < 0.02 else rng.choice([0, 0, 0, 1, 1, 2, 3])
    flags = "".join(rng.choice("-+ #0") for _ in range(flag_count))
    width = rng.choice(["", "", "", str(rng.randint(0, 30)), str(rng.randint(0, 30)), "99"])
    precision = rng.choice(["", "", "", "." + str(rng.randint(0, 20)), ".", ".99"])
    if rng.random() < 0.03:
        width, precision = rng.choice([("100", ""), ("", ".100"), ("123", ".5")])
    conversion = "yn"[rng.randint(0, 1)] if rng.random() < 0.02 else rng.choice("diuouxXeEfgGcqs%")
    if conversion == "%" and rng.random() < 0.7:
        return "%%", conversion
    return "%" + flags + width + precision + conversion, conversion


def argument_for(rng, conversion):
    if conversion in "qs" or rng.random() < 0.05:
        if rng.random() < 0.8:
            return string_field(rng.choice(FORMAT_STRINGS))
        return number_field(random_number(rng))
    if conversion == "c" and rng.random() < 0.5:
        return number_field(rng.choice([0, 10, 65, 97, 255, 256, 300, -1]))
    if rng.random() < 0.03:
        return rng.choice(["nil", "true"])
    return number_field(random_number(rng))


def format_case(rng):
    pieces, args = [], []
    for _ in range(rng.choice([1, 1, 1, 2, 3])):
        if rng.random() < 0.3:
            pieces.append(rng.choice(["[", "]", " ", "x", "\0", "="]))
        spec, conversion = random_spec(rng)
        pieces.append(spec)
        if spec != "%%":
            args.append(argument_for(rng, conversion))
    if rng.random() < 0.05 and args:
        args.pop()
    return "\t".join(["format", string_field("".join(pieces))] + args)


def write_group(name, cases, lua):
    for start in range(0, len(cases), CASES_PER_FILE):
        stem = "%s-%d" % (name, start // CASES_PER_FILE + 1)
        text = "\n".join(cases[start:start + CASES_PER_FILE]) + "\n"
        with open(stem + ".cases", "w", encoding="latin-1", newline="\n") as f:
            f.write(text)
        result = subprocess.run([lua, "driver.lua"], input=text.encode("latin-1"),
                                capture_output=True, check=True)
        with open(stem + ".expected", "wb") as f:
            f.write(result.stdout)


def main():
    lua = sys.argv[1] if len(sys.argv) > 1 else "lua5.1"
    rng = random.Random(SEED)
    write_group("pattern", [pattern_case(rng) for _ in range(PATTERN_CASES)], lua)
    write_group("format", [format_case(rng) for _ in range(FORMAT_CASES)], lua)


if __name__ == "__main__":
    main()
