// The playground's run and debug state over the page's one Sandbox: runs go to the sandbox
// itself; a debugging session works on a copy of its keyspace and keeps the snapshot where it
// stands, with the compiled functions its bytecode pane lists.
import { evalLine } from './words.js';

// Redis names a script's chunk this way, so the listing's header matches its errors.
const CHUNK_NAME = '@user_script';
// `continue` stops at each `redis.breakpoint()`; a trace of a run goes through this many.
const TRACE_BREAKS = 1000;

export class Session {
  constructor(sandbox) {
    this.sandbox = sandbox;
    this.debugger = null;
    this.snapshot = null;
    this.functions = [];
    this.breakpoints = [];
  }

  // The lines `continue` stops at, for this session and the ones opened later.
  setBreakpoints(lines) {
    this.breakpoints = lines;
    this.debugger?.setBreakpoints(lines);
  }

  get debugging() {
    return this.debugger !== null;
  }

  // Runs the script against the sandbox: the reply as redis-cli prints it, and (from a traced
  // run on a copy, since EVAL's reply carries neither) what it logged and the commands it ran.
  run(script, keys, args) {
    this.reset();
    this.functions = this.compile(script);
    const trace = this.trace(script, keys, args);
    const replyText = this.sandbox.exec(evalLine(script, keys, args));
    return { replyText, output: trace.output, commands: trace.commands };
  }

  // Opens a debugging session paused before the first instruction.
  debug(script, keys, args) {
    this.reset();
    this.functions = this.compile(script);
    this.debugger = this.sandbox.debug(script, keys, args);
    this.debugger.setBreakpoints(this.breakpoints);
    this.snapshot = this.debugger.snapshot();
    return this.snapshot;
  }

  // One move of the session: `step`, `stepLine`, `stepOver`, `stepOut`, `continue`, `back`.
  move(kind) {
    if (!this.debugger) return null;
    this.snapshot = this.debugger[kind]();
    return this.snapshot;
  }

  // To the moment after `step` instructions (or the end, if the script ends sooner).
  goto(step) {
    if (!this.debugger) return null;
    this.snapshot = this.debugger.goto(step);
    return this.snapshot;
  }

  reset() {
    this.debugger?.free();
    this.debugger = null;
    this.snapshot = null;
  }

  // The listed function a snapshot frame runs (frames name it by its listing id).
  functionOf(frame) {
    return this.functions.find((f) => f.id === frame.functionId) ?? null;
  }

  // The script's functions as data; none when it does not compile (the run reports why).
  compile(script) {
    try {
      return this.sandbox.compile(script, CHUNK_NAME).functions;
    } catch {
      return [];
    }
  }

  trace(script, keys, args) {
    const session = this.sandbox.debug(script, keys, args);
    try {
      let snapshot = session.continue();
      for (let i = 0; i < TRACE_BREAKS && snapshot.status === 'paused'; i += 1) {
        snapshot = session.continue();
      }
      return snapshot;
    } finally {
      session.free();
    }
  }
}
