import type { HermeticityViolationError } from '../../core/errors';
import { POLICY_TABLE } from '../../core/policy';
import type { TestScope } from '../../scope/test-scope';
import { userCallSite } from '../call-site';
import { chargeAttempt } from '../verdict';

/** What the process guard stops: a child process (with its command line) or a worker thread. */
export type StartAttempt = { readonly kind: 'subprocess'; readonly command: string } | { readonly kind: 'thread' };

/** Whether the scope's size lets it start this kind of thing; code outside any sized test may start anything. */
export function mayStart(kind: StartAttempt['kind'], scope: TestScope | undefined): boolean {
  if (!scope || scope.size === undefined) return true;
  const policy = POLICY_TABLE[scope.size];
  return (kind === 'subprocess' ? policy.subprocess : policy.threads) !== 'none';
}

/**
 * Records a start the owning test's size does not allow and, in strict mode, returns the error that stops it
 * before anything exists; in warn mode it returns undefined and the start goes ahead. `stack` is the caller's.
 */
export function refuseStart(attempt: StartAttempt, scope: TestScope, stack: string): HermeticityViolationError | undefined {
  return chargeAttempt(scope, attempt, userCallSite(stack, process.cwd()));
}
