/**
 * hermetic: Google-style test sizes for Mocha. The plugin itself is `hermetic/mocha`; this entry
 * holds what test code imports: the size decorators, the error classes, `sizeOf` and `defineConfig`.
 */

import type { MochaRunnable, MochaSuite } from './adapters/mocha/mocha-internals';
import { pluginConfig } from './adapters/mocha/plugin';
import { declaredSuiteSize, declaredTestSize } from './adapters/mocha/size-resolution';
import type { TestSize } from './core/size';

export { Large, Medium, Small, XLarge } from './adapters/decorators';
export { defineConfig, type Enforcement, type HermeticConfig } from './core/config';
export {
  DatabaseViolationError,
  FilesystemViolationError,
  HermeticityViolationError,
  NetworkAccessViolationError,
  SleepViolationError,
  SubprocessViolationError,
  ThreadViolationError,
  TimeLimitViolationError,
} from './core/errors';
export type { NetworkTarget, Transport } from './core/network-target';
export type { TestSize } from './core/size';
export type { FileOperation, Violation, ViolationKind, ViolationOutcome } from './core/violation';

/**
 * The size hermetic holds a Mocha test or suite to: its own marker, else its suites' (innermost
 * first), else the configured `defaultSize`; undefined for an unsized one.
 * In a hook, pass `this.currentTest`; in a test, `this.test`.
 */
export function sizeOf(testOrSuite: { title: string; parent?: unknown } | undefined | null): TestSize | undefined {
  if (!testOrSuite) return undefined;
  const candidate = testOrSuite as MochaRunnable & MochaSuite;
  const declared = Array.isArray(candidate.tests) ? declaredSuiteSize(candidate) : declaredTestSize(candidate);
  return declared?.size ?? pluginConfig()?.defaultSize;
}
