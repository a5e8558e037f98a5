'use strict';
// CommonJS entry of `hermetic`: the public API from the single bundle that `hermetic/mocha` loads too.
const {
  Small,
  Medium,
  Large,
  XLarge,
  HermeticityViolationError,
  NetworkAccessViolationError,
  TimeLimitViolationError,
  SubprocessViolationError,
  ThreadViolationError,
  defineConfig,
  sizeOf,
} = require('../dist/hermetic.js');

module.exports = {
  Small,
  Medium,
  Large,
  XLarge,
  HermeticityViolationError,
  NetworkAccessViolationError,
  TimeLimitViolationError,
  SubprocessViolationError,
  ThreadViolationError,
  defineConfig,
  sizeOf,
};
