import type { TestScope } from '../scope/test-scope';
import { esmExports } from './esm-exports';

/**
 * Watches one resource (the network, processes, files, embedded databases, sleep). A guard installs
 * its patches once per process, decides each attempt by asking the scope, and restores exactly.
 */
export interface Guard {
  readonly name: string;
  /** Idempotent: a second call does nothing. */
  install(): void;
  /** Restores exactly what install patched. */
  uninstall(): void;
  /** Called as each test or hook starts, before its code runs; it must stay O(1), it is on every test's path. */
  enter?(scope: TestScope): void;
}

/**
 * A guard that is a set of patches: `patch` makes them and returns their removers, undone in reverse. `synced` is for
 * guards that patch a built-in module's exports: ESM named imports of it are snapshots until synced.
 */
export function patchesGuard(name: string, patch: () => Array<() => void>, synced = false): Guard {
  let removers: Array<() => void> | undefined;
  const sync = (): void => {
    if (synced) esmExports.sync();
  };
  return {
    name,
    install(): void {
      if (removers) return;
      removers = patch();
      sync();
    },
    uninstall(): void {
      if (!removers) return;
      for (const remove of removers.reverse()) remove();
      removers = undefined;
      sync();
    },
  };
}
