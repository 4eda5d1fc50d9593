// The Node package (wasm-pack's nodejs target in pkg/node) loads and answers through wasm.
import test from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
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
