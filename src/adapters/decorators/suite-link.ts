import type { TestSize } from '../../core/size';
import { normalizeFile } from './call-site';
import { classesNamed, isAnythingDecorated, registryGeneration, type SizedClass, sizedMethodsOf, sizeOfClass } from './size-store';

/** The parts of a Mocha suite, test and hook that linking reads; Mocha itself is never imported here. */
interface SuiteLike {
  readonly title: string;
  readonly file?: string;
  readonly parent?: SuiteLike;
  readonly tests?: readonly RunnableLike[];
  readonly suites?: readonly SuiteLike[];
  readonly _beforeEach?: readonly RunnableLike[];
}
interface RunnableLike {
  readonly type?: string;
  readonly title: string;
  readonly parent?: SuiteLike;
  readonly fn?: { readonly name?: string };
}

// testdeck's keys are plain strings ("__testdeck_" + name); see @testdeck/core's ClassTestUI.MakeSymbol.
const TESTDECK_CONTEXT = '__testdeck_context';
const TESTDECK_SUITE = '__testdeck_suite';
const TESTDECK_NAME = '__testdeck_name';

const suiteSizes = new WeakMap<object, TestSize>();
const testSizes = new WeakMap<object, TestSize>();
/** The class a suite was linked to, and whether testdeck's own context assignment proved it. */
const suiteClasses = new WeakMap<object, { readonly ctor: Function; readonly proven: boolean }>();
/** The registry generation at which a suite's title was last matched, so unmatched suites are not searched again. */
const titleMatched = new WeakMap<object, number>();
const listeners: Array<(suite: object) => void> = [];

/** The size a class decorator gave the Mocha suite (known once the suite is linked to its class). */
export function decoratorSizeOfSuite(suite: object): TestSize | undefined {
  // A run with no size decorator at all (most runs) pays one check per lookup.
  if (!isAnythingDecorated()) return undefined;
  matchTitle(suite as SuiteLike);
  return suiteSizes.get(suite);
}

/** The size a method decorator gave this Mocha test (testdeck @test method). */
export function decoratorSizeOfTest(test: object): TestSize | undefined {
  if (!isAnythingDecorated()) return undefined;
  const known = testSizes.get(test);
  if (known !== undefined) return known;
  const parent = (test as RunnableLike).parent;
  if (!parent) return undefined;
  // A parameterised @test is its own suite one level below the class suite.
  matchTitle(parent);
  if (parent.parent) matchTitle(parent.parent);
  return testSizes.get(test);
}

/** Called when a suite gets linked to a sized class after the run started; the adapter then re-resolves the running scope. */
export function onSuiteLinked(listener: (suite: object) => void): void {
  listeners.push(listener);
}

/**
 * Lets testdeck tell hermetic which suite belongs to a class. testdeck keeps no reference from the suite to the
 * class, but it assigns Mocha's context to `ctor[__testdeck_context]` (static hooks), to
 * `ctor.prototype[__testdeck_context]` (while it instantiates the class) and to the instance (each hook and test).
 * An accessor on the class and its prototype sees every one of those assignments; the context's running hook has the
 * class suite as its parent. The accessor stores and returns exactly what testdeck assigns, per object.
 */
export function watchTestdeckContext(ctor: Function): void {
  trapContext(ctor);
  if (ctor.prototype && typeof ctor.prototype === 'object') trapContext(ctor.prototype as object);
}

const trapped = new WeakSet<object>();

function trapContext(target: object): void {
  if (trapped.has(target)) return;
  const previous = Object.getOwnPropertyDescriptor(target, TESTDECK_CONTEXT);
  if (previous && !previous.configurable) return;
  trapped.add(target);
  const values = new WeakMap<object, unknown>();
  if (previous && 'value' in previous) values.set(target, previous.value);
  Object.defineProperty(target, TESTDECK_CONTEXT, {
    configurable: true,
    enumerable: false,
    get(this: object): unknown {
      return previous?.get ? previous.get.call(this) : values.get(this);
    },
    set(this: object, value: unknown): void {
      if (previous?.set) previous.set.call(this, value);
      else values.set(this, value);
      linkFromContext(this, value);
    },
  });
}

