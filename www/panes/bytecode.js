// The bytecode pane: one function's instructions as luac5.1 lists them, one row per
// instruction (`data-pc` is luac's 1-based pc), the next one to run marked `aria-current`.
import { element } from './dom.js';

function header(fn) {
  const where = fn.lineDefined === 0 ? 'main' : 'function';
  const count = fn.instructions.length;
  return `${where} <user_script:${fn.lineDefined},${fn.lastLineDefined}> (${count} instruction${count === 1 ? '' : 's'})`;
}

function row(instruction, current) {
  const attributes = { 'data-pc': String(instruction.pc) };
  if (current) attributes['aria-current'] = 'true';
  const comment = instruction.comment === '' ? '' : `; ${instruction.comment}`;
  return element('tr', { attributes }, [
    element('td', { text: String(instruction.pc), className: 'pc' }),
    element('td', { text: `[${instruction.line}]`, className: 'line' }),
    element('td', { text: instruction.name, className: 'op' }),
    element('td', { text: instruction.operands }),
    element('td', { text: comment, className: 'comment' }),
  ]);
}

// `fn` is a function of Sandbox.compile's list (or null for none), `pc` the 0-based pc of the
// next instruction (or null).
export function renderBytecode(table, fn, pc) {
  table.querySelector('caption')?.remove();
  const body = table.tBodies[0];
  if (!fn) {
    body.replaceChildren();
    return;
  }
  table.prepend(element('caption', { text: header(fn) }));
  const rows = fn.instructions.map((instruction) => row(instruction, pc !== null && instruction.pc === pc + 1));
  body.replaceChildren(...rows);
  body.querySelector('[aria-current="true"]')?.scrollIntoView({ block: 'nearest' });
}
