// The Redis panes: the keyspace (from Sandbox.dump(), with a debugging session's changes
// listed under it), the redis.call log with each reply, the reply and the redis.log output.
import { element } from './dom.js';

// Items and characters of a value shown before an ellipsis.
const SHOWN_ITEMS = 8;
const SHOWN_CHARS = 80;
// Keys, and latest commands, a pane lists: a script can make millions, and every step
// redraws these panes.
const SHOWN_KEYS = 500;
const SHOWN_COMMANDS = 500;

function bytes(value) {
  return typeof value === 'string' ? value : `<base64 ${value.base64}>`;
}

function shortened(text) {
  return text.length > SHOWN_CHARS ? `${text.slice(0, SHOWN_CHARS)}…` : text;
}

function items(list, show) {
  const shown = list.slice(0, SHOWN_ITEMS).map(show);
  if (list.length > SHOWN_ITEMS) shown.push(`… ${list.length - SHOWN_ITEMS} more`);
  return shown.join(', ');
}

// A key's type and a brief text of its value.
function typed(entry) {
  if ('string' in entry) return ['string', JSON.stringify(bytes(entry.string))];
  if ('list' in entry) return ['list', `[${items(entry.list, (v) => JSON.stringify(bytes(v)))}]`];
  if ('hash' in entry) return ['hash', `{${items(entry.hash, ([f, v]) => `${bytes(f)}: ${JSON.stringify(bytes(v))}`)}}`];
  if ('set' in entry) return ['set', `{${items(entry.set, (v) => JSON.stringify(bytes(v)))}}`];
  if ('zset' in entry) return ['zset', items(entry.zset, ([m, s]) => `${bytes(m)} (${s})`)];
  const count = entry.stream?.entries?.length ?? 0;
  return ['stream', `${count} entr${count === 1 ? 'y' : 'ies'}`];
}

// Seconds to live, rounded as TTL rounds them; empty for a key without expiry.
function ttl(entry, now) {
  if (entry.expiresAt === undefined || entry.expiresAt === null) return '';
  const left = Number(entry.expiresAt) - Number(now);
  return `TTL ${Math.max(0, Math.round(left / 1000))}`;
}

function keyRow(db, entry, now) {
  const [type, value] = typed(entry);
  const key = bytes(entry.key);
  const about = [type, ttl(entry, now)].filter((part) => part !== '').join(', ');
  return element('tr', { attributes: { 'data-key': key, 'data-db': String(db) } }, [
    element('td', { className: 'name' }, [
      element('div', { text: db === 0 ? key : `${db}:${key}` }),
      element('div', { text: about, className: 'type' }),
    ]),
    element('td', { text: shortened(value), className: 'value' }),
  ]);
}

function changeItem(change) {
  const where = change.db === 0 ? change.key : `${change.db}:${change.key}`;
  const text = change.change === 'removed'
    ? `${where} removed (was ${change.before})`
    : `${where} ${change.change}: ${change.after}`;
  return element('li', { text: shortened(text), attributes: { 'data-change': change.change } });
}

// `changes` are a debugging session's changes since its start (null outside a session).
export function renderKeyspace(container, dump, changes) {
  const rows = [];
  let count = 0;
  for (const database of dump.databases ?? []) {
    for (const entry of database.keys ?? []) {
      count += 1;
      if (rows.length < SHOWN_KEYS) rows.push(keyRow(database.db, entry, dump.time));
    }
  }
  const parts = [rows.length > 0
    ? element('table', { className: 'listing' }, [element('tbody', {}, rows)])
    : element('p', { text: '(empty)', className: 'empty' })];
  if (count > rows.length) parts.push(element('p', { text: `… ${count - rows.length} more keys`, className: 'empty' }));
  if (changes) {
    parts.push(element('h3', { text: 'Changed by the script being debugged' }));
    parts.push(changes.length > 0
      ? element('ul', { className: 'changes' }, changes.map(changeItem))
      : element('p', { text: '(nothing yet)', className: 'empty' }));
  }
  container.replaceChildren(...parts);
}

function commandWord(word) {
  return /^[!#-~]+$/.test(word) ? word : JSON.stringify(word);
}

// The latest commands, numbered from the script's first.
export function renderCommands(list, commands) {
  const first = Math.max(0, commands.length - SHOWN_COMMANDS);
  list.start = first + 1;
  list.replaceChildren(...commands.slice(first).map((command) => element('li', {}, [
    element('code', { text: command.args.map(commandWord).join(' ') }),
    element('pre', { text: command.replyText }),
  ])));
}

export function renderOutput(pre, lines) {
  pre.textContent = lines.map((line) => `[${line.level}] ${line.text}\n`).join('');
}
