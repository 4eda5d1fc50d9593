// The script editor: CodeMirror 6 with Lua highlighting, a marker on the line a debugging
// session stands at (a line decoration driven by one state effect), and breakpoints toggled
// by a click on a line's number or in the gutter beside it.
import { EditorView, basicSetup } from 'codemirror';
import { StreamLanguage } from '@codemirror/language';
import { lua } from '@codemirror/legacy-modes/mode/lua';
import { RangeSet, StateEffect, StateField } from '@codemirror/state';
import { Decoration, GutterMarker, gutter, lineNumbers } from '@codemirror/view';

const showLine = StateEffect.define();
const currentLineMark = Decoration.line({ class: 'cm-debug-line' });

// The marked line (1-based) or null; it follows the document when the text is edited.
const currentLine = StateField.define({
  create: () => Decoration.none,
  update(marks, transaction) {
    let next = marks.map(transaction.changes);
    for (const effect of transaction.effects) {
      if (!effect.is(showLine)) continue;
      const line = effect.value;
      const doc = transaction.state.doc;
      next = line && line >= 1 && line <= doc.lines
        ? Decoration.set([currentLineMark.range(doc.line(line).from)])
        : Decoration.none;
    }
    return next;
  },
  provide: (field) => EditorView.decorations.from(field),
});

// Breakpoints: markers at the start of their lines, moved along when the text is edited.
const toggleBreakpoint = StateEffect.define({ map: (position, changes) => changes.mapPos(position) });
const clearBreakpoints = StateEffect.define();

class BreakpointMarker extends GutterMarker {
  toDOM() {
    return document.createTextNode('●');
  }
}
const breakpointMarker = new BreakpointMarker();

const breakpoints = StateField.define({
  create: () => RangeSet.empty,
  update(marks, transaction) {
    let next = marks.map(transaction.changes);
    for (const effect of transaction.effects) {
      if (effect.is(clearBreakpoints)) next = RangeSet.empty;
      if (!effect.is(toggleBreakpoint)) continue;
      const start = effect.value;
      let present = false;
      next.between(start, start, () => {
        present = true;
      });
      next = present
        ? next.update({ filter: (from) => from !== start })
        : next.update({ add: [breakpointMarker.range(start)] });
    }
    return next;
  },
});

function breakpointLines(state) {
  const lines = new Set();
  for (let cursor = state.field(breakpoints).iter(); cursor.value; cursor.next()) {
    lines.add(state.doc.lineAt(cursor.from).number);
  }
  return [...lines].sort((a, b) => a - b);
}

// A click on a line's gutter toggles its breakpoint.
const toggleOnClick = {
  mousedown(view, line) {
    view.dispatch({ effects: toggleBreakpoint.of(line.from) });
    return true;
  },
};

const breakpointGutter = [
  breakpoints,
  gutter({
    class: 'cm-breakpoints',
    markers: (view) => view.state.field(breakpoints),
    initialSpacer: () => breakpointMarker,
    domEventHandlers: toggleOnClick,
  }),
  lineNumbers({ domEventHandlers: toggleOnClick }),
];

// `onEdit` hears of every change to the text; `onBreakpoints` gets the breakpoints' lines
// whenever they change. The parent's `data-breakpoints` lists them too.
export function mountEditor(parent, text, { onEdit = () => {}, onBreakpoints = () => {} } = {}) {
  const view = new EditorView({
    doc: text,
    extensions: [
      // The breakpoint gutter first, so that it stands left of the line numbers.
      breakpointGutter, basicSetup, StreamLanguage.define(lua), currentLine, EditorView.lineWrapping,
      EditorView.updateListener.of((update) => {
        if (update.docChanged) onEdit();
        const before = update.startState.field(breakpoints);
        if (update.state.field(breakpoints) !== before || update.docChanged) {
          const lines = breakpointLines(update.state);
          if (parent.dataset.breakpoints !== lines.join(' ')) {
            parent.dataset.breakpoints = lines.join(' ');
            onBreakpoints(lines);
          }
        }
      }),
    ],
    parent,
  });
  parent.dataset.breakpoints = '';
  return {
    text: () => view.state.doc.toString(),
    breakpoints: () => breakpointLines(view.state),
    setText(value) {
      view.dispatch({
        changes: { from: 0, to: view.state.doc.length, insert: value },
        effects: clearBreakpoints.of(null),
      });
    },
    // Marks `line` (or nothing for null) and scrolls it into view; the parent's `data-line`
    // says which line is marked.
    markLine(line) {
      const valid = line && line >= 1 && line <= view.state.doc.lines;
      const effects = [showLine.of(valid ? line : null)];
      if (valid) effects.push(EditorView.scrollIntoView(view.state.doc.line(line).from, { y: 'nearest' }));
      view.dispatch({ effects });
      if (valid) parent.dataset.line = String(line);
      else delete parent.dataset.line;
    },
  };
}
