// What the browser test does to the playground, in order, shared with the script that asks
// real Redis for the expected replies (generate-golden.mjs): a typed script debugged then run,
// a console line, then every example of www/examples.js run once. The keys of each step are
// distinct, so every step sees the keyspace that the same sequence leaves in redis-server.
import { EXAMPLES } from '../../www/examples.js';

export const TYPED = {
  name: 'typed script',
  script: `local a = 1
local b = a + tonumber(ARGV[1])
redis.call('SET', KEYS[1], b)
redis.log(redis.LOG_WARNING, 'b is ' .. b)
return {a, b}
`,
  keys: 'total',
  args: '5',
};

// Debugged after the runs: it fails to compile.
export const SYNTAX_ERROR = { name: 'syntax error', script: 'local x = ', keys: '', args: '' };

export const CONSOLE_LINE = ['SET', 'greeting', 'hello'];

export const EXAMPLES_RUN = EXAMPLES;
export const RUNS = [TYPED, ...EXAMPLES];

// The example the test steps into a function of.
export const FUNCTIONS = EXAMPLES.find((example) => example.name === 'Function calls');

export const words = (text) => text.split(/\s+/).filter((word) => word.length > 0);
