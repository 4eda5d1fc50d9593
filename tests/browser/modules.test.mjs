// The playground's text code (www/words.js, www/reply-text.js) against what redis-cli printed
// (golden/modules.json): an EVAL line built by evalLine and run through the engine's Sandbox.exec
// passes every word through intact, and replyText writes a debugging snapshot's reply as
// redis-cli writes EVAL's.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Sandbox } from '../../pkg/node/ferrous_lua.js';
import { evalLine } from '../../www/words.js';
import { snapshotReplyText } from '../../www/reply-text.js';
import { QUOTING_ARGS, QUOTING_SCRIPT, REPLY_SCRIPTS } from './module-cases.mjs';

const GOLDEN = JSON.parse(readFileSync(new URL('./golden/modules.json', import.meta.url), 'utf8'));

test('evalLine quotes script and words so that redis-cli parsing gives them back', () => {
  const sandbox = new Sandbox();
  assert.equal(sandbox.exec(evalLine(QUOTING_SCRIPT, [], QUOTING_ARGS)), GOLDEN.quoting);
});

test('a finished snapshot reply is written as redis-cli writes the reply', () => {
  const sandbox = new Sandbox();
  assert.equal(REPLY_SCRIPTS.length, GOLDEN.replies.length);
  REPLY_SCRIPTS.forEach((script, i) => {
    const session = sandbox.debug(script, [], []);
    try {
      assert.equal(snapshotReplyText(session.continue()), GOLDEN.replies[i], script);
    } finally {
      session.free();
    }
  });
});

test('a paused snapshot has no reply yet', () => {
  const session = new Sandbox().debug('return 1', [], []);
  assert.equal(snapshotReplyText(session.snapshot()), '');
  session.free();
});
