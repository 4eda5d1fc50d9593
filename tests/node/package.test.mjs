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
