// Cases shared with generate-golden.mjs, which records what redis-cli printed for each: words
// that must survive redis-cli quoting (www/words.js's evalLine), and scripts whose replies the
// reply and redis.call panes show from a debugging snapshot (its replyText texts).

// Each quoting case passes its words as ARGV to a script that also holds awkward characters.
export const QUOTING_SCRIPT = "-- a \"quoted\" comment with a \\ backslash\tand a tab\nreturn {'é\\n', unpack(ARGV)}\n";
export const QUOTING_ARGS = [
  'back\\slash', 'quote"d', "single'quote", 'new\nline', 'tab\there', 'cr\rx', 'bell\x07bs\x08',
  'ctl\x01\x1f\x7f', 'ünïcødé ✓', 'sp ace', '', '\\x41', '"', '\\',
];

// Scripts that return a redis.call's reply directly have that text for the command too.
export const REPLY_SCRIPTS = [
  "return redis.call('SET', 'k', 'v')",
  "return redis.call('PING')",
  "return redis.call('GET', 'k')",
  "return redis.call('HGETALL', 'missing')",
  "return {'\\255\\0', redis.status_reply('FINE')}",
  "return {1, 'a', {2, {}}, false, {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, {'x', 'y'}}, 'é\\n\\0\"\\\\'}",
  "return {redis.error_reply('ERR inner'), -5, {{{}}}}",
  "return redis.error_reply('MYERR top level')",
  'return nil + 1',
  'return 3.99',
  'return {}',
  'return nil',
  'local t = {} for i = 1, 120 do t[i] = i % 7 == 0 and {i, tostring(i)} or i end return t',
  'local x = ',
];
