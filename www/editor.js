// The script editor: CodeMirror 6 with Lua highlighting, plus a marker on the line a debugging
// session stands at (a line decoration driven by one state effect).
import { EditorView, basicSetup } from 'codemirror';
import { StreamLanguage } from '@codemirror/language';
import { lua } from '@codemirror/legacy-modes/mode/lua';
import { StateEffect, StateField } from '@codemirror/state';
import { Decoration } from '@codemirror/view';

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

export function mountEditor(parent, text) {
  const view = new EditorView({
    doc: text,
    extensions: [basicSetup, StreamLanguage.define(lua), currentLine],
    parent,
  });
  return {
    text: () => view.state.doc.toString(),
    setText(value) {
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: value } });
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
