// The machine state panes: the registers (and upvalues) of a frame, one row each with
// `data-register` (or `data-upvalue`), and the call stack, innermost first.
import { element } from './dom.js';

function registerRow(register, before) {
  const attributes = { 'data-register': String(register.index) };
  if (before && before.value !== register.value) attributes['data-changed'] = 'true';
  return element('tr', { attributes }, [
    element('td', { text: `R${register.index}`, className: 'pc' }),
    element('td', { text: register.name ?? '', className: 'name' }),
    element('td', { text: register.value, className: 'value' }),
  ]);
}

function upvalueRow(upvalue) {
  return element('tr', { attributes: { 'data-upvalue': String(upvalue.index) } }, [
    element('td', { text: `U${upvalue.index}`, className: 'pc' }),
    element('td', { text: upvalue.name ?? '', className: 'name' }),
    element('td', { text: upvalue.value, className: 'value' }),
  ]);
}

// `before` is the same call one move earlier (or null): registers whose value changed since
// are marked `data-changed`.
export function renderRegisters(table, frame, before) {
  const rows = frame
    ? [...frame.registers.map((register, i) => registerRow(register, before?.registers[i])), ...frame.upvalues.map(upvalueRow)]
    : [];
  table.tBodies[0].replaceChildren(...rows);
}

function frameText(frame) {
  const tail = frame.tailCalls > 0 ? ` (after ${frame.tailCalls} tail call${frame.tailCalls === 1 ? '' : 's'})` : '';
  return `${frame.function} at line ${frame.line}, pc ${frame.pc + 1}${tail}`;
}

// One item per frame with `data-frame` (0 the innermost); the `selected` one, whose registers
// and code the other panes show, is marked `aria-selected`, and a click on another calls
// `onSelect` with its index.
export function renderCallstack(list, frames, selected, onSelect) {
  list.replaceChildren(...frames.map((frame, index) => {
    const item = element('li', {
      text: frameText(frame),
      attributes: { 'data-frame': String(index), 'aria-selected': String(index === selected), role: 'button', tabindex: '0' },
    });
    item.addEventListener('click', () => onSelect(index));
    item.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' || event.key === ' ') onSelect(index);
    });
    return item;
  }));
}
