import type { TestScope } from '../scope/test-scope';
import type { Guard } from './guard';
import { networkGuard } from './network';

/** Every guard hermetic runs. Filesystem and process guards will join the network guard here. */
const GUARDS: readonly Guard[] = [networkGuard];
const entering = GUARDS.filter((g) => g.enter !== undefined);

/** Installs every guard once per process. */
export function installGuards(): void {
  for (const guard of GUARDS) guard.install();
}

/** Tells the guards a test or hook is starting. */
export function enterGuards(scope: TestScope): void {
  for (const guard of entering) guard.enter!(scope);
}
