// The redis-cli console: Enter runs the input line through Sandbox.exec and appends the line
// with what redis-cli would print for it.

export function mountConsole(input, output, exec) {
  input.addEventListener('keydown', (event) => {
    if (event.key !== 'Enter') return;
    event.preventDefault();
    const line = input.value;
    if (line.trim() === '') return;
    output.textContent += `> ${line}\n${exec(line)}`;
    output.scrollTop = output.scrollHeight;
    input.value = '';
  });
}
