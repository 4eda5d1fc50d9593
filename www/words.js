// Words as the KEYS and ARGV inputs take them (separated by whitespace), and the quoting that
// makes any text one word of a redis-cli line (double quotes with redis-cli's escapes).

export function splitWords(text) {
  return text.split(/\s+/).filter((word) => word.length > 0);
}

const ESCAPES = { '\\': '\\\\', '"': '\\"', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\b': '\\b', '\x07': '\\a' };

// Control characters other than the named escapes go as \xHH; everything else, UTF-8 included,
// passes through as it is.
export function quoteWord(text) {
  let quoted = '"';
  for (const char of text) {
    if (char in ESCAPES) quoted += ESCAPES[char];
    else if (char < ' ' || char === '\x7f') quoted += `\\x${char.charCodeAt(0).toString(16).padStart(2, '0')}`;
    else quoted += char;
  }
  return `${quoted}"`;
}

// `EVAL "script" numkeys key... arg...` as one redis-cli line.
export function evalLine(script, keys, args) {
  return ['EVAL', quoteWord(script), String(keys.length), ...keys.map(quoteWord), ...args.map(quoteWord)].join(' ');
}
