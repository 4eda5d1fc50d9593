// The built playground (dist/) served over HTTP loads its wasm engine in headless Chromium,
// shows the version, lays out every pane of the DESIGN.md contract and logs no console errors;
// then it runs, debugs and steps scripts, with replies compared to what redis-cli printed for
// the same scenario (golden/replies.json, from generate-golden.mjs).
// PLAYGROUND_URL=http://127.0.0.1:8080/ runs it against a server started by scripts/start.sh.
import test from 'node:test';
import assert from 'node:assert/strict';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer } from '../../scripts/serve.mjs';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { CRATE_VERSION } from '../crate_version.mjs';
import { CONSOLE_LINE, EXAMPLES_RUN, FUNCTIONS, SYNTAX_ERROR, TYPED } from './scenario.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SCREENSHOTS = join(ROOT, 'tests/browser/screenshots');
// Without the background-networking flags Chromium keeps dialling hosts this machine cannot reach.
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const TEST_IDS = ['editor', 'keys', 'args', 'run', 'debug', 'step-instruction', 'step-line',
  'step-over', 'step-out', 'step-back', 'continue', 'reset', 'status', 'bytecode', 'registers',
  'callstack', 'keyspace', 'commands', 'reply', 'output', 'console-input', 'console-output',
  'examples', 'share'];

// Opens the playground in a fresh headless Chromium; `problems` collects console errors and
// warnings and uncaught exceptions. Cleanup (browser, server, profile) is registered on `t`.
async function openPlayground(t) {
  let server;
  let context;
  const profile = mkdtempSync(join(tmpdir(), 'chromium-profile-'));
  // One cleanup, registered before anything can hang: browser, then server, then profile.
  t.after(async () => {
    await context?.close();
    server?.close();
    rmSync(profile, { recursive: true, force: true });
  });

  let url = process.env.PLAYGROUND_URL;
  if (!url) ({ server, url } = await startServer({ root: join(ROOT, 'dist') }));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS, timeout: 30_000,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const problems = [];
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(String(error)));
  return { page, problems, url };
}

test('the playground loads the engine and shows its version', { timeout: 60_000 }, async (t) => {
  const { page, problems, url } = await openPlayground(t);
  const wasmTypes = [];
  page.on('response', (response) => {
    if (response.url().endsWith('.wasm')) wasmTypes.push(response.headers()['content-type']);
  });

  await page.goto(url);
  const status = page.getByTestId('status');
  await page.waitForFunction(() => document.querySelector('[data-testid="status"]').dataset.state);
  assert.equal(await status.getAttribute('data-state'), 'ready');
  assert.equal(await status.textContent(), `ferrous-lua ${CRATE_VERSION}`);
  assert.deepEqual(wasmTypes, ['application/wasm']);

  for (const id of TEST_IDS) {
    assert.equal(await page.getByTestId(id).count(), 1, `exactly one element with data-testid="${id}"`);
  }
  assert.equal(await page.locator('[data-testid="editor"] .cm-editor').count(), 1, 'CodeMirror mounted');

  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.setViewportSize({ width: 1400, height: 900 });
  await page.screenshot({ path: join(SCREENSHOTS, 'playground.png'), fullPage: true });
  assert.deepEqual(problems, []);
});

const GOLDEN = JSON.parse(readFileSync(join(ROOT, 'tests/browser/golden/replies.json'), 'utf8'));

// Waits until the status pane's data attributes hold `expected` (e.g. {state: 'paused', step: '2'}).
async function statusReaches(page, expected) {
  await page.waitForFunction((want) => {
    const status = document.querySelector('[data-testid="status"]');
    return Object.entries(want).every(([name, value]) => status.dataset[name] === value);
  }, expected);
}

async function textWhen(page, testId, expected) {
  await page.waitForFunction(([id, text]) => document.querySelector(`[data-testid="${id}"]`).textContent === text,
    [testId, expected]);
  return page.getByTestId(testId).textContent();
}

const currentPc = (page) => page.locator('[data-testid="bytecode"] [aria-current="true"]').getAttribute('data-pc');
const register = (page, index) => page.locator(`[data-testid="registers"] [data-register="${index}"]`);

