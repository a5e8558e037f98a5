import { isAbsolute, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { HermeticityViolationError } from '../../core/errors';
import { POLICY_TABLE } from '../../core/policy';
import type { TestScope } from '../../scope/test-scope';
import { userCallSite } from '../call-site';
import { chargeAttempt } from '../verdict';

/** Whether the scope's size lets it open an embedded database; code outside any sized test may open anything. */
export function mayOpenDatabase(scope: TestScope | undefined): boolean {
  return !scope || scope.size === undefined || POLICY_TABLE[scope.size].database !== 'none';
}

/**
 * What a sqlite location names, as the report shows it: `sqlite :memory:`, or `sqlite file test/fixtures/app.db`
 * relative to the project when inside it. SQLite reads `''` as a private temporary database.
 */
export function describeSqliteLocation(location: unknown, cwd: string = process.cwd()): string {
  let path: string;
  if (location instanceof URL) path = location.protocol === 'file:' ? fileURLToPath(location) : location.href;
  else if (typeof location === 'string') path = location;
  else if (location instanceof Uint8Array) path = Buffer.from(location).toString();
  else return 'sqlite (no location given)';
  if (path === ':memory:' || /^file:[^?]*\?(.*&)?mode=memory(&|$)/.test(path)) return `sqlite ${path}`;
  if (path === '') return 'sqlite temporary database';
  const rel = relative(cwd, path);
  const shown = rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel.split(sep).join('/') : path;
  return `sqlite file ${shown}`;
}

/**
 * Records an open the owning test's size does not allow and, in strict mode, returns the error that stops it before
 * the database exists; in warn mode it returns undefined and the open goes ahead. `stack` is the caller's.
 */
export function refuseOpen(scope: TestScope, database: string, call: string, stack: string): HermeticityViolationError | undefined {
  return chargeAttempt(scope, { kind: 'database', database, call }, userCallSite(stack, process.cwd()));
}
