import type { ResolvedConfig } from '../../core/config';
import type { Guard } from '../../guards/guard';
import { reassertPatches } from '../../guards/patch';
import type { TestScope } from '../../scope/test-scope';
import type { NockAdapter } from '../nock';
import type { Composition } from './run-state';

type Enter = (scope: TestScope) => void;

/**
 * Composes the installed guards and the nock adapter into what runs as each runnable starts: guards know
 * no adapter, so the plugin is where they meet. Only the parties with per-test work are called.
 */
export function composeGuards(config: ResolvedConfig, guards: readonly Guard[], nock: NockAdapter): Composition {
  const entries: Enter[] = [];
  for (const guard of guards) if (guard.enter) entries.push(guard.enter.bind(guard));
  entries.push(nock.enter);
  return {
    config,
    enter: enterAll(entries),
    // Once per suite: a user's restore that put back a patched original is undone, and nock loaded since is found.
    enterSuite: () => {
      reassertPatches();
      nock.detect();
    },
  };
}

/** One party (nearly always): that party's own function, so starting a test makes no extra call. */
function enterAll(entries: readonly Enter[]): Enter {
  if (entries.length === 1) return entries[0]!;
  // An index loop: this runs for every test, mostly before V8 optimizes it.
  return (scope) => {
    for (let i = 0; i < entries.length; i++) entries[i]!(scope);
  };
}
