import { addOwnDirs } from '../own-code';
import { databaseGuard } from './database';
import { esmExports } from './esm-exports';
import { filesystemGuard } from './filesystem';
import type { Guard } from './guard';
import { networkGuard } from './network';
import { processGuard } from './process';
import { CHILD_PRELOAD_KEY, type ChildPreload } from './process/child-node';
import { sleepGuard } from './sleep';

/** Every guard hermetic runs. */
const GUARDS: readonly Guard[] = [networkGuard, processGuard, filesystemGuard, databaseGuard, sleepGuard];

/** Installs every guard once per process, and returns them: the plugin composes their per-test `enter` with its adapters'. */
export function installGuards(): readonly Guard[] {
  // In a medium test's child that runs hermetic itself (a nested Mocha), its own tests' sizes take over from the preload,
  // whose patches stay under this copy's: their frames are hermetic's, never the user's.
  const preload = (globalThis as Record<symbol, ChildPreload | undefined>)[CHILD_PRELOAD_KEY];
  if (preload) {
    preload.stepAside();
    addOwnDirs(preload.ownDirs);
  }
  esmExports.batch(() => {
    for (const guard of GUARDS) guard.install();
  });
  return GUARDS;
}
