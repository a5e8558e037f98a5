import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { PACKAGE_ROOT } from '../helpers/run-mocha';

/** One fenced code block of a Markdown file, with the HTML comments written just before it. */
export interface CodeBlock {
  readonly file: string;
  readonly line: number;
  readonly lang: string;
  readonly code: string;
  /** `<!-- key: value -->` comments directly above the fence: `snippet: partial`, `expect: 2 passing, 1 failing`, `ts: standard`. */
  readonly directives: Readonly<Record<string, string>>;
  /** The path named by a first-line comment such as `// test/orders.spec.js`. */
  readonly path: string | undefined;
}

const FENCE = /^(\s*)```(\S*)\s*$/;
const DIRECTIVE = /^\s*<!--\s*([a-z-]+):\s*(.*?)\s*-->\s*$/;

/** The guide's pages and the README: every file whose code blocks the docs tests check. */
export function documentationFiles(): string[] {
  const docs = [
    'README.md',
    'getting-started.md',
    'markers.md',
    'configuration.md',
    'policy.md',
    'troubleshooting.md',
    'migration.md',
    'run-summary.md',
    'performance.md',
    'architecture/adr-002-size-resolution.md',
  ];
  return [join(PACKAGE_ROOT, 'README.md'), ...docs.map((d) => join(PACKAGE_ROOT, 'docs', d))];
}

export function readBlocks(path: string): CodeBlock[] {
  const lines = readFileSync(path, 'utf8').split('\n');
  const file = relative(PACKAGE_ROOT, path);
  const blocks: CodeBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE.exec(lines[i]!);
    if (!open) continue;
    const indent = open[1]!.length;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && !FENCE.test(lines[i]!); i++) body.push(lines[i]!.slice(indent));
    const directives: Record<string, string> = {};
    for (let j = start - 1; j >= 0; j--) {
      const d = DIRECTIVE.exec(lines[j]!);
      if (!d) break;
      directives[d[1]!] = d[2]!;
    }
    const code = body.join('\n');
    const path = /^\s*(?:\/\/|#)\s*(\S+\.(?:[cm]?[jt]s|ya?ml|json))\s*$/.exec(body[0] ?? '')?.[1];
    blocks.push({ file, line: start + 1, lang: open[2]!, code, directives, path });
  }
  return blocks;
}

/** Counts from an `expect` directive: `1 passing, 2 failing, 1 pending`. */
export function parseExpectation(text: string): { passes: number; failures: number; pending: number } {
  const count = (word: string): number => Number(new RegExp(`(\\d+) ${word}`).exec(text)?.[1] ?? 0);
  return { passes: count('passing'), failures: count('failing'), pending: count('pending') };
}

/** Whether a JS/TS block is a whole spec file that Mocha can run. */
export function isTestFile(block: CodeBlock): boolean {
  return block.directives.snippet !== 'partial' && /^\s*(describe\(|it\(|@suite\b)/m.test(block.code);
}

/** GitHub's heading anchor: lower case, punctuation dropped, spaces to hyphens, `-1`, `-2` for repeats. */
export function headingAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>();
  let inFence = false;
  for (const line of markdown.split('\n')) {
    if (/^\s*```/.test(line)) inFence = !inFence;
    const heading = inFence ? null : /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!heading) continue;
    const slug = heading[1]!
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    let anchor = slug;
    for (let n = 1; anchors.has(anchor); n++) anchor = `${slug}-${n}`;
    anchors.add(anchor);
  }
  return anchors;
}

/**
 * Numbered-list items whose number is not one more than the item before it in the same list (`7.` twice, `3.` after `1.`),
 * as `file:line: ...`. A list is the run of items at one indent; a heading or a line of text less indented than the
 * item's text ends it, and lines inside code fences are skipped.
 */
export function numberingProblems(path: string): string[] {
  const file = relative(PACKAGE_ROOT, path);
  const problems: string[] = [];
  /** Indent of the item's marker → the number of the last item seen there. */
  const open = new Map<number, number>();
  let fence = false;
  readFileSync(path, 'utf8')
    .split('\n')
    .forEach((line, index) => {
      if (FENCE.test(line)) fence = !fence;
      if (fence || line.trim() === '' || FENCE.test(line)) return;
      const indent = line.length - line.trimStart().length;
      const item = /^(\d+)[.)]\s/.exec(line.trimStart());
      for (const at of [...open.keys()]) if (at > indent || (at === indent && !item) || /^#/.test(line.trimStart())) open.delete(at);
      if (!item) return;
      const n = Number(item[1]);
      const before = open.get(indent);
      if (before !== undefined && n !== before + 1) problems.push(`${file}:${index + 1}: item ${n} follows item ${before}`);
      open.set(indent, n);
    });
  return problems;
}
