import { isAbsolute, relative, sep } from 'node:path';
import { decoratorOf, type TestSize } from '../../core/size';

/** The metadata key under which the size decorators also record a class's size with reflect-metadata. */
export const SIZE_METADATA_KEY = 'hermetic:size';

/** Where a size decorator was written: the class (or method) and the file that declared it. */
export interface SizedClass {
  readonly ctor: Function;
  readonly size: TestSize | undefined;
  readonly file: string | undefined;
}

// Keyed by the objects themselves, so marking costs nothing once the classes are gone.
const classSizes = new WeakMap<Function, SizedClass>();
const methodSizes = new WeakMap<object, Map<PropertyKey, TestSize>>();
const functionSizes = new WeakMap<Function, TestSize>();
const problems: string[] = [];

/** Classes that carry a size decorator on themselves or on a method, by class name, for matching suite titles. */
const byName = new Map<string, SizedClass[]>();
const registry = {
  /** Grows each time a class is registered. */
  generation: 0,
  /** False until the first size decorator runs: most runs have none, and their lookups stop at this flag. */
  anyDecorated: false,
};

/** Records `size` for a class; a second, different size is a problem and the first one stays. */
export function recordClassSize(ctor: Function, size: TestSize, file: string | undefined): void {
  registry.anyDecorated = true;
  const known = classSizes.get(ctor);
  if (known?.size !== undefined && known.size !== size) {
    reportTwoSizes(`class ${nameOf(ctor)}`, known.size, size, known.file ?? file);
    return;
  }
  const entry: SizedClass = { ctor, size, file: known?.file ?? file };
  classSizes.set(ctor, entry);
  register(entry, known);
}

/** Records `size` for the method `key` of `owner` (a prototype, or a class for a static method). */
export function recordMethodSize(owner: object, key: PropertyKey, method: unknown, size: TestSize, file: string | undefined): void {
  registry.anyDecorated = true;
  let sizes = methodSizes.get(owner);
  if (!sizes) {
    sizes = new Map();
    methodSizes.set(owner, sizes);
  }
  const known = sizes.get(key);
  const ctor = typeof owner === 'function' ? owner : (owner as { constructor?: unknown }).constructor;
  if (known !== undefined && known !== size) {
    reportTwoSizes(`method ${typeof ctor === 'function' ? nameOf(ctor) : '?'}.${String(key)}`, known, size, file);
    return;
  }
  sizes.set(key, size);
  if (typeof method === 'function') functionSizes.set(method, size);
  if (typeof ctor === 'function' && !classSizes.has(ctor)) {
    // Only the methods are sized: the class is still registered so its suite's tests can be found.
    const entry: SizedClass = { ctor, size: undefined, file };
    classSizes.set(ctor, entry);
    register(entry, undefined);
  }
}

/** Records `size` for a method known only by its function, as TC39 method decorators see it. */
export function recordFunctionSize(method: Function, name: string, size: TestSize, file: string | undefined): void {
  registry.anyDecorated = true;
  const known = functionSizes.get(method);
  if (known !== undefined && known !== size) {
    reportTwoSizes(`method ${name}`, known, size, file);
    return;
  }
  functionSizes.set(method, size);
}

/** The size a decorator gave this class, or the nearest decorated base class. */
export function sizeOfClass(ctor: Function): TestSize | undefined {
  for (let c: unknown = ctor; typeof c === 'function' && c !== Function.prototype; c = Object.getPrototypeOf(c)) {
    const size = classSizes.get(c as Function)?.size;
    if (size !== undefined) return size;
  }
  return undefined;
}

/** The size a decorator gave this method function. */
export function sizeOfMethod(method: Function): TestSize | undefined {
  return functionSizes.get(method);
}

/** The sized methods of a prototype and its bases, nearest first: property key and size. */
export function sizedMethodsOf(prototype: object): Map<PropertyKey, TestSize> {
  const found = new Map<PropertyKey, TestSize>();
  for (let p: object | null = prototype; p !== null && p !== Object.prototype; p = Object.getPrototypeOf(p)) {
    for (const [key, size] of methodSizes.get(p) ?? []) if (!found.has(key)) found.set(key, size);
  }
  return found;
}

/** Sized classes whose name is `title`. */
export function classesNamed(title: string): readonly SizedClass[] {
  return byName.get(title) ?? [];
}

/** Whether any size decorator has run in this process. */
export function isAnythingDecorated(): boolean {
  return registry.anyDecorated;
}

/** Grows each time a class is registered, so a title lookup that found nothing can be retried when it may now succeed. */
export function registryGeneration(): number {
  return registry.generation;
}

/** Mistakes found so far, each naming the file and the class or method. */
export function decoratorProblems(): readonly string[] {
  return problems;
}

/** A size decorator written where it means nothing (a field, an accessor): a problem, not a silent no-op. */
export function reportMisplaced(decorator: string, what: string, file: string | undefined): void {
  const where = file ? `${shownPath(file)}: ` : '';
  problems.push(`${where}${decorator} marks a class or a test method, not the ${what}; move it to the class or the @test method`);
}

function register(entry: SizedClass, replaced: SizedClass | undefined): void {
  const name = entry.ctor.name;
  if (!name) return;
  const list = byName.get(name) ?? [];
  const at = replaced ? list.indexOf(replaced) : -1;
  if (at >= 0) list[at] = entry;
  else list.push(entry);
  byName.set(name, list);
  registry.generation++;
}

function reportTwoSizes(what: string, kept: TestSize, other: TestSize, file: string | undefined): void {
  const where = file ? `${shownPath(file)}: ` : '';
  problems.push(`${where}${what} has two sizes, ${decoratorOf(kept)} and ${decoratorOf(other)}; keep one`);
}

/** `test/api.spec.ts`: relative to the project root when inside it, as the other marker problems print files. */
function shownPath(file: string): string {
  const rel = relative(process.cwd(), file);
  return (rel.startsWith('..') || isAbsolute(rel) ? file : rel).split(sep).join('/');
}

function nameOf(ctor: Function): string {
  return ctor.name || '(anonymous class)';
}
