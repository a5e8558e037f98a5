import type { Guard } from './guard';
import { networkGuard } from './network';

/** Every guard hermetic runs. Filesystem and process guards will join the network guard here. */
const GUARDS: readonly Guard[] = [networkGuard];

/** Installs every guard once per process, and returns them: the plugin composes their per-test `enter` with its adapters'. */
export function installGuards(): readonly Guard[] {
  for (const guard of GUARDS) guard.install();
  return GUARDS;
}