test('the playground runs, debugs and steps scripts', { timeout: 60_000 }, async (t) => {
  const { page, problems, url } = await openPlayground(t);
  await page.setViewportSize({ width: 1400, height: 900 });
  await page.goto(url);
  await statusReaches(page, { state: 'ready' });

  await page.locator('[data-testid="editor"] .cm-content').fill(TYPED.script);
  await page.getByTestId('keys').fill(TYPED.keys);
  await page.getByTestId('args').fill(TYPED.args);
  assert.ok(await page.getByTestId('step-instruction').isDisabled(), 'no stepping before a session');

  // Debugging: paused before the first instruction, on line 1.
  await page.getByTestId('debug').click();
  await statusReaches(page, { state: 'paused', step: '0', line: '1' });
  assert.equal(await currentPc(page), '1');
  assert.equal(await page.getByTestId('editor').getAttribute('data-line'), '1');
  assert.equal(await page.locator('.cm-debug-line').count(), 1);
  assert.ok(await page.getByTestId('step-back').isDisabled(), 'nothing to step back to at step 0');

  // Two instructions: the current row moves on and `a` is named in R0.
  await page.getByTestId('step-instruction').click();
  await page.getByTestId('step-instruction').click();
  await statusReaches(page, { state: 'paused', step: '2' });
  assert.equal(await currentPc(page), '3');
  assert.equal(await register(page, 0).locator('.name').textContent(), 'a');
  assert.equal(await register(page, 0).locator('.value').textContent(), '1');
  // The second instruction (GETGLOBAL into R1) changed R1 only.
  assert.equal(await register(page, 1).getAttribute('data-changed'), 'true');
  assert.equal(await register(page, 0).getAttribute('data-changed'), null);

  // A line: on to line 3, where `b` holds 1 + ARGV[1].
  await page.getByTestId('step-line').click();
  await statusReaches(page, { state: 'paused', line: '3' });
  assert.equal(await page.getByTestId('editor').getAttribute('data-line'), '3');
  assert.equal(await register(page, 1).locator('.name').textContent(), 'b');
  assert.equal(await register(page, 1).locator('.value').textContent(), '6');
  assert.deepEqual(await page.locator('.function-data h3').allTextContents(), GOLDEN.typedTableHeadings);
  const lineStep = Number(await page.getByTestId('status').getAttribute('data-step'));
  const linePc = Number(await currentPc(page));
  assert.ok(linePc > 3, `the current instruction moved on (pc ${linePc})`);
  assert.ok((await page.getByTestId('callstack').textContent()).includes('main chunk'));

  // Back one instruction.
  await page.getByTestId('step-back').click();
  await statusReaches(page, { state: 'paused', step: String(lineStep - 1) });
  assert.equal(await currentPc(page), String(linePc - 1));

  // Straight to step 2, and back to where the line step stopped.
  await page.locator('.goto input').fill('2');
  await page.locator('.goto button').click();
  await statusReaches(page, { state: 'paused', step: '2' });
  assert.equal(await currentPc(page), '3');
  await page.locator('.goto input').fill(String(lineStep));
  await page.locator('.goto button').click();
  await statusReaches(page, { state: 'paused', step: String(lineStep), line: '3' });
  assert.equal(await currentPc(page), String(linePc));

  // A breakpoint on line 4 (a click on its number): `continue` stops there.
  const lineNumber = (n) => page.locator('.cm-lineNumbers .cm-gutterElement', { hasText: new RegExp(`^${n}$`) });
  await lineNumber(4).click();
  assert.equal(await page.getByTestId('editor').getAttribute('data-breakpoints'), '4');
  await page.getByTestId('continue').click();
  await statusReaches(page, { state: 'paused', line: '4' });
  assert.equal(await page.getByTestId('reply').textContent(), '');
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, 'playground-debug.png'), fullPage: true });
  await lineNumber(4).click();
  assert.equal(await page.getByTestId('editor').getAttribute('data-breakpoints'), '');

  // To the end: the reply as redis-cli printed it, the log line, the command, the change.
  await page.getByTestId('continue').click();
  await statusReaches(page, { state: 'finished' });
  assert.equal(await page.getByTestId('reply').textContent(), GOLDEN[TYPED.name]);
  assert.equal(await page.getByTestId('output').textContent(), '[LOG_WARNING] b is 6\n');
  assert.equal(await page.locator('[data-testid="commands"] li code').textContent(), 'SET total 6');
  assert.equal(await page.locator('[data-testid="commands"] li pre').textContent(), GOLDEN.console, 'SET answers as redis-cli prints it');
  assert.equal(await page.locator('[data-testid="keyspace"] [data-change="added"]').count(), 1);
  assert.ok(await page.getByTestId('step-instruction').isDisabled(), 'no stepping past the end');
  assert.ok(await page.getByTestId('step-back').isEnabled(), 'stepping back from the end');

  // Running it for real changes the keyspace (the session worked on a copy).
  assert.equal(await page.locator('[data-testid="keyspace"] tr[data-key="total"]').count(), 0);
  await page.getByTestId('run').click();
  await page.locator('[data-testid="keyspace"] tr[data-key="total"]').waitFor();
  assert.equal(await page.getByTestId('reply').textContent(), GOLDEN[TYPED.name]);
  assert.ok(await page.getByTestId('reset').isDisabled(), 'no session to reset after a run');

  // The console runs a redis-cli line and the keyspace pane shows its key.
  await page.getByTestId('console-input').fill(CONSOLE_LINE.join(' '));
  await page.getByTestId('console-input').press('Enter');
  await page.locator('[data-testid="keyspace"] tr[data-key="greeting"]').waitFor();
  assert.equal(await page.getByTestId('console-output').textContent(), `> ${CONSOLE_LINE.join(' ')}\n${GOLDEN.console}`);
  await page.getByTestId('console-input').press('ArrowUp');
  assert.equal(await page.getByTestId('console-input').inputValue(), CONSOLE_LINE.join(' '), 'history');
  await page.getByTestId('console-input').press('ArrowDown');
  assert.equal(await page.getByTestId('console-input').inputValue(), '');

  // Every example, run in turn.
  for (const example of EXAMPLES_RUN) {
    await page.getByTestId('examples').selectOption({ label: example.name });
    assert.equal(await page.getByTestId('keys').inputValue(), example.keys);
    await page.getByTestId('run').click();
    assert.equal(await textWhen(page, 'reply', GOLDEN[example.name]), GOLDEN[example.name], example.name);
  }
  await statusReaches(page, { state: 'error' });
  await page.screenshot({ path: join(SCREENSHOTS, 'playground-run.png'), fullPage: true });

  // The virtual clock: past the lock's 30 s its key is gone, the rate limiter's (60 s) stays.
  const lock = page.locator('[data-testid="keyspace"] tr[data-key="lock:report"]');
  const rate = page.locator('[data-testid="keyspace"] tr[data-key="rate:user:42"]');
  assert.equal(await lock.count(), 1);
  await page.locator('.clock input').fill('31');
  await page.locator('.clock button').click();
  await lock.waitFor({ state: 'detached' });
  assert.equal(await rate.count(), 1);

  // Into a function: the call stack grows, the code and registers are the callee's; a click
  // on the caller's frame shows the caller's, and stepping out (by its key) returns to it.
  await page.getByTestId('examples').selectOption({ label: FUNCTIONS.name });
  await page.getByTestId('debug').click();
  await statusReaches(page, { state: 'paused', step: '0' });
  const frames = page.locator('[data-testid="callstack"] li');
  for (let step = 0; step < 20 && (await frames.count()) < 2; step += 1) {
    const before = await page.getByTestId('status').getAttribute('data-step');
    await page.getByTestId('step-line').click();
    await page.waitForFunction((step) => document.querySelector('[data-testid="status"]').dataset.step !== step, before);
  }
  assert.equal(await frames.count(), 2);
  const caption = page.locator('[data-testid="bytecode"] caption');
  assert.equal(await caption.textContent(), GOLDEN.functionHeaders[1]);
  assert.equal(await register(page, 0).locator('.name').textContent(), 'name');
  assert.equal(await register(page, 0).locator('.value').textContent(), '"ada"');
  await page.locator('[data-testid="callstack"] [data-frame="1"]').click();
  await page.locator('[data-testid="callstack"] [data-frame="1"][aria-selected="true"]').waitFor();
  assert.equal(await caption.textContent(), GOLDEN.functionHeaders[0]);
  assert.equal(await register(page, 0).locator('.name').textContent(), 'award');
  await page.keyboard.press('Shift+F11'); // step out
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="callstack"] li').length === 1);
  await statusReaches(page, { state: 'paused', line: '7' });
  await page.getByTestId('reset').click();
  await statusReaches(page, { state: 'ready' });

  // A script that does not compile: the session ends at once with Redis's message.
  await page.locator('[data-testid="editor"] .cm-content').fill(SYNTAX_ERROR.script);
  await page.getByTestId('debug').click();
  await statusReaches(page, { state: 'error', step: '0' });
  assert.equal(await page.getByTestId('reply').textContent(), GOLDEN[SYNTAX_ERROR.name]);
  assert.equal(await page.locator('[data-testid="bytecode"] [data-pc]').count(), 0);
  await page.getByTestId('reset').click();
  await page.locator('[data-testid="editor"] .cm-content').fill(FUNCTIONS.script);

  // Share: the hash carries the script, and a page opened on it has it back.
  await page.getByTestId('share').click();
  const shared = new URL(page.url()).hash;
  assert.ok(shared.startsWith('#script='), shared);
  await page.goto(`${url}${shared}`);
  await page.reload();
  await statusReaches(page, { state: 'ready' });
  // The editor holds the function example still; on the fresh page's keyspace its reply is
  // the one recorded (its key is its own).
  assert.equal(await page.getByTestId('keys').inputValue(), FUNCTIONS.keys);
  assert.equal(await page.getByTestId('args').inputValue(), FUNCTIONS.args);
  await page.getByTestId('run').click();
  assert.equal(await textWhen(page, 'reply', GOLDEN[FUNCTIONS.name]), GOLDEN[FUNCTIONS.name]);

  // A big keyspace: the pane lists the first 500 keys and counts the rest.
  await page.locator('[data-testid="editor"] .cm-content').fill("for i = 1, 600 do redis.call('SET', 'k' .. i, i) end");
  await page.getByTestId('run').click();
  await page.getByText('… 101 more keys').waitFor();
  assert.equal(await page.locator('[data-testid="keyspace"] tr[data-key]').count(), 500);
  assert.deepEqual(problems, []);
});
