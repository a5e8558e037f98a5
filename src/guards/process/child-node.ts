import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createViolation, type Violation } from '../../core/violation';
import { PACKAGE_ROOT } from '../../own-code';
import type { TestScope } from '../../scope/test-scope';
import { type CarriedScope, carryScope } from '../carried-scope';

/** The environment variable that carries a medium test's size, rules and report file into its child processes. */
export const CHILD_SCOPE_ENV = '__HERMETIC_CHILD_SCOPE';
/** Where a child preload leaves its step-aside hook, for a hermetic that loads in the same child (a nested Mocha run). */
export const CHILD_PRELOAD_KEY = Symbol.for('hermetic.child-preload');

/** What the preload leaves under CHILD_PRELOAD_KEY: where its code lives, and how to hand over to a hermetic run. */
export interface ChildPreload {
  readonly ownDirs: readonly string[];
  stepAside(): void;
}

/** What a child Node process needs to judge its own attempts as the medium test that started it. */
export interface ChildScopeData extends CarriedScope {
  /** The file the child (and its own children) append their violations to, one JSON line each. */
  readonly report: string;
}

/** The bundled preload in dist/, also from source (tests under tsx): a child starts plain Node. */
const preloadPath = (): string => join(PACKAGE_ROOT, 'dist', 'child-preload.js');

/** A path as one word of NODE_OPTIONS, which splits on spaces and reads `\` as an escape inside double quotes. */
const optionWord = (path: string): string => `"${path.replace(/[\\"]/g, '\\$&')}"`;

/** What a medium test's child finds in NODE_OPTIONS: the require of hermetic's child preload. */
export const preloadOption = (): string => `--require ${optionWord(preloadPath())}`;

/** The child's own violations, appended by the preload; a file appended synchronously survives a child that throws and exits. */
export function appendChildViolation(report: string, violation: Violation): void {
  appendFileSync(report, `${JSON.stringify(violation)}\n`);
}

/**
 * The report files of the medium tests' children: one private directory per run (made on the first such child,
 * removed when this process exits), one file per child started, read once when that child exits.
 */
class ChildReports {
  private dir: string | undefined;
  private next = 0;

  newFile(): string {
    if (!this.dir) {
      const dir = mkdtempSync(join(tmpdir(), 'hermetic-children-'));
      this.dir = dir;
      process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    }
    return join(this.dir, `${process.pid}-${this.next++}.jsonl`);
  }
}

const reports = new ChildReports();

/** The environment pairs (`KEY=value`) a medium test's child gets: hermetic's preload in NODE_OPTIONS and the test's scope. */
function withChildScope(envPairs: readonly string[], data: ChildScopeData): string[] {
  const require = preloadOption();
  const pairs = envPairs.filter((pair) => !pair.startsWith(`${CHILD_SCOPE_ENV}=`));
  const at = pairs.findIndex((pair) => pair.startsWith('NODE_OPTIONS='));
  const options = at >= 0 ? pairs[at]!.slice('NODE_OPTIONS='.length) : '';
  const nodeOptions = `NODE_OPTIONS=${options.includes(require) ? options : `${options} ${require}`.trim()}`;
  if (at >= 0) pairs[at] = nodeOptions;
  else pairs.push(nodeOptions);
  pairs.push(`${CHILD_SCOPE_ENV}=${JSON.stringify(data)}`);
  return pairs;
}

/** Records on the test what its child left in `report`, marked with the child's command, then forgets the file. */
function collect(report: string, scope: TestScope, command: string): void {
  let text: string;
  try {
    text = readFileSync(report, 'utf8');
  } catch {
    return; // The child reported nothing (or was not Node).
  }
  rmSync(report, { force: true });
  for (const line of text.split('\n')) {
    if (!line) continue;
    const violation = JSON.parse(line) as Violation;
    scope.record(createViolation({ ...violation, childCommand: command, late: scope.finished || violation.late }));
  }
}

/**
 * The spawn point's arguments with a medium test's size carried into the child through its environment, and the
 * function that charges the child's violations to the test once the child has exited. Only the copy of the
 * environment given to this child changes: Node 20 and 22 pass one options object with `envPairs`, later Nodes
 * pass `envPairs` fourth.
 */
export function carryMediumSize(args: readonly unknown[], scope: TestScope, command: string): { args: unknown[]; collect: () => void } {
  const report = reports.newFile();
  const data: ChildScopeData = { ...carryScope(scope), report };
  const copy = [...args];
  const options = copy[0];
  const envPairs = typeof options === 'object' && options !== null ? (options as { envPairs?: unknown }).envPairs : undefined;
  if (Array.isArray(envPairs)) {
    copy[0] = { ...(options as object), envPairs: withChildScope(envPairs.map(String), data) };
  } else if (Array.isArray(copy[3])) {
    copy[3] = withChildScope(copy[3].map(String), data);
  }
  return { args: copy, collect: () => collect(report, scope, command) };
}
