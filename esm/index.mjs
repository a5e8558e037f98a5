// ESM entry: re-exports the CommonJS entry so that ESM and CommonJS test files share one hermetic (one registry of sizes).
import hermetic from '../cjs/index.js';

export const {
  Small,
  Medium,
  Large,
  XLarge,
  HermeticityViolationError,
  NetworkAccessViolationError,
  TimeLimitViolationError,
  SubprocessViolationError,
  ThreadViolationError,
  FilesystemViolationError,
  DatabaseViolationError,
  SleepViolationError,
  defineConfig,
  sizeOf,
} = hermetic;
