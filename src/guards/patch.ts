/**
 * Installs and removes hermetic's patches exactly. Modelled on @mswjs/interceptors' patches
 * registry and sinon's wrap-method: one patch per (owner, key), the original descriptor saved
 * and put back as it was, and user stubs (sinon) layered on top left alone.
 */

type AnyFunction = (this: unknown, ...args: any[]) => any;

interface Patch {
  readonly owner: object;
  readonly key: PropertyKey;
  readonly real: AnyFunction;
  readonly wrapper: AnyFunction;
  readonly hadOwn: boolean;
  readonly descriptor: PropertyDescriptor | undefined;
  active: boolean;
}

/** The patches in place, in the order they were made. */
const patches = new Set<Patch>();
/** The same, by owner and key: start-up makes some 150 patches, and a search through all of them each time showed. */
const patchAt = new WeakMap<object, Map<PropertyKey, Patch>>();
/**
 * Which installed function is which patch, kept here rather than on the function: a property (even under a symbol)
 * is found by reflection, and a test could switch the guard off through it.
 */
const patchByWrapper = new WeakMap<object, Patch>();

/** The patch behind a function hermetic installed, if it is one. */
function patchOf(fn: unknown): Patch | undefined {
  return typeof fn === 'function' ? patchByWrapper.get(fn) : undefined;
}

export interface PatchOptions {
  /**
   * Install what `makeWrapper` returns as it is, without the pass-through layer: for a patch that is never
   * removed and runs on every test, where one more call per test shows.
   */
  readonly direct?: boolean;
}

/**
 * Replaces `owner[key]` with `makeWrapper(real)`. While the patch is removed, the wrapper calls
 * straight through, so a user's stub that captured it and later restores it brings back nothing stale.
 * Returns the function that removes the patch.
 */
export function applyPatch<F extends AnyFunction>(
  owner: object,
  key: PropertyKey,
  makeWrapper: (real: F) => F,
  options: PatchOptions = {},
): () => void {
  let byKey = patchAt.get(owner);
  const existing = byKey?.get(key);
  if (existing) return () => removePatch(existing);
  const target = owner as Record<PropertyKey, unknown>;
  const real = target[key];
  if (typeof real !== 'function') throw new TypeError(`hermetic: cannot patch ${String(key)}: it is not a function`);
  const hadOwn = Object.hasOwn(owner, key);
  const descriptor = hadOwn ? Object.getOwnPropertyDescriptor(owner, key) : undefined;
  const inner = makeWrapper(real as F);
  const patch: Patch = {
    owner,
    key,
    real: real as AnyFunction,
    wrapper: undefined as unknown as AnyFunction,
    hadOwn,
    descriptor,
    active: true,
  };
  // `arguments` rather than a rest parameter: V8 passes it through apply without allocating, and this runs on every call.
  const wrapper = options.direct
    ? (inner as AnyFunction)
    : function (this: unknown): unknown {
        const fn = patch.active ? inner : (real as AnyFunction);
        // biome-ignore lint/complexity/noArguments: passed through without allocating, as said above.
        return new.target ? Reflect.construct(fn, arguments, new.target) : fn.apply(this, arguments as unknown as unknown[]);
      };
  Object.defineProperty(wrapper, 'name', { value: (real as AnyFunction).name, configurable: true });
  Object.defineProperty(wrapper, 'length', { value: (real as AnyFunction).length, configurable: true });
  patchByWrapper.set(wrapper, patch);
  if (!options.direct && (real as AnyFunction).prototype !== undefined) wrapper.prototype = (real as AnyFunction).prototype;
  (patch as { wrapper: AnyFunction }).wrapper = wrapper;
  define(owner, key, wrapper, descriptor);
  patches.add(patch);
  if (!byKey) {
    byKey = new Map();
    patchAt.set(owner, byKey);
  }
  byKey.set(key, patch);
  return () => removePatch(patch);
}

function define(owner: object, key: PropertyKey, value: unknown, descriptor: PropertyDescriptor | undefined): void {
  Object.defineProperty(owner, key, {
    value,
    writable: descriptor?.writable ?? true,
    enumerable: descriptor?.enumerable ?? false,
    configurable: true,
  });
}

function removePatch(patch: Patch): void {
  if (!patch.active) return;
  patch.active = false;
  patches.delete(patch);
  patchAt.get(patch.owner)?.delete(patch.key);
  const target = patch.owner as Record<PropertyKey, unknown>;
  // Only undo our own layer: a user's stub on top stays theirs, and our wrapper under it now calls straight through.
  if (target[patch.key] !== patch.wrapper) return;
  if (patch.hadOwn && patch.descriptor) Object.defineProperty(patch.owner, patch.key, patch.descriptor);
  else delete target[patch.key];
}

/**
 * Puts hermetic back where a restore replaced it with the very function hermetic wrapped
 * (a stub made before hermetic loaded, restored after). A user's stub in place is left alone.
 * Returns how many patches were re-applied.
 */
export function reassertPatches(): number {
  let fixed = 0;
  for (const patch of patches) {
    const target = patch.owner as Record<PropertyKey, unknown>;
    const now = target[patch.key];
    if (now !== patch.wrapper && now === patch.real && patchOf(now) === undefined) {
      define(patch.owner, patch.key, patch.wrapper, patch.descriptor);
      fixed++;
    }
  }
  return fixed;
}
