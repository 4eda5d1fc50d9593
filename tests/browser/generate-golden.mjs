// Regenerates tests/browser/golden/ from the real redis-server 7.0.15 and redis-cli, with what
// `redis-cli --no-raw` printed: replies.json for the scenario's console line and scripted runs
// (playground.test.mjs) with luac5.1's function headers for the example stepped into and the
// typed script's table headings, modules.json for module-cases.mjs (modules.test.mjs).
// Usage: node tests/browser/generate-golden.mjs
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { CONSOLE_LINE, FUNCTIONS, RUNS, SYNTAX_ERROR, TYPED, words } from './scenario.mjs';
import { QUOTING_ARGS, QUOTING_SCRIPT, REPLY_SCRIPTS } from './module-cases.mjs';

const PORT = '6397';
const server = spawn('redis-server', ['--port', PORT, '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });

function cli(args) {
  const result = spawnSync('redis-cli', ['-p', PORT, '--no-raw', ...args], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`redis-cli ${args[0]} failed: ${result.stderr}`);
  return result.stdout;
}

function evalText({ script, keys, args }) {
  const keyWords = words(keys);
  return cli(['EVAL', script, String(keyWords.length), ...keyWords, ...words(args)]);
}

// What `luac5.1 -l -l` lists for `script` saved as `user_script` (Redis's chunk name).
function luacListing(script) {
  const folder = mkdtempSync(join(tmpdir(), 'luac-'));
  try {
    writeFileSync(join(folder, 'user_script'), script);
    const result = spawnSync('luac5.1', ['-l', '-l', '-p', 'user_script'], { cwd: folder, encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`luac5.1 failed: ${result.stderr}`);
    return result.stdout.split('\n');
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

// Its function headers, without the size and address the bytecode pane leaves out.
function luacHeaders(script) {
  return luacListing(script).filter((line) => /^(main|function) </.test(line))
    .map((line) => line.replace(/, \d+ bytes at 0x[0-9a-f]+\)$/, ')'));
}

// Its constants, locals and upvalues headings, without the address.
function luacTableHeadings(script) {
  return luacListing(script).filter((line) => /^(constants|locals|upvalues) \(\d+\) for /.test(line))
    .map((line) => line.replace(/ for 0x[0-9a-f]+:$/, ''));
}

try {
  for (let i = 0; i < 50 && spawnSync('redis-cli', ['-p', PORT, 'PING']).status !== 0; i += 1) await sleep(100);
  cli(['FLUSHALL']);
  // The scenario's order: the typed script first (debugged, which changes nothing, then run),
  // then the console line, then the examples.
  const golden = { [TYPED.name]: evalText(TYPED), console: cli(CONSOLE_LINE) };
  for (const run of RUNS.slice(1)) golden[run.name] = evalText(run);
  golden[SYNTAX_ERROR.name] = evalText(SYNTAX_ERROR);
  golden.functionHeaders = luacHeaders(FUNCTIONS.script);
  golden.typedTableHeadings = luacTableHeadings(TYPED.script);
  writeFileSync(new URL('./golden/replies.json', import.meta.url), `${JSON.stringify(golden, null, 2)}\n`);
  const modules = {
    quoting: cli(['EVAL', QUOTING_SCRIPT, '0', ...QUOTING_ARGS]),
    replies: REPLY_SCRIPTS.map((script) => cli(['EVAL', script, '0'])),
  };
  writeFileSync(new URL('./golden/modules.json', import.meta.url), `${JSON.stringify(modules, null, 2)}\n`);
} finally {
  server.kill();
}
