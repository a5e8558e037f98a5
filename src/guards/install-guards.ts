import type { Guard } from './guard';
import { networkGuard } from './network';
import { processGuard } from './process';

/** Every guard hermetic runs. The filesystem guard will join them here. */
const GUARDS: readonly Guard[] = [networkGuard, processGuard];

/** Installs every guard once per process, and returns them: the plugin composes their per-test `enter` with its adapters'. */
export function installGuards(): readonly Guard[] {
  for (const guard of GUARDS) guard.install();
  return GUARDS;
}
