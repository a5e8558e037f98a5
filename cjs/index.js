'use strict';
// CommonJS entry of `hermetic`: the public API from the single bundle that `hermetic/mocha` loads too.
const bundle = require('../dist/hermetic.js');

const PUBLIC_API = [
  'Small',
  'Medium',
  'Large',
  'XLarge',
  'HermeticityViolationError',
  'NetworkAccessViolationError',
  'TimeLimitViolationError',
  'SubprocessViolationError',
  'ThreadViolationError',
  'FilesystemViolationError',
  'DatabaseViolationError',
  'SleepViolationError',
  'defineConfig',
  'sizeOf',
];

module.exports = Object.fromEntries(PUBLIC_API.map((name) => [name, bundle[name]]));
