import type { TestScope } from '../scope/test-scope';
import type { Guard } from './guard';
import { networkGuard } from './network';
import { processGuard } from './process';

/** Every guard hermetic runs. The filesystem guard will join them here. */
const GUARDS: readonly Guard[] = [networkGuard, processGuard];
const entering = GUARDS.filter((g) => g.enter !== undefined);

/** Installs every guard once per process. */
export function installGuards(): void {
  for (const guard of GUARDS) guard.install();
}

/** Tells the guards a test or hook is starting. An index loop: this runs for every test, mostly before V8 optimizes it. */
export function enterGuards(scope: TestScope): void {
  for (let i = 0; i < entering.length; i++) entering[i]!.enter!(scope);
}
