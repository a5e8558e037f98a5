import { Module } from '../../node-module';
import { builtinLoads } from '../builtin-loads';
import { esmExports } from '../esm-exports';
import type { Guard } from '../guard';
import { patchNodeSqlite } from './sqlite';

/** The database guard's state: the patches made so far and the watch for `node:sqlite` loading. */
class DatabaseGuard implements Guard {
  readonly name = 'database';
  private removers: Array<() => void> | undefined;
  private stopWaiting: (() => void) | undefined;

  install(): void {
    if (this.removers) return;
    const removers: Array<() => void> = [];
    this.removers = removers;
    // Loading node:sqlite costs start-up time and prints an ExperimentalWarning on Node 22: patched once the user loads it.
    if (!Module.isBuiltin('node:sqlite')) return; // Node 20, or --no-experimental-sqlite.
    this.stopWaiting = builtinLoads.whenLoaded(
      'sqlite',
      () => process.getBuiltinModule('node:sqlite') as Record<string, unknown>,
      (sqlite) => removers.push(...patchNodeSqlite(sqlite)),
    );
  }

  uninstall(): void {
    if (!this.removers) return;
    this.stopWaiting?.();
    this.stopWaiting = undefined;
    for (const remove of this.removers.reverse()) remove();
    this.removers = undefined;
    esmExports.sync();
  }
}

/**
 * The DatabaseGuard: a small test opens no embedded database, on disk or in memory; the open is stopped before SQLite
 * touches the disk. Network databases are the network guard's. See docs/architecture/adr-005-database-isolation.md.
 */
export const databaseGuard: Guard = new DatabaseGuard();
