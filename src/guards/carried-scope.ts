import { readObject, resolveConfig } from '../core/config';
import type { Violation } from '../core/violation';
import { linkDocumentationFrom } from '../docs-folder';
import type { TestScope } from '../scope/test-scope';

/** What a worker thread or a child Node process needs to judge its own attempts as the test that started it. */
export interface CarriedScope {
  readonly testId: string;
  readonly file: string | undefined;
  readonly titlePath: readonly string[];
  readonly hook: string | undefined;
  readonly size: NonNullable<TestScope['size']>;
  readonly enforcement: TestScope['config']['enforcement'];
  readonly allow: readonly string[];
}

/** The starting test's identity and rules, as plain data that crosses into another isolate or process. */
export function carryScope(scope: TestScope): CarriedScope {
  return {
    testId: scope.testId,
    file: scope.file,
    titlePath: scope.titlePath,
    hook: scope.hook,
    size: scope.size!,
    enforcement: scope.config.enforcement,
    allow: scope.config.allow,
  };
}

/**
 * On the other side: the one scope every attempt there is judged by, whose violations go to `send` for the starting
 * test. `where` names the source if the carried rules do not validate. Reports link the docs from here too.
 */
export function carriedScope(data: CarriedScope, where: string, send: (violation: Violation) => void): TestScope {
  const { config } = resolveConfig([readObject({ enforcement: data.enforcement, allow: [...data.allow] }, where).layer]);
  const violations: Violation[] = [];
  linkDocumentationFrom(process.cwd());
  return {
    testId: data.testId,
    file: data.file,
    titlePath: data.titlePath,
    hook: data.hook,
    size: data.size,
    config,
    finished: false,
    violations,
    record(violation) {
      violations.push(violation);
      send(violation);
    },
  };
}
