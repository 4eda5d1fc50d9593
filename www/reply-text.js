// A reply as a debugging snapshot carries it (the Node clients' shape: strings, numbers, null,
// arrays, {error} maps) written the way `redis-cli --no-raw` prints replies. Two things differ
// from redis-cli, both lost before the reply gets here: status replies arrive as plain strings
// and print quoted like bulk strings, and bytes that are not UTF-8 arrive as U+FFFD. (Runs go
// through Sandbox.exec, which prints exactly.)

const encoder = new TextEncoder();

// redis-cli's sdscatrepr: printable ASCII as it is, the usual escapes, other bytes as \xhh.
function quoted(text) {
  let out = '"';
  for (const byte of encoder.encode(text)) {
    const char = String.fromCharCode(byte);
    if (char === '\\' || char === '"') out += `\\${char}`;
    else if (char === '\n') out += '\\n';
    else if (char === '\r') out += '\\r';
    else if (char === '\t') out += '\\t';
    else if (byte === 7) out += '\\a';
    else if (byte === 8) out += '\\b';
    else if (byte >= 0x20 && byte < 0x7f) out += char;
    else out += `\\x${byte.toString(16).padStart(2, '0')}`;
  }
  return `${out}"`;
}

function scalarText(value) {
  if (value === null || value === undefined) return '(nil)';
  if (typeof value === 'string') return quoted(value);
  if (typeof value === 'number') return Number.isInteger(value) ? `(integer) ${value}` : `(double) ${value}`;
  if (typeof value === 'boolean') return value ? '(true)' : '(false)';
  // Error replies come as {error} maps (a JavaScript Map from the engine).
  if (value instanceof Map && value.has('error')) return `(error) ${value.get('error')}`;
  if (typeof value === 'object' && typeof value.error === 'string') return `(error) ${value.error}`;
  return String(value);
}

// Nested arrays are written with an explicit work list (script replies can nest thousands
// deep): entries are values to write or literal text (an element's index and its indent).
export function replyText(reply) {
  let out = '';
  const pending = [{ value: reply, prefix: '' }];
  while (pending.length > 0) {
    const entry = pending.pop();
    if ('text' in entry) {
      out += entry.text;
    } else if (!Array.isArray(entry.value)) {
      out += `${scalarText(entry.value)}\n`;
    } else if (entry.value.length === 0) {
      out += '(empty array)\n';
    } else {
      const items = entry.value;
      const width = String(items.length).length;
      const inner = entry.prefix + ' '.repeat(width + 2);
      // Pushed last to first so that the first element comes out first; the first one's
      // index follows its parent's on the same line, so it takes no indent.
      for (let i = items.length - 1; i >= 0; i -= 1) {
        pending.push({ value: items[i], prefix: inner });
        pending.push({ text: `${i === 0 ? '' : entry.prefix}${String(i + 1).padStart(width)}) ` });
      }
    }
  }
  return out;
}

// What the reply pane shows for a debugging snapshot: the error, or the reply once the script
// returned, or nothing while it runs.
export function snapshotReplyText(snapshot) {
  if (snapshot.error !== null) return `(error) ${snapshot.error}\n`;
  if (snapshot.status === 'finished') return replyText(snapshot.reply);
  return '';
}
