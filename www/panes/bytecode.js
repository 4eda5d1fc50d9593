// The bytecode pane: one function's instructions as luac5.1 lists them, one row per
// instruction (`data-pc` is luac's 1-based pc), the next one to run marked `aria-current`,
// then its constants, locals and upvalues (in the element after the table).
import { element } from './dom.js';

function header(fn) {
  const where = fn.lineDefined === 0 ? 'main' : 'function';
  const count = fn.instructions.length;
  return `${where} <user_script:${fn.lineDefined},${fn.lastLineDefined}> (${count} instruction${count === 1 ? '' : 's'})`;
}

function row(instruction) {
  const attributes = { 'data-pc': String(instruction.pc) };
  const comment = instruction.comment === '' ? '' : `; ${instruction.comment}`;
  return element('tr', { attributes }, [
    element('td', { text: String(instruction.pc), className: 'pc' }),
    element('td', { text: `[${instruction.line}]`, className: 'line' }),
    element('td', { text: instruction.name, className: 'op' }),
    element('td', { text: instruction.operands }),
    element('td', { text: comment, className: 'comment' }),
  ]);
}

// luac -l -l's tables after the code: constants (indexed from 1, as `-1` in an operand is
// constant 1), locals with the pcs they live in, upvalues (both indexed from 0).
function functionData(fn) {
  const section = (title, rows) => element('section', {}, [
    element('h3', { text: `${title} (${rows.length})` }),
    element('table', { className: 'listing' }, [element('tbody', {}, rows.map((cells) => element('tr', {},
      cells.map((text) => element('td', { text: String(text) })))))]),
  ]);
  return [
    section('constants', fn.constants.map((constant, i) => [i + 1, constant])),
    section('locals', fn.locals.map((local, i) => [i, local.name, local.startPc, local.endPc])),
    section('upvalues', fn.upvalues.map((name, i) => [i, name])),
  ];
}

// The function each table lists, so that a step within it only moves the marker.
const listed = new WeakMap();

function moveMarker(body, pc) {
  body.querySelector('[aria-current="true"]')?.removeAttribute('aria-current');
  const current = pc === null ? null : body.querySelector(`[data-pc="${pc + 1}"]`);
  current?.setAttribute('aria-current', 'true');
  current?.scrollIntoView({ block: 'nearest' });
}

// `fn` is a function of Sandbox.compile's list (or null for none), `pc` the 0-based pc of the
// next instruction (or null).
export function renderBytecode(table, fn, pc) {
  const body = table.tBodies[0];
  if (listed.get(table) !== fn) {
    listed.set(table, fn);
    table.querySelector('caption')?.remove();
    if (fn) table.prepend(element('caption', { text: header(fn) }));
    body.replaceChildren(...(fn?.instructions.map(row) ?? []));
    table.nextElementSibling?.replaceChildren(...(fn ? functionData(fn) : []));
  }
  moveMarker(body, pc);
}
