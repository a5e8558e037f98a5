import type { Guard } from './guard';
import { networkGuard } from './network';
import { processGuard } from './process';
import { CHILD_PRELOAD_KEY } from './process/child-node';

/** Every guard hermetic runs. The filesystem guard will join them here. */
const GUARDS: readonly Guard[] = [networkGuard, processGuard];

/** Installs every guard once per process, and returns them: the plugin composes their per-test `enter` with its adapters'. */
export function installGuards(): readonly Guard[] {
  // In a medium test's child that runs hermetic itself (a nested Mocha), its own tests' sizes take over from the preload.
  (globalThis as Record<symbol, { stepAside(): void } | undefined>)[CHILD_PRELOAD_KEY]?.stepAside();
  for (const guard of GUARDS) guard.install();
  return GUARDS;
}
