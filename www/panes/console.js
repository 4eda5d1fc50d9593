// The redis-cli console: Enter runs the input line through Sandbox.exec and appends the line
// with what redis-cli would print for it; Up and Down walk back and forth through the lines
// run, as redis-cli's history does.

export function mountConsole(input, output, exec) {
  const history = [];
  // Where Up/Down stand in the history; its length means the fresh line being typed.
  let position = 0;
  input.addEventListener('keydown', (event) => {
    if (event.key === 'ArrowUp' || event.key === 'ArrowDown') {
      event.preventDefault();
      position = Math.min(history.length, Math.max(0, position + (event.key === 'ArrowUp' ? -1 : 1)));
      input.value = history[position] ?? '';
      return;
    }
    if (event.key !== 'Enter') return;
    event.preventDefault();
    const line = input.value;
    if (line.trim() === '') return;
    history.push(line);
    position = history.length;
    output.textContent += `> ${line}\n${exec(line)}`;
    output.scrollTop = output.scrollHeight;
    input.value = '';
  });
}
