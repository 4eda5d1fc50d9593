// Cases for the playground's own text code, shared with generate-golden.mjs, which records what
// redis-cli printed for each: words that must survive redis-cli quoting (evalLine), and
// scripts whose replies the reply pane writes from a debugging snapshot (replyText).

// Each quoting case passes its words as ARGV to a script that also holds awkward characters.
export const QUOTING_SCRIPT = "-- a \"quoted\" comment with a \\ backslash\tand a tab\nreturn {'é\\n', unpack(ARGV)}\n";
export const QUOTING_ARGS = [
  'back\\slash', 'quote"d', "single'quote", 'new\nline', 'tab\there', 'cr\rx', 'bell\x07bs\x08',
  'ctl\x01\x1f\x7f', 'ünïcødé ✓', 'sp ace', '', '\\x41', '"', '\\',
];

// Replies whose bytes are UTF-8 (a snapshot carries replies as text).
export const REPLY_SCRIPTS = [
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
