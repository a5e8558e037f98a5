import { relative } from 'node:path';
import type { TestSize } from '../../core/size';
import { mayHoldSizeTag, parseTitleMarkers } from '../../core/title-tags';
import { decoratorProblems, decoratorSizeOfSuite, decoratorSizeOfTest, isAnythingDecorated, onSuiteLinked } from '../decorators';
import type { MochaRunnable, MochaSuite } from './mocha-internals';

/** Where a size came from, for reports and `sizeOf`. */
export type SizeSource = 'title' | 'decorator' | 'default';

export interface ResolvedSize {
  readonly size: TestSize;
  readonly source: SizeSource;
}

const NONE = null;

/**
 * What size resolution remembers. One per process, not per plugin: `sizeOf()` asks it from test code too,
 * and a suite's size depends on nothing but its titles and decorators.
 */
class ResolvedSizes {
  /** Per suite: the size it declares itself, or what it inherits. Replaced when a class suite is linked late. */
  suites = new WeakMap<MochaSuite, ResolvedSize | typeof NONE>();
  /** The runnable that started last and its size, so the summary does not resolve a test twice. */
  lastStarted: MochaRunnable | undefined = undefined;
  lastResolved: ResolvedSize | undefined = undefined;
}

const remembered = new ResolvedSizes();
onSuiteLinked(() => {
  remembered.suites = new WeakMap();
});

/** One shared answer per size and source: resolving a test allocates nothing. */
function answers(source: SizeSource): Readonly<Record<TestSize, ResolvedSize>> {
  return {
    small: { size: 'small', source },
    medium: { size: 'medium', source },
    large: { size: 'large', source },
    xlarge: { size: 'xlarge', source },
  };
}
const BY_TITLE = answers('title');
const BY_DECORATOR = answers('decorator');
const BY_DEFAULT = answers('default');

function ownSuiteSize(suite: MochaSuite): ResolvedSize | undefined {
  const fromTitle = parseTitleMarkers(suite.title).size;
  if (fromTitle) return BY_TITLE[fromTitle];
  const fromDecorator = decoratorSizeOfSuite(suite);
  return fromDecorator ? BY_DECORATOR[fromDecorator] : undefined;
}

/** The size a suite declares or inherits from its parents; the root suite declares none. */
export function declaredSuiteSize(suite: MochaSuite | undefined): ResolvedSize | undefined {
  if (!suite || suite.root) return undefined;
  const cached = remembered.suites.get(suite);
  if (cached !== undefined) return cached ?? undefined;
  const resolved = ownSuiteSize(suite) ?? declaredSuiteSize(suite.parent);
  remembered.suites.set(suite, resolved ?? NONE);
  return resolved;
}

/** The size a test declares: its own tag or method decorator first, then its suites, innermost first. */
export function declaredTestSize(test: MochaRunnable): ResolvedSize | undefined {
  const fromTitle = parseTitleMarkers(test.title).size;
  if (fromTitle) return BY_TITLE[fromTitle];
  const fromDecorator = decoratorSizeOfTest(test);
  if (fromDecorator) return BY_DECORATOR[fromDecorator];
  return declaredSuiteSize(test.parent);
}

/** Resolves with the configured default for unmarked tests and suites. Root hooks stay unsized. */
export function resolveSize(runnable: MochaRunnable, defaultSize: TestSize | undefined): ResolvedSize | undefined {
  const isHook = runnable.type === 'hook';
  if (isHook && (!runnable.parent || runnable.parent.root)) return undefined;
  const declared = isHook ? declaredSuiteSize(runnable.parent) : declaredTestSize(runnable);
  if (declared) return declared;
  return defaultSize ? BY_DEFAULT[defaultSize] : undefined;
}

/** A title that may carry a size tag: the cheap test before parsing it. */
const hasBracket = (runnable: MochaRunnable): boolean => runnable.title.includes('[');
/** A title that may carry a size tag or a look-alike of one (`{small}`, `［small］`), which is a marker mistake. */
const mayHoldTag = (runnable: MochaRunnable): boolean => mayHoldSizeTag(runnable.title);

/**
 * Resolves the size of a non-root runnable that is starting, and remembers it for when it ends. `suiteSize` is
 * `declaredSuiteSize(runnable.parent)`, resolved once per suite: a hook, or a test without a tag of its own (the
 * common case), takes it without another lookup.
 */
export function resolveStarting(
  runnable: MochaRunnable,
  suiteSize: ResolvedSize | undefined,
  defaultSize: TestSize | undefined,
): ResolvedSize | undefined {
  const ownMarker = runnable.type !== 'hook' && (hasBracket(runnable) || isAnythingDecorated());
  const resolved = ownMarker ? resolveSize(runnable, defaultSize) : (suiteSize ?? (defaultSize ? BY_DEFAULT[defaultSize] : undefined));
  remembered.lastStarted = runnable;
  remembered.lastResolved = resolved;
  return resolved;
}

/** The size of a test that just ended: the one it started with, else resolved now (a pending test never starts). */
export function sizeOfEndedTest(test: MochaRunnable, defaultSize: TestSize | undefined): ResolvedSize | undefined {
  return remembered.lastStarted === test ? remembered.lastResolved : resolveSize(test, defaultSize);
}

/** `test/api.spec.ts`: the file relative to the project root, in forward slashes. */
export function projectPath(file: string | undefined): string | undefined {
  if (!file) return undefined;
  const rel = relative(process.cwd(), file);
  return (rel.startsWith('..') ? file : rel).split('\\').join('/');
}

/** `test/api.spec.ts > UserApi [small] > fetches user`: how reports name a test (or, for a hook, its suite). */
export function formatTestId(file: string | undefined, titlePath: readonly string[]): string {
  const path = titlePath.join(' > ');
  return file ? `${file} > ${path}` : path;
}

/** Walks the loaded suites once, before any test runs: every marker mistake, each naming its file and title (the decorators' too). */
export function findMarkerProblems(root: MochaSuite): string[] {
  const problems: string[] = [];
  const check = (title: string, file: string | undefined, titlePath: () => string[]): void => {
    const { problems: found } = parseTitleMarkers(title);
    if (found.length === 0) return;
    const where = `${projectPath(file) ?? '(unknown file)'}: "${titlePath().join(' > ')}"`;
    for (const p of found) problems.push(`${where}: ${p}`);
  };
  const visit = (suite: MochaSuite): void => {
    if (!suite.root) check(suite.title, suite.file, () => suite.titlePath());
    // filter scans in V8's own code: a for-of here runs in the interpreter, once per test of the run.
    for (const test of suite.tests.filter(mayHoldTag)) check(test.title, test.file ?? suite.file, () => test.titlePath());
    for (const child of suite.suites) visit(child);
  };
  visit(root);
  problems.push(...decoratorProblems());
  return problems;
}
