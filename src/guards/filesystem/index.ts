import { Module } from '../../node-module';
import type { Guard } from '../guard';
import { patchFileFunctions } from './patches';

/** The filesystem guard's installed patches, so install is idempotent and uninstall exact. */
const installed: { removers?: Array<() => void> } = {};

/**
 * The FilesystemGuard: a small test touches no file. Each public `fs` and `fs/promises` function is stopped before it
 * runs; ESM named imports see the same functions once the built-in exports are synced. See
 * docs/architecture/adr-004-filesystem-isolation.md.
 */
export const filesystemGuard: Guard = {
  name: 'filesystem',
  install(): void {
    if (installed.removers) return;
    installed.removers = patchFileFunctions();
    Module.syncBuiltinESMExports();
  },
  uninstall(): void {
    if (!installed.removers) return;
    for (const remove of installed.removers.reverse()) remove();
    installed.removers = undefined;
    Module.syncBuiltinESMExports();
  },
};
