// The Node package (wasm-pack's nodejs target in pkg/node) loads and answers through wasm.
import test from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { CRATE_VERSION } from '../crate_version.mjs';

const require = createRequire(import.meta.url);
const engine = require('../../pkg/node/ferrous_lua.js');

test('the package exports the crate version from wasm', () => {
  assert.equal(typeof engine.version, 'function');
  assert.equal(engine.version(), CRATE_VERSION);
});

test('the generated package.json names the package and its entry point', () => {
  const manifest = require('../../pkg/node/package.json');
  assert.equal(manifest.name, 'ferrous-lua');
  assert.equal(manifest.version, CRATE_VERSION);
  assert.equal(manifest.main, 'ferrous_lua.js');
});

// Pointer addresses differ between runs: number them by first appearance.
function normaliseAddresses(text) {
  const seen = new Map();
  return text.replace(/0x[0-9a-f]+/g, (address) => {
    if (!seen.has(address)) seen.set(address, seen.size);
    return `ADDR${seen.get(address)}`;
  });
}

const corpus = new URL('../compiler/corpus/', import.meta.url);

test('Sandbox.compile lists corpus files exactly as luac5.1 -l -l -p does (in wasm)', () => {
  const sandbox = new engine.Sandbox();
  const names = readdirSync(corpus).filter((n) => n.endsWith('.lua') && !n.startsWith('gen-'));
  assert.ok(names.length >= 40);
  for (const name of names) {
    const source = readFileSync(new URL(name, corpus), 'latin1');
    const expected = readFileSync(new URL(name.replace(/\.lua$/, '.listing'), corpus), 'latin1');
    if (source.startsWith('#') || /[\x80-\xff]/.test(source + expected)) continue; // text only
    const { listing, functions } = sandbox.compile(source, `@${name}`);
    assert.equal(normaliseAddresses(listing), normaliseAddresses(expected), name);
    // The structured rows say what the listing's code lines say.
    const codeLines = expected.split('\n').filter((line) => /^\t\d+\t\[/.test(line));
    const rows = functions.flatMap((f) => f.instructions);
    assert.equal(rows.length, codeLines.length, name);
    rows.forEach((row, i) => {
      const [, pc, line, rest] = codeLines[i].match(/^\t(\d+)\t\[(-|\d+)\]\t(.*)$/);
      assert.equal(row.pc, Number(pc));
      assert.equal(row.line, line === '-' ? 0 : Number(line));
      assert.equal(normaliseAddresses(rest).startsWith(row.name), true, `${name} pc ${pc}`);
    });
  }
});

test('Sandbox.compile throws lua5.1 syntax errors, also for 100 000 nested parentheses', () => {
  const sandbox = new engine.Sandbox();
  assert.throws(() => sandbox.compile('x = = 1'), { message: "stdin:1: unexpected symbol near '='" });
  const deep = `x = ${'('.repeat(100000)}1${')'.repeat(100000)}`;
  assert.throws(() => sandbox.compile(deep), { message: 'stdin:1: chunk has too many syntax levels' });
  const legal = `x = ${'('.repeat(190)}1${')'.repeat(190)}`;
  assert.match(sandbox.compile(legal).listing, /SETGLOBAL/);
});

test('Sandbox.run prints what lua5.1 prints for the program corpus (in wasm)', () => {
  const root = new URL('../lua/', import.meta.url);
  const passing = readFileSync(new URL('passing.txt', root), 'utf8').split('\n').filter(Boolean);
  let checked = 0;
  const seen = new Set();
  for (const id of passing) {
    const source = readFileSync(new URL(id, root), 'latin1');
    // Plain-Lua programs only: no files, process or environment, and text output.
    if (/\b(io|os|dofile|loadfile|require|arg)\b/.test(source)) continue;
    const outPath = new URL(id.replace(/\.lua$/, '.out'), root);
    const expected = readFileSync(outPath, 'latin1');
    if (/[\x80-\xff]/.test(source + expected)) continue;
    if (existsSync(new URL(id.replace(/\.lua$/, '.err'), root))) continue;
    // Known divergence: wasm's libm (a musl port) gives NaNs of domain errors another sign
    // than glibc, so `-nan`/`nan` can differ; the native run checks those programs.
    if (/nan/.test(expected)) continue;
    const sandbox = new engine.Sandbox();
    const name = id.split('/').pop();
    const { output, error } = sandbox.run(source, `@${name}`);
    assert.equal(error, null, id);
    assert.equal(output, expected, id);
    checked += 1;
    seen.add(id);
  }
  assert.ok(checked >= 150, `only ${checked} programs checked`);
  // Deep Lua recursion and nested native calls end in 5.1's errors in wasm too.
  for (const id of ['vm/065-stack-overflow-caught.lua', 'vm/066-stack-overflow-message.lua',
    'vm/067-c-stack-overflow.lua', 'vm/122-co-stack-overflow-inside.lua']) {
    assert.ok(seen.has(id), `${id} ran in wasm`);
  }
});

test('Sandbox.run stops runaway loops at the instruction limit', () => {
  const sandbox = new engine.Sandbox({ instructionLimit: 100000 });
  const { output, error } = sandbox.run('print("before") while true do end');
  assert.equal(output, 'before\n');
  assert.equal(error, 'instruction limit exceeded');
  assert.equal(sandbox.run('print(1 + 1)').output, '2\n');
});

// The golden command files of tests/redis and tests/scripting, line by line through
// Sandbox.exec: the wasm build answers as redis-server 7.0.15 printed (through redis-cli).
test('Sandbox.exec answers the golden command files as redis-server 7.0.15 (in wasm)', () => {
  let files = 0;
  for (const folder of ['../redis/cases/', '../scripting/cases/']) {
    const root = new URL(folder, import.meta.url);
    for (const name of readdirSync(root).filter((n) => n.endsWith('.redis'))) {
      if (name.includes('-resp3-')) continue;
      const input = readFileSync(new URL(name, root), 'latin1');
      const expected = readFileSync(new URL(name.replace(/\.redis$/, '.out'), root), 'latin1');
      // exec takes JavaScript strings: skip files with bytes outside ASCII. Files that read
      // the real clock (TIME, absolute expiry times) differ from run to run.
      if (/[\x80-\xff\x00]/.test(input + expected)) continue;
      if (/\b(TIME|EXPIRETIME|PEXPIRETIME|EXPIREAT|PEXPIREAT|EXAT|PXAT)\b/i.test(input)) continue;
      const sandbox = new engine.Sandbox({ time: 1700000000000 });
      const lines = input.split('\n');
      if (lines.at(-1) === '') lines.pop();
      let output = '';
      for (const line of lines) {
        const words = line.trim().split(/\s+/);
        if (/^(quit|exit)$/i.test(words[0])) break;
        output += sandbox.exec(line);
      }
      assert.equal(output, expected, name);
      files += 1;
    }
  }
  assert.ok(files >= 150, `only ${files} files compared`);
});

test('Sandbox.command and eval answer as Node Redis clients do, errors throw ReplyError', () => {
  const sandbox = new engine.Sandbox({ time: 1700000000000 });
  assert.equal(sandbox.command('SET', 'k', 10), 'OK');
  assert.equal(sandbox.command('INCRBY', 'k', 5), 15);
  assert.equal(sandbox.command('GET', 'k'), '15');
  assert.equal(sandbox.command('GET', 'missing'), null);
  assert.deepEqual(sandbox.command('MGET', 'k', 'missing'), ['15', null]);
  assert.equal(sandbox.command('SET', 'bytes', new Uint8Array([104, 105])), 'OK');
  assert.equal(sandbox.command('GET', 'bytes'), 'hi');
  assert.throws(() => sandbox.command('LPUSH', 'k', 'x'), (error) => {
    assert.equal(error.name, 'ReplyError');
    assert.equal(error.message, 'WRONGTYPE Operation against a key holding the wrong kind of value');
    return true;
  });
  assert.equal(sandbox.eval('return redis.call("INCR", KEYS[1]) + ARGV[1]', ['k'], ['1']), 17);
  assert.deepEqual(sandbox.eval('return {1, "two", {3}}'), [1, 'two', [3]]);
  assert.throws(() => sandbox.eval('error("boom")'), /user_script:1: boom script: /);
  sandbox.command('HELLO', 3);
  assert.deepEqual(sandbox.command('HGETALL', 'nope'), {});
  sandbox.command('HSET', 'h', 'f', 'v');
  assert.deepEqual(sandbox.command('HGETALL', 'h'), { f: 'v' });
});

test('Sandbox.advanceTime moves the clock behind key expiry', () => {
  const sandbox = new engine.Sandbox({ time: 1700000000000 });
  sandbox.command('SET', 'k', 'v', 'PX', 1500);
  assert.equal(sandbox.command('PTTL', 'k'), 1500);
  sandbox.advanceTime(1000);
  assert.equal(sandbox.command('PTTL', 'k'), 500);
  sandbox.advanceTime(500);
  assert.equal(sandbox.command('GET', 'k'), null);
  assert.equal(sandbox.exec('TTL k'), '(integer) -2\n');
});

test('Sandbox.debug steps a script forwards and back with DESIGN.md snapshots (in wasm)', () => {
  const sandbox = new engine.Sandbox({ time: 1700000000000 });
  sandbox.command('SET', 'counter', 5);
  const script = 'local n = redis.call("INCR", KEYS[1])\nlocal doubled = n * 2\nreturn doubled';
  const session = sandbox.debug(script, ['counter'], []);
  const start = session.snapshot();
  assert.equal(start.status, 'paused');
  assert.equal(start.step, 0);
  assert.equal(start.line, 1);
  const second = session.stepLine();
  assert.equal(second.line, 2);
  const names = second.frames[0].registers.map((r) => r.name);
  assert.equal(names[0], 'n');
  assert.equal(second.frames[0].registers[0].value, '6');
  assert.deepEqual(second.commands.map((c) => c.args), [['INCR', 'counter']]);
  assert.equal(second.commands[0].reply, 6);
  const end = session.continue();
  assert.equal(end.status, 'finished');
  assert.equal(end.reply, 12);
  assert.equal(end.error, null);
  // The same moment, however it is reached (the changes count from where the move started).
  const moment = ({ step, line, pc, frames, commands, output }) =>
    ({ step, line, pc, frames, commands, output });
  assert.deepEqual(moment(session.goto(second.step)), moment(second));
  assert.deepEqual(moment(session.back()), moment(session.goto(second.step - 1)));
  // The sandbox itself is untouched: the session ran on a copy.
  assert.equal(sandbox.command('GET', 'counter'), '5');
  session.setBreakpoints([3]);
  assert.equal(session.goto(0).line, 1);
  assert.equal(session.continue().line, 3);
});

// Every type, encodings, expiries, binary bytes, two databases, a stream with groups and
// pending entries, as redis-cli lines.
const SEED_LINES = [
  'SET greeting hello PX 60000', 'SET n 42', 'SET f 1.5', 'INCRBYFLOAT f 1', 'SET s x', 'APPEND s y',
  'SET "\\xff\\x00" "\\xfe"', 'RPUSH q a b "\\x80"', 'HSET h f v "\\xff" 1', 'SADD ints 3 1 2',
  'SADD mixed 5 x 1', 'SREM mixed x', 'ZADD z 1.5 a inf b -inf c 0 d 1e-320 e',
  'ZADD long 1 a-member-longer-than-sixty-four-bytes-turns-the-set-into-a-skiplist -0 nz',
  'PEXPIREAT z 9007199254740993', 'XADD x 1-1 f v', 'XADD x 2-0 g w', 'XADD x 3-0 h "\\xff"',
  'XDEL x 2-0', 'XGROUP CREATE x g 0', 'XGROUP CREATE x h $ ENTRIESREAD 2',
  'XREADGROUP GROUP g alice COUNT 1 STREAMS x >', 'XREADGROUP GROUP g bob STREAMS x >',
  'XCLAIM x g carol 0 1-1', 'XADD y 9-9 f v', 'XDEL y 9-9', 'XGROUP CREATE y g 9-9',
  'SELECT 5', 'SET other db', 'SELECT 0',
];

const READ_LINES = [
  'DBSIZE', 'KEYS *', 'TYPE greeting', 'PTTL greeting', 'GET greeting', 'OBJECT ENCODING n',
  'OBJECT ENCODING f', 'OBJECT ENCODING s', 'GET "\\xff\\x00"', 'LRANGE q 0 -1', 'HGETALL h',
  'SMEMBERS ints', 'SMEMBERS mixed', 'OBJECT ENCODING mixed', 'ZRANGE z 0 -1 WITHSCORES',
  'PTTL z', 'ZRANGE long 0 -1 WITHSCORES', 'OBJECT ENCODING long', 'XRANGE x - +',
  'XINFO GROUPS x', 'XPENDING x g - + 10', 'XINFO CONSUMERS x g', 'XINFO GROUPS y', 'XLEN y',
  'SELECT 5', 'GET other', 'SELECT 0', 'SADD mixed 0', 'SMEMBERS mixed', 'ZADD long -0 nz2',
  'ZSCORE long nz2', 'XADD x 4-0 i v', 'XREADGROUP GROUP h dave STREAMS x >', 'XINFO GROUPS x',
];

test('Sandbox.dump and load carry a keyspace to another sandbox exactly (in wasm)', () => {
  const first = new engine.Sandbox({ time: 1700000000000 });
  for (const line of SEED_LINES) assert.doesNotMatch(first.exec(line), /^\(error\)/, line);
  first.advanceTime(1234);
  const text = JSON.stringify(first.dump());
  for (const input of [JSON.parse(text), text]) {
    const second = new engine.Sandbox({ time: 0 });
    second.load(input);
    assert.equal(JSON.stringify(second.dump()), text);
  }
  const second = new engine.Sandbox({ time: 0 });
  second.load(JSON.parse(text));
  for (const line of READ_LINES) assert.equal(second.exec(line), first.exec(line), line);
  assert.equal(JSON.stringify(second.dump()), JSON.stringify(first.dump()));
});

test('Sandbox.dump writes bytes, scores and large integers in their documented forms', () => {
  const sandbox = new engine.Sandbox({ time: 1700000000000 });
  for (const line of SEED_LINES) sandbox.exec(line);
  const dump = sandbox.dump();
  assert.equal(dump.version, 1);
  assert.equal(dump.time, 1700000000000);
  assert.deepEqual(dump.databases.map((d) => d.db), [0, 5]);
  const keys = new Map(dump.databases[0].keys.map((k) => [JSON.stringify(k.key), k]));
  assert.deepEqual(keys.get('{"base64":"/wA="}').string, { base64: '/g==' });
  assert.equal(keys.get('"greeting"').expiresAt, 1700000060000);
  assert.equal(keys.get('"z"').expiresAt, '9007199254740993');
  assert.deepEqual(keys.get('"z"').zset.map(([, score]) => score), ['-inf', 0, 1e-320, 1.5, 'inf']);
  assert.deepEqual(keys.get('"long"').zset[0], ['nz', '-0']);
  assert.equal(keys.get('"mixed"').encoding, 'hashtable');
  const stream = keys.get('"x"').stream;
  assert.deepEqual([stream.lastId, stream.maxDeletedId, stream.entriesAdded], ['3-0', '2-0', 3]);
  assert.deepEqual(stream.groups.map((g) => g.name), ['g', 'h']);
  // XDEL left a deleted entry in the node, which the dump keeps.
  assert.deepEqual(stream.nodes.map((n) => n.written), [[['1-1', false], ['2-0', true], ['3-0', false]]]);
  assert.equal(keys.get('"greeting"').stream, undefined);
  assert.deepEqual(stream.groups[0].pending.map((p) => [p.id, p.consumer]), [['1-1', 'carol'], ['3-0', 'bob']]);
  assert.equal(keys.get('"y"').stream.groups[0].entriesRead, null);
});

test('Sandbox.load takes hand-written seeds and Uint8Array bytes', () => {
  const sandbox = new engine.Sandbox({ time: 1700000000000 });
  sandbox.load({ databases: [{ db: 0, keys: [
    { key: new Uint8Array([0xff, 0x01]), string: 'bytes' },
    { key: 'ids', set: ['3', '1', '2'] },
    { key: 'board', zset: [['bob', 2], ['amy', 'inf']] },
    { key: 'session', string: 'x', expiresAt: 1700000005000 },
  ] }] });
  assert.equal(sandbox.command('GET', new Uint8Array([0xff, 0x01])), 'bytes');
  assert.deepEqual(sandbox.command('SMEMBERS', 'ids'), ['1', '2', '3']);
  assert.deepEqual(sandbox.command('ZRANGE', 'board', 0, -1, 'WITHSCORES'), ['bob', '2', 'amy', 'inf']);
  assert.equal(sandbox.command('PTTL', 'session'), 5000);
  assert.equal(sandbox.command('OBJECT', 'ENCODING', 'ids'), 'intset');
});

test('Sandbox.load refuses bad dumps with an Error and keeps the keyspace', () => {
  const sandbox = new engine.Sandbox();
  sandbox.command('SET', 'kept', 'yes');
  let deep = [];
  for (let i = 0; i < 100000; i++) deep = [deep];
  const circular = [];
  circular.push(circular);
  const bad = [
    [{ databases: deep }, /^invalid keyspace dump: nested deeper than any dump/],
    [{ databases: [{ db: 0, keys: [{ key: 's', stream: { lastId: circular } }] }] },
      /^invalid keyspace dump: nested deeper than any dump \(or circular\)$/],
    [{ databases: [{ db: 0, keys: [{ key: 's', stream: { lastId: [[[1]]] } }] }] },
      /^invalid keyspace dump: invalid type/],
    [{ databases: [{ db: 0, keys: [{ key: { base64: deep }, string: 'x' }] }] }, /^invalid keyspace dump: /],
    [{ databases: [{ db: 0, keys: [{ key: 'a', list: [] }] }] },
      /^invalid keyspace dump: database 0, key "a": an empty list/],
    [{ databases: [{ db: 0, keys: [{ key: 'a', string: 'x', list: ['y'] }] }] },
      /exactly one of string, list, hash, set, zset, stream/],
    [{ databases: [{ db: 16 }] }, /database 16 does not exist/],
    [{ databases: [{ db: 0, keys: [{ key: 'z', zset: [['m', NaN]]}] }] }, /a score cannot be NaN/],
    [{ databases: [{ db: 0, keys: [{ key: 'a', string: 'x', ttl: 5 }] }] }, /unknown field `ttl`/],
    [{ databases: 5 }, /^invalid keyspace dump: /],
    [null, /^invalid keyspace dump: expected an object or JSON text$/],
    [undefined, /^invalid keyspace dump: expected an object or JSON text$/],
    [42, /^invalid keyspace dump: expected an object or JSON text$/],
    [{ databases: [{ db: 0, keys: [{ key: 's', hash: [['f']] }] }] },
      /^invalid keyspace dump: invalid length 1, expected a tuple of size 2$/],
    ['{"databases": [', /^invalid keyspace dump: the text is not JSON$/],
    [{ version: 2 }, /version 2/],
  ];
  bad.forEach(([dump, message], i) => {
    assert.throws(() => sandbox.load(dump), (e) => e instanceof Error && message.test(e.message),
      `bad dump ${i}`);
  });
  assert.equal(sandbox.command('GET', 'kept'), 'yes');
  assert.equal(sandbox.exec('DBSIZE'), '(integer) 1\n');
});

test('new Sandbox refuses nested or circular options without breaking the module', () => {
  let deep = [];
  for (let i = 0; i < 100000; i++) deep = [deep];
  assert.throws(() => new engine.Sandbox({ time: deep }), /options nested deeper than any options/);
  const circular = {};
  circular.self = circular;
  assert.throws(() => new engine.Sandbox(circular), /options nested deeper than any options/);
  assert.throws(() => new engine.Sandbox({ time: 'soon' }), /invalid type/);
  assert.equal(new engine.Sandbox({ time: 5000 }).exec('TIME'), '1) "5"\n2) "0"\n');
});
