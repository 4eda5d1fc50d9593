// Playground entry point: loads the wasm engine, mounts the editor and reports readiness in the
// status pane. The panes are filled in as the engine's layers arrive.
import init, { version } from '../pkg/web/ferrous_lua.js';
import { EditorView, basicSetup } from 'codemirror';
import { StreamLanguage } from '@codemirror/language';
import { lua } from '@codemirror/legacy-modes/mode/lua';

const SAMPLE = `-- Increment a counter and return its new value
local n = redis.call('INCR', KEYS[1])
return n
`;

const status = document.querySelector('[data-testid="status"]');

new EditorView({
  doc: SAMPLE,
  extensions: [basicSetup, StreamLanguage.define(lua)],
  parent: document.querySelector('[data-testid="editor"]'),
});

try {
  await init();
  status.textContent = `ferrous-lua ${version()}`;
  status.dataset.state = 'ready';
} catch (error) {
  status.textContent = `failed to load the engine: ${error}`;
  status.dataset.state = 'error';
  throw error;
}
