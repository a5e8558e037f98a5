import { type HermeticConfig, readObject, resolveConfig } from '../../../src/core/config';
import type { TestSize } from '../../../src/core/size';
import type { Violation } from '../../../src/core/violation';
import { runInScope, type TestScope } from '../../../src/scope/test-scope';

/** A scope of a chosen size with its own sink, so attempts made under it are not charged to the running test. */
export function syntheticScope(size: TestSize | undefined, options: HermeticConfig = {}): TestScope & { violations: Violation[] } {
  const { config, problems } = resolveConfig([readObject(options, 'test').layer]);
  if (problems.length > 0) throw new Error(problems.join('\n'));
  const violations: Violation[] = [];
  return {
    testId: `synthetic ${size ?? 'unsized'}`,
    file: 'test/synthetic.test.ts',
    titlePath: ['synthetic', String(size)],
    hook: undefined,
    size,
    config,
    finished: false,
    violations,
    record: (v) => violations.push(v),
  };
}

/** Runs `fn` as a test of `scope`'s size and settles with what it did, never throwing. */
export async function attempt<T>(scope: TestScope, fn: () => Promise<T>): Promise<{ value?: T; error?: any }> {
  try {
    return { value: await runInScope(scope, fn) };
  } catch (error) {
    return { error };
  }
}
