import type { ResolvedConfig } from '../../core/config';
import { HermeticUsageError } from '../../core/errors';
import { linkDocumentationFrom } from '../../docs-folder';
import { installGuards } from '../../guards/install-guards';
import { registerRunningTest } from '../../scope/test-scope';
import { NockAdapter } from '../nock';
import { composeGuards } from './compose';
import { enforceOnMocha, enforceOnRunningMocha, prepareRun } from './enforce-runnables';
import { loadConfig } from './load-config';
import { loadMocha, type MochaSuite } from './mocha-internals';
import { ProcessFootprint } from './process-footprint';
import { RunState } from './run-state';

/** Mocha's root-hook object. */
export interface MochaRootHooks {
  beforeAll?: (this: { test?: unknown }) => void;
}

/** What the loaded plugin resolved: test code asks it for the default size. */
const loaded: { config: ResolvedConfig | undefined } = { config: undefined };

/** The config the plugin resolved, once `hermetic/mocha` has loaded. */
export function pluginConfig(): ResolvedConfig | undefined {
  return loaded.config;
}

/** The object in a prototype chain that defines `key`: suite contexts inherit from their parent's, down to Context.prototype. */
function definerOf(object: object, key: PropertyKey): object {
  let current = object;
  while (!Object.hasOwn(current, key)) {
    const next = Object.getPrototypeOf(current) as object | null;
    if (next === null) return object;
    current = next;
  }
  return current;
}

/**
 * Loads the config, installs the guards, composes them with the nock adapter and hooks hermetic into Mocha. A config mistake ends the
 * run here with one line per problem, before any test runs, and without a stack trace.
 */
export function createRootHooks(): MochaRootHooks {
  const envBefore = { ...process.env };
  const result = loadConfig();
  if (!result.ok) {
    process.stderr.write(`${new HermeticUsageError(result.problems).message}\n`);
    process.exit(1);
  }
  const config = result.config;
  loaded.config = config;
  const nock = new NockAdapter();
  nock.warnIfNeedsNewerNode();
  if (config.enforcement === 'off') return {};
  linkDocumentationFrom(process.cwd());
  const guards = installGuards();
  const state = new RunState(composeGuards(config, guards, nock), new ProcessFootprint(guards, envBefore));
  // Work no test owns (module top level, import-time timers) is judged by the test running when it reaches out.
  registerRunningTest(() => state.runningNow());
  enforceOnMocha(loadMocha(), state);
  return {
    beforeAll: function hermetic(this: { test?: unknown }) {
      const hook = this.test as unknown as { parent: MochaSuite; constructor: { prototype: object } };
      enforceOnRunningMocha(Object.getPrototypeOf(hook.constructor.prototype) as object, definerOf(this, 'timeout'), state);
      let root = hook.parent;
      while (root.parent) root = root.parent;
      const problems = prepareRun(root, state);
      if (problems.length > 0) throw new HermeticUsageError(problems);
    },
  };
}
