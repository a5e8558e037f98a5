import { attemptScope } from '../../scope/test-scope';
import { captureStack } from '../call-site';
import { applyPatch } from '../patch';
import { describeSqliteLocation, mayOpenDatabase, refuseOpen } from './judge';

type DatabaseClass = (new (...args: unknown[]) => object) & { prototype: { open?: (this: unknown) => unknown } };

/** Where a `node:sqlite` database keeps its location for a later `open()`: read back from the constructor's arguments. */
const locations = new WeakMap<object, unknown>();

/** Stops a small test's open before SQLite touches the disk; `below` marks where the caller's frames begin. */
function guardOpen(location: unknown, call: string, below: Function): void {
  const scope = attemptScope();
  if (mayOpenDatabase(scope)) return;
  const error = refuseOpen(scope!, describeSqliteLocation(location), call, captureStack(below));
  if (error) throw error;
}

/**
 * Wraps `node:sqlite`'s database class under each name it is exported as (`DatabaseSync`; also `Database` on Node 26,
 * the same class): the constructor opens in C++, so the class itself is replaced by a Proxy whose `construct` judges
 * the location first (`instanceof` and statics still reach the real class). `new DatabaseSync(path, { open: false })`
 * opens later through `prototype.open`, patched too. Returns the removers.
 */
export function patchNodeSqlite(sqlite: Record<string, unknown>): Array<() => void> {
  const removers: Array<() => void> = [];
  const real = sqlite.DatabaseSync as DatabaseClass | undefined;
  if (typeof real !== 'function') return removers;
  const guarded = new Proxy(real, {
    construct(target, args, newTarget) {
      const options = args[1] as { open?: unknown } | undefined;
      if (options?.open === false) {
        const db = Reflect.construct(target, args, newTarget) as object;
        locations.set(db, args[0]);
        return db;
      }
      guardOpen(args[0], 'node:sqlite DatabaseSync', guarded);
      return Reflect.construct(target, args, newTarget);
    },
  });
  for (const name of ['DatabaseSync', 'Database']) {
    if (sqlite[name] !== real) continue;
    const descriptor = Object.getOwnPropertyDescriptor(sqlite, name)!;
    Object.defineProperty(sqlite, name, { ...descriptor, value: guarded });
    removers.push(() => Object.defineProperty(sqlite, name, descriptor));
  }
  if (typeof real.prototype.open === 'function') {
    removers.push(
      applyPatch<(this: unknown) => unknown>(
        real.prototype,
        'open',
        (open) =>
          function guardedOpen(this: unknown): unknown {
            guardOpen(locations.get(this as object), 'node:sqlite DatabaseSync#open', guardedOpen);
            return open.call(this);
          },
      ),
    );
  }
  return removers;
}
