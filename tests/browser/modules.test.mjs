// The playground's texts against what redis-cli printed (golden/modules.json): an EVAL line
// built by www/words.js's evalLine and run through Sandbox.exec passes every word through
// intact, and a debugging snapshot's replyText (the reply pane) and its commands' (the
// redis.call pane) are what redis-cli prints for the same replies.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Sandbox } from '../../pkg/node/ferrous_lua.js';
import { evalLine } from '../../www/words.js';
import { QUOTING_ARGS, QUOTING_SCRIPT, REPLY_SCRIPTS } from './module-cases.mjs';

const GOLDEN = JSON.parse(readFileSync(new URL('./golden/modules.json', import.meta.url), 'utf8'));

test('evalLine quotes script and words so that redis-cli parsing gives them back', () => {
  const sandbox = new Sandbox();
  assert.equal(sandbox.exec(evalLine(QUOTING_SCRIPT, [], QUOTING_ARGS)), GOLDEN.quoting);
});

test('a finished snapshot has the reply as redis-cli prints it, and so has each command', () => {
  const sandbox = new Sandbox();
  assert.equal(REPLY_SCRIPTS.length, GOLDEN.replies.length);
  REPLY_SCRIPTS.forEach((script, i) => {
    const session = sandbox.debug(script, [], []);
    try {
      const end = session.continue();
      assert.equal(end.replyText, GOLDEN.replies[i], script);
      if (script.startsWith('return redis.call(')) assert.equal(end.commands.at(-1).replyText, GOLDEN.replies[i], script);
    } finally {
      session.free();
    }
    // A session changes nothing; running the script moves the keyspace on as redis-server's.
    assert.equal(sandbox.exec(evalLine(script, [], [])), GOLDEN.replies[i], script);
  });
});

test('a paused snapshot has no reply text yet', () => {
  const session = new Sandbox().debug('return 1', [], []);
  assert.equal(session.snapshot().replyText, null);
  session.free();
});
