// The built playground (dist/) served over HTTP loads its wasm engine in headless Chromium,
// shows the version, lays out every pane of the DESIGN.md contract and logs no console errors.
// PLAYGROUND_URL=http://127.0.0.1:8080/ runs it against a server started by scripts/start.sh.
import test from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer } from '../../scripts/serve.mjs';
import { CRATE_VERSION } from '../crate_version.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SCREENSHOTS = join(ROOT, 'tests/browser/screenshots');
// Without the background-networking flags Chromium keeps dialling hosts this machine cannot reach.
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const TEST_IDS = ['editor', 'keys', 'args', 'run', 'debug', 'step-instruction', 'step-line',
  'step-over', 'step-out', 'step-back', 'continue', 'reset', 'status', 'bytecode', 'registers',
  'callstack', 'keyspace', 'commands', 'reply', 'output', 'console-input', 'console-output',
  'examples', 'share'];

test('the playground loads the engine and shows its version', { timeout: 60_000 }, async (t) => {
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
