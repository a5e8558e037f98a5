import { Module } from '../../node-module';
import type { Guard } from '../guard';
import { patchNodeSqlite } from './sqlite';
import { SqliteLoads } from './sqlite-loads';

/** The database guard's state: the patches made so far and the watch for `node:sqlite` loading. */
class DatabaseGuard implements Guard {
  readonly name = 'database';
  private removers: Array<() => void> | undefined;
  private loads: SqliteLoads | undefined;

  install(): void {
    if (this.removers) return;
    const removers: Array<() => void> = [];
    this.removers = removers;
    this.loads = new SqliteLoads((sqlite) => removers.push(...patchNodeSqlite(sqlite)));
    this.loads.watch();
  }

  uninstall(): void {
    if (!this.removers) return;
    this.loads?.unwatch();
    for (const remove of this.removers.reverse()) remove();
    this.removers = undefined;
    Module.syncBuiltinESMExports();
  }
}

/**
 * The DatabaseGuard: a small test opens no embedded database, on disk or in memory; the open is stopped before SQLite
 * touches the disk. Network databases are the network guard's. See docs/architecture/adr-005-database-isolation.md.
 */
export const databaseGuard: Guard = new DatabaseGuard();
