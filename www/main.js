// Playground entry point: loads the wasm engine, makes the page's one Sandbox and wires the
// controls to the session (run and debug state) and the panes that show its results.
import init, { version, Sandbox } from '../pkg/web/ferrous_lua.js';
import { mountEditor } from './editor.js';
import { EXAMPLES } from './examples.js';
import { readShared, shareHash } from './share.js';
import { Session } from './session.js';
import { splitWords } from './words.js';
import { element } from './panes/dom.js';
import { renderBytecode } from './panes/bytecode.js';
import { renderCallstack, renderRegisters } from './panes/machine.js';
import { renderCommands, renderKeyspace, renderOutput } from './panes/redis.js';
import { mountConsole } from './panes/console.js';
import { showStatus, snapshotStatus } from './panes/status.js';

const pane = (id) => document.querySelector(`[data-testid="${id}"]`);
const MOVES = {
  'step-instruction': 'step',
  'step-line': 'stepLine',
  'step-over': 'stepOver',
  'step-out': 'stepOut',
  'step-back': 'back',
  continue: 'continue',
};

// The run and debug state over the page's Sandbox, once the engine has loaded.
let session = null;

const start = readShared(location.hash) ?? EXAMPLES[0];
const editor = mountEditor(pane('editor'), start.script, {
  onEdit: () => {
    if (session?.debugging) guarded(endSession);
  },
  onBreakpoints: (lines) => {
    if (session) guarded(() => session.setBreakpoints(lines));
  },
});
pane('keys').value = start.keys;
pane('args').value = start.args;

// The function the bytecode pane shows, kept when a run ends and no frame is left.
let shownFunction = null;

function input() {
  return { script: editor.text(), keys: splitWords(pane('keys').value), args: splitWords(pane('args').value) };
}

// Runs `action`; an engine failure (a thrown Error) shows in the status and reply panes.
function guarded(action) {
  try {
    action();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    showStatus(pane('status'), 'error', `engine error: ${message}`);
    pane('reply').textContent = message;
  }
  updateControls();
}

function updateControls() {
  const ready = session !== null;
  const snapshot = session?.snapshot;
  const paused = snapshot?.status === 'paused';
  const enabled = {
    run: ready, debug: ready, keys: ready, args: ready, examples: ready, share: ready, 'console-input': ready,
    'step-instruction': paused, 'step-line': paused, 'step-over': paused, 'step-out': paused, continue: paused,
    'step-back': Boolean(snapshot && snapshot.step > 0), reset: Boolean(session?.debugging),
  };
  for (const [id, on] of Object.entries(enabled)) pane(id).disabled = !on;
  for (const control of document.querySelector('.goto').elements) control.disabled = !session?.debugging;
}

// The sandbox's keyspace as last dumped: debugging works on a copy, so only runs and the
// console change it (and drop this).
let keyspaceDump = null;

function showKeyspace(changes) {
  keyspaceDump ??= session.sandbox.dump();
  renderKeyspace(pane('keyspace'), keyspaceDump, changes);
}

// The snapshot shown before the current one in this session, whose registers the current
// ones are compared with.
let previousSnapshot = null;

// The same call as frame `index` of `snapshot` in the snapshot before, if it is still there.
function sameFrameBefore(snapshot, index) {
  const before = previousSnapshot?.frames;
  if (!before || before.length !== snapshot.frames.length) return null;
  const frame = before[index];
  return frame && frame.lineDefined === snapshot.frames[index].lineDefined ? frame : null;
}

// Shows frame `index` of the snapshot (0 the innermost): its code with its pc marked, its
// registers (those changed since the snapshot before marked), and the call stack with it
// selected; the editor marks its line.
function showFrame(snapshot, index) {
  const frame = snapshot.frames[index] ?? null;
  if (frame) shownFunction = session.functionOf(frame);
  renderBytecode(pane('bytecode'), shownFunction, frame ? frame.pc : null);
  renderRegisters(pane('registers'), frame, frame ? sameFrameBefore(snapshot, index) : null);
  renderCallstack(pane('callstack'), snapshot.frames, index, (chosen) => guarded(() => showFrame(snapshot, chosen)));
  editor.markLine(frame ? frame.line : snapshot.line);
}

function showSnapshot(snapshot, previous) {
  previousSnapshot = previous;
  snapshotStatus(pane('status'), snapshot);
  document.querySelector('.goto').elements.step.value = String(snapshot.step);
  showFrame(snapshot, 0);
  // Nothing until the script ends; then its reply or error as redis-cli prints it.
  pane('reply').textContent = snapshot.replyText ?? '';
  renderOutput(pane('output'), snapshot.output);
  renderCommands(pane('commands'), snapshot.commands);
  showKeyspace(snapshot.changesFromStart);
}

