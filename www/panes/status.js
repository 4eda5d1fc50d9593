// The status line: what the playground is doing, in words, with the same facts as data
// attributes (`data-state`, `data-step`, `data-line`) for whoever watches it.

export function showStatus(output, state, text, { step = null, line = null } = {}) {
  output.textContent = text;
  output.dataset.state = state;
  if (step === null) delete output.dataset.step;
  else output.dataset.step = String(step);
  if (line === null) delete output.dataset.line;
  else output.dataset.line = String(line);
}

// A debugging snapshot's status in words: `paused at step 3, line 2`.
export function snapshotStatus(output, snapshot) {
  const where = snapshot.line === null ? '' : `, line ${snapshot.line}`;
  const text = snapshot.status === 'error'
    ? `error at step ${snapshot.step}: ${snapshot.error}`
    : `${snapshot.status} at step ${snapshot.step}${where}`;
  showStatus(output, snapshot.status, text, { step: snapshot.step, line: snapshot.line });
}
