import { decoratorOf, type TestSize } from '../core/size';
import { decoratingFile } from './decorators/call-site';
import { recordClassSize, recordFunctionSize, recordMethodSize, reportMisplaced, SIZE_METADATA_KEY } from './decorators/size-store';
import { watchTestdeckContext } from './decorators/suite-link';

export { decoratorProblems, isAnythingDecorated, SIZE_METADATA_KEY, sizeOfClass, sizeOfMethod } from './decorators/size-store';
export { decoratorSizeOfSuite, decoratorSizeOfTest, onSuiteLinked } from './decorators/suite-link';

/**
 * `@Small`, `@Medium`, `@Large`, `@XLarge`: one value that type-checks as a class decorator and as a method decorator,
 * under `experimentalDecorators` and under TC39 standard decorators (TypeScript 5+), and that testdeck also accepts
 * inside `@suite(Small)` or `@suite('title', Small)`.
 */
export type SizeDecorator = ClassDecorator &
  MethodDecorator &
  ((value: abstract new (...args: any[]) => unknown, context: ClassDecoratorContext) => void) &
  ((value: (this: any, ...args: any[]) => any, context: ClassMethodDecoratorContext<any, any>) => void);

/** reflect-metadata's function, when the project loaded it; hermetic never loads it itself (it is an optional peer). */
type DefineMetadata = (key: unknown, value: unknown, target: object, property?: PropertyKey) => void;

function defineMetadata(size: TestSize, target: object, property?: PropertyKey): void {
  const define = (Reflect as unknown as { defineMetadata?: DefineMetadata }).defineMetadata;
  if (typeof define !== 'function') return;
  if (property === undefined) define(SIZE_METADATA_KEY, size, target);
  else define(SIZE_METADATA_KEY, size, target, property);
}

interface StandardContext {
  readonly kind: string;
  readonly name?: string | symbol;
  readonly static?: boolean;
  readonly metadata?: Record<PropertyKey, unknown>;
}

function isStandardContext(value: unknown): value is StandardContext {
  return typeof value === 'object' && value !== null && typeof (value as { kind?: unknown }).kind === 'string';
}

function createSizeDecorator(size: TestSize): SizeDecorator {
  const name = decoratorOf(size);
  // Returns nothing on purpose: a returned value would replace the class or method.
  function sizeDecorator(target: unknown, keyOrContext?: unknown, descriptor?: PropertyDescriptor): void {
    const file = decoratingFile();
    if (isStandardContext(keyOrContext)) {
      decorateStandard(size, target, keyOrContext, file, name);
      return;
    }
    if (keyOrContext === undefined && typeof target === 'function') {
      recordClassSize(target, size, file);
      defineMetadata(size, target);
      watchTestdeckContext(target);
      return;
    }
    if ((typeof target === 'object' || typeof target === 'function') && target !== null && isPropertyKey(keyOrContext)) {
      const method: unknown = descriptor ? descriptor.value : undefined;
      if (typeof method !== 'function') {
        reportMisplaced(name, `property ${String(keyOrContext)} of ${ownerName(target)}`, file);
        return;
      }
      recordMethodSize(target, keyOrContext, method, size, file);
      defineMetadata(size, target, keyOrContext);
      const ctor = typeof target === 'function' ? target : (target as { constructor?: unknown }).constructor;
      if (typeof ctor === 'function') watchTestdeckContext(ctor);
    }
  }
  Object.defineProperty(sizeDecorator, 'name', { value: name.slice(1) });
  // testdeck's @suite treats a lone function argument as the class unless it is marked as a decorator.
  Object.defineProperty(sizeDecorator, '__testdeck_isDecorator', { value: true });
  return sizeDecorator as SizeDecorator;
}

/**
 * No class-based Mocha UI accepts TC39 decorators (testdeck needs experimentalDecorators): what is recorded here is read by
 * reflect-metadata users, and sizes a test only if an experimentalDecorators testdeck class extends this one.
 */
function decorateStandard(size: TestSize, target: unknown, context: StandardContext, file: string | undefined, name: string): void {
  if (context.kind === 'class' && typeof target === 'function') {
    recordClassSize(target, size, file);
    defineMetadata(size, target);
    // context.metadata exists only where Symbol.metadata does (not yet in Node 20-24 without a polyfill).
    if (context.metadata) context.metadata[SIZE_METADATA_KEY] = size;
    watchTestdeckContext(target);
  } else if (context.kind === 'method' && typeof target === 'function') {
    recordFunctionSize(target, String(context.name), size, file);
  } else {
    reportMisplaced(name, `${context.kind} ${String(context.name)}`, file);
  }
}

function ownerName(target: object): string {
  const ctor = typeof target === 'function' ? target : (target as { constructor?: unknown }).constructor;
  return typeof ctor === 'function' && ctor.name ? ctor.name : '(anonymous class)';
}

function isPropertyKey(value: unknown): value is string | symbol {
  return typeof value === 'string' || typeof value === 'symbol';
}

/** Marks a class's tests, or one test method, as small: no network at all. */
export const Small: SizeDecorator = createSizeDecorator('small');
/** Marks a class's tests, or one test method, as medium: loopback only. */
export const Medium: SizeDecorator = createSizeDecorator('medium');
/** Marks a class's tests, or one test method, as large: any network. */
export const Large: SizeDecorator = createSizeDecorator('large');
/** Marks a class's tests, or one test method, as xlarge: any network, the longest time limit. */
export const XLarge: SizeDecorator = createSizeDecorator('xlarge');