function linkFromContext(receiver: object, context: unknown): void {
  if (context === null || typeof context !== 'object') return;
  const running = (context as { test?: RunnableLike }).test;
  // Every test of a testdeck class is preceded by its "setup instance" hook, whose parent is the class suite.
  if (running?.type !== 'hook' || !running.parent) return;
  const ctor = typeof receiver === 'function' ? receiver : (receiver as { constructor?: unknown }).constructor;
  if (typeof ctor !== 'function') return;
  const suite = running.parent;
  const linked = suiteClasses.get(suite);
  if (linked?.proven && linked.ctor === ctor) return;
  if (linkSuite(suite, ctor, true)) for (const listener of listeners) listener(suite);
}

/** Links a class suite to its class: the class's size, and the sizes of its sized @test methods. Says whether any size was given. */
function linkSuite(suite: SuiteLike, ctor: Function, proven: boolean): boolean {
  suiteClasses.set(suite, { ctor, proven });
  const size = sizeOfClass(ctor);
  if (size !== undefined) suiteSizes.set(suite, size);
  else suiteSizes.delete(suite);
  let sized = size !== undefined;
  const methods = testNamesOf(ctor);
  if (methods.size === 0) return sized;
  for (const test of suite.tests ?? []) {
    const methodSize = methods.get(test.title);
    if (methodSize !== undefined) {
      testSizes.set(test, methodSize);
      sized = true;
    }
  }
  for (const child of suite.suites ?? []) {
    const methodSize = methods.get(child.title);
    if (methodSize !== undefined) {
      suiteSizes.set(child, methodSize);
      suiteClasses.set(child, { ctor, proven });
      sized = true;
    }
  }
  return sized;
}

/** The sized @test methods of a class by the test title testdeck gives them (the method name or `@test('title')`). */
function testNamesOf(ctor: Function): Map<string, TestSize> {
  const names = new Map<string, TestSize>();
  const prototype = ctor.prototype as Record<PropertyKey, unknown> | undefined;
  if (!prototype) return names;
  for (const [key, size] of sizedMethodsOf(prototype)) {
    const method = prototype[key] as Record<string, unknown> | undefined;
    const name = typeof method?.[TESTDECK_NAME] === 'string' ? (method[TESTDECK_NAME] as string) : String(key);
    if (!names.has(name)) names.set(name, size);
  }
  return names;
}

/**
 * Links a suite to the testdeck class it was created from when its title is the class name, before any of its
 * hooks run. A class named in its file wins over a same-named class elsewhere; a custom `@suite('title')` cannot
 * match and is linked by the context accessor instead.
 */
function matchTitle(suite: SuiteLike): void {
  const generation = registryGeneration();
  if (titleMatched.get(suite) === generation || suiteClasses.get(suite)?.proven) return;
  titleMatched.set(suite, generation);
  if (typeof suite.title !== 'string') return;
  const candidates = classesNamed(suite.title);
  if (candidates.length === 0 || !isTestdeckClassSuite(suite)) return;
  const chosen = chooseClass(candidates, normalizeFile(suite.file));
  if (chosen) linkSuite(suite, chosen.ctor, false);
}

/**
 * testdeck gives every class suite a "setup instance" beforeEach (function `setupInstance`); a plain `describe` with
 * the class's name has none, so it is not mistaken for the class. Without Mocha's hook list, assume it may be.
 */
function isTestdeckClassSuite(suite: SuiteLike): boolean {
  const hooks = suite._beforeEach;
  if (!Array.isArray(hooks)) return true;
  return hooks.some((hook: RunnableLike) => hook.fn?.name === 'setupInstance' || hook.title.endsWith('setup instance'));
}

function chooseClass(candidates: readonly SizedClass[], file: string | undefined): SizedClass | undefined {
  const suites = candidates.filter((c) => (c.ctor as unknown as Record<string, unknown>)[TESTDECK_SUITE] === true);
  if (file !== undefined) {
    const inFile = suites.filter((c) => c.file === file);
    if (inFile.length === 1) return inFile[0];
    if (inFile.length > 1) return undefined;
  }
  const unplaced = suites.filter((c) => c.file === undefined || file === undefined);
  return unplaced.length === 1 ? unplaced[0] : undefined;
}
