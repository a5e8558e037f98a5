/**
 * Runs first in a child Node process started by a medium test (NODE_OPTIONS, see child-node.ts): every attempt in
 * the child is judged by that test's size, and its violations are left for the parent to charge to that test.
 */
import { OWN_DIRS } from '../../own-code';
import { carriedScope } from '../carried-scope';
import { networkGuard } from '../network';
import { setProcessScope } from '../network/judge';
import {
  appendChildViolation,
  CHILD_PRELOAD_KEY,
  CHILD_SCOPE_ENV,
  type ChildPreload,
  type ChildScopeData,
  preloadOption,
} from './child-node';

const raw = process.env[CHILD_SCOPE_ENV];
if (raw) {
  const data = JSON.parse(raw) as ChildScopeData;
  setProcessScope(carriedScope(data, 'child process', (violation) => appendChildViolation(data.report, violation)));
  networkGuard.install();
  (globalThis as Record<symbol, ChildPreload>)[CHILD_PRELOAD_KEY] = {
    ownDirs: OWN_DIRS,
    /**
     * A hermetic run in this child (a nested Mocha) judges its own tests by their sizes, and its children start clean.
     * The patches stay, passing everything through, so that run finds and leaves Node's modules as they were.
     */
    stepAside(): void {
      setProcessScope(undefined);
      delete process.env[CHILD_SCOPE_ENV];
      const options = process.env.NODE_OPTIONS?.replace(preloadOption(), '').trim();
      if (options) process.env.NODE_OPTIONS = options;
      else delete process.env.NODE_OPTIONS;
    },
  };
}