function run() {
  const { script, keys, args } = input();
  editor.markLine(null);
  const result = session.run(script, keys, args);
  keyspaceDump = null;
  shownFunction = session.functions[0] ?? null;
  renderBytecode(pane('bytecode'), shownFunction, null);
  renderRegisters(pane('registers'), null);
  renderCallstack(pane('callstack'), [], 0, () => {});
  pane('reply').textContent = result.replyText;
  renderOutput(pane('output'), result.output);
  renderCommands(pane('commands'), result.commands);
  showKeyspace(null);
  const failed = result.replyText.startsWith('(error)');
  showStatus(pane('status'), failed ? 'error' : 'finished', failed ? 'the script failed' : 'the script ran');
}

function debug() {
  const { script, keys, args } = input();
  shownFunction = null;
  showSnapshot(session.debug(script, keys, args), null);
}

function reset() {
  session.reset();
  editor.markLine(null);
  renderBytecode(pane('bytecode'), null, null);
  renderRegisters(pane('registers'), null);
  renderCallstack(pane('callstack'), [], 0, () => {});
  for (const id of ['reply', 'output']) pane(id).textContent = '';
  renderCommands(pane('commands'), []);
  showKeyspace(null);
  showStatus(pane('status'), 'ready', 'ready');
}

// The text a session debugs changed: its lines and pcs no longer match the editor's.
function endSession() {
  reset();
  showStatus(pane('status'), 'ready', 'the script changed: the debugging session ended');
}

function loadExample(index) {
  const example = EXAMPLES[index];
  if (!example) return;
  session.reset();
  editor.setText(example.script);
  pane('keys').value = example.keys;
  pane('args').value = example.args;
  reset();
}

function share() {
  history.replaceState(null, '', shareHash({ script: editor.text(), keys: pane('keys').value, args: pane('args').value }));
  showStatus(pane('status'), 'ready', 'the address bar links to this script');
}

// Debugger keys as the common IDEs have them; each acts as its button, when that is enabled.
const SHORTCUTS = { F5: 'continue', F10: 'step-over', F11: 'step-line', 'Shift+F11': 'step-out' };

function onShortcut(event) {
  const id = SHORTCUTS[`${event.shiftKey ? 'Shift+' : ''}${event.key}`];
  if (!id) return;
  event.preventDefault();
  if (!pane(id).disabled) pane(id).click();
}

// The sandbox's virtual clock (behind EXPIRE, TTL and TIME) moves only when told to.
function advanceClock(form) {
  const seconds = Number(form.elements.seconds.value);
  if (!(seconds > 0)) return;
  session.sandbox.advanceTime(seconds * 1000);
  keyspaceDump = null;
  showKeyspace(session.debugging ? session.snapshot?.changesFromStart ?? null : null);
  showStatus(pane('status'), pane('status').dataset.state, `the clock moved ${seconds} s on`);
}

function wire() {
  const clock = document.querySelector('.clock');
  clock.addEventListener('submit', (event) => {
    event.preventDefault();
    guarded(() => advanceClock(clock));
  });
  for (const control of clock.elements) control.disabled = false;
  document.addEventListener('keydown', onShortcut);
  pane('run').addEventListener('click', () => guarded(run));
  pane('debug').addEventListener('click', () => guarded(debug));
  for (const [id, kind] of Object.entries(MOVES)) {
    pane(id).addEventListener('click', () => guarded(() => {
      const previous = session.snapshot;
      showSnapshot(session.move(kind), previous);
    }));
  }
  pane('reset').addEventListener('click', () => guarded(reset));
  const goto = document.querySelector('.goto');
  goto.addEventListener('submit', (event) => {
    event.preventDefault();
    const step = Number(goto.elements.step.value);
    if (!Number.isInteger(step) || step < 0) return;
    guarded(() => {
      const previous = session.snapshot;
      showSnapshot(session.goto(step), previous);
    });
  });
  for (const id of ['keys', 'args']) {
    pane(id).addEventListener('keydown', (event) => {
      if (event.key === 'Enter') guarded(run);
    });
  }
  pane('share').addEventListener('click', () => guarded(share));
  const examples = pane('examples');
  examples.replaceChildren(
    element('option', { text: 'Load an example…', attributes: { value: '' } }),
    ...EXAMPLES.map((example, index) => element('option', { text: example.name, attributes: { value: String(index) } })),
  );
  examples.addEventListener('change', () => {
    if (examples.value !== '') guarded(() => loadExample(Number(examples.value)));
  });
  mountConsole(pane('console-input'), pane('console-output'), (line) => {
    let text = '';
    guarded(() => {
      text = session.sandbox.exec(line);
      keyspaceDump = null;
      showKeyspace(session.debugging ? session.snapshot?.changesFromStart ?? null : null);
    });
    return text;
  });
}

try {
  await init();
  session = new Session(new Sandbox());
  session.setBreakpoints(editor.breakpoints());
  wire();
  showKeyspace(null);
  showStatus(pane('status'), 'ready', `ferrous-lua ${version()}`);
  updateControls();
} catch (error) {
  // The page stays up with the reason in the status line; the console keeps the details.
  showStatus(pane('status'), 'error', `failed to load the engine: ${error}`);
  console.error(error);
}
