import { extname } from 'node:path';
import { isTestSize, type TestSize } from '../../core/size';
import { parseTitleMarkers } from '../../core/title-tags';

/** The parts of a Babel AST node this file reads; the parser's own types would tie the build to @babel/types. */
interface AstNode {
  readonly type: string;
  readonly start: number;
  readonly end: number;
  readonly loc: { readonly start: { readonly line: number }; readonly end: { readonly line: number } };
  readonly [key: string]: unknown;
}

/** A replacement of `source.slice(start, end)` by `text`; an insertion when start equals end. */
export interface Edit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/**
 * One `describe`/`it` call, or one class-based suite or test method, as written in a file: where it is, its title when the
 * source spells it out, and the size it declares itself.
 */
export interface Site {
  readonly kind: 'suite' | 'test';
  /** `call`: the size goes in the title string. `class`: a testdeck class or method, sized by a decorator. */
  readonly style: 'call' | 'class';
  /** The title Mocha gets, when the source spells it out; undefined when it is built at run time. */
  readonly title: string | undefined;
  /** The title as written, for messages. */
  readonly titleText: string;
  /** Lines where a run reports this site's `describe`/`it` call: from its start to the title's end. */
  readonly startLine: number;
  readonly endLine: number;
  readonly parent: Site | undefined;
  readonly children: Site[];
  /** `it.skip`, `xit`: never runs, so it asks nothing of its suite's size. */
  readonly skipped: boolean;
  /** The size the site declares itself, by title tag or decorator. */
  readonly own: TestSize | undefined;
  /** How to make the site declare `size`: replaces its own tag or decorator, or inserts one. Undefined when not taggable. */
  readonly retag: ((size: TestSize) => Edit) | undefined;
}

export interface ParsedFile {
  readonly sites: readonly Site[];
  /** The edit that imports `names` from hermetic, where a decorator needs them and the file does not import them yet. */
  importEdit(names: readonly string[]): Edit | undefined;
}

/** A file Babel could not parse: the message names the line and what is wrong. */
export class UnparsableFile extends Error {
  override name = 'UnparsableFile';
}

type Parse = (text: string, options: Record<string, unknown>) => { program: AstNode };

const CALL_SUITES = new Set(['describe', 'context', 'suite', 'xdescribe', 'xcontext']);
const CALL_TESTS = new Set(['it', 'specify', 'test', 'xit', 'xspecify']);
const SKIPPED = new Set(['xdescribe', 'xcontext', 'xit', 'xspecify']);
const SIZE_DECORATORS: Readonly<Record<string, TestSize>> = { Small: 'small', Medium: 'medium', Large: 'large', XLarge: 'xlarge' };
/** Keys that hold no code, or whose code `walk` handles itself. */
const NOT_CODE = new Set(['loc', 'start', 'end', 'extra', 'leadingComments', 'trailingComments', 'innerComments', 'decorators', 'type']);

/** The decorator that gives a class-based test `size`. */
export function decoratorName(size: TestSize): string {
  return size === 'xlarge' ? 'XLarge' : `${size[0]!.toUpperCase()}${size.slice(1)}`;
}

/**
 * Babel's plugins for a file, by its extension: TypeScript where the file is TypeScript, JSX where it may hold JSX, and
 * one of the two decorator syntaxes: TypeScript's experimental decorators (`@suite export class`, parameter decorators),
 * or the standard ones, which also allow `export @suite class`.
 */
function pluginsFor(file: string, decorators: 'decorators-legacy' | ['decorators', object]): unknown[] {
  const ext = extname(file);
  if (ext === '.ts' || ext === '.mts' || ext === '.cts') return ['typescript', decorators];
  if (ext === '.tsx') return ['typescript', 'jsx', decorators];
  return ['jsx', decorators];
}

const DECORATOR_SYNTAXES = ['decorators-legacy', ['decorators', {}]] as const;

/** Finds every suite and test a file declares, with their nesting, using Babel's parser over the whole file. */
export function parseSites(parse: Parse, file: string, source: string): ParsedFile {
  let program: AstNode | undefined;
  let firstError: unknown;
  for (const decorators of DECORATOR_SYNTAXES) {
    try {
      program = parse(source, {
        sourceType: 'unambiguous',
        allowReturnOutsideFunction: true,
        allowAwaitOutsideFunction: true,
        allowImportExportEverywhere: true,
        plugins: pluginsFor(file, decorators as 'decorators-legacy' | ['decorators', object]),
      }).program;
      break;
    } catch (err) {
      firstError ??= err;
    }
  }
  if (!program) throw new UnparsableFile(firstError instanceof Error ? firstError.message : String(firstError));
  const eol = source.includes('\r\n') ? '\r\n' : '\n';
  const sites: Site[] = [];
  const add = (site: Site): Site => {
    sites.push(site);
    site.parent?.children.push(site);
    return site;
  };

  const visitCall = (call: AstNode, parent: Site | undefined): Site | undefined => {
    const name = creatorName(call.callee as AstNode);
    if (!name) return undefined;
    const kind = CALL_SUITES.has(name.base) ? 'suite' : CALL_TESTS.has(name.base) ? 'test' : undefined;
    const titleNode = (call.arguments as AstNode[])[0];
    if (!kind || !titleNode || isFunction(titleNode)) return undefined;
    const title = staticString(titleNode);
    const text = source.slice(titleNode.start, titleNode.end);
    const marked = parseTitleMarkers(title ?? templateText(titleNode) ?? '');
    return add({
      kind,
      style: 'call',
      title,
      titleText: text,
      startLine: call.loc.start.line,
      endLine: titleNode.loc.end.line,
      parent,
      children: [],
      skipped: SKIPPED.has(name.base) || name.variant === 'skip',
      own: marked.problems.length === 0 ? marked.size : undefined,
      retag: title === undefined ? undefined : (size) => retagTitle(titleNode, text, size),
    });
  };

  const visitClass = (node: AstNode, parent: Site | undefined): Site | undefined => {
    const decorators = (node.decorators as AstNode[] | undefined) ?? [];
    const suiteDecorator = decorators.find((d) => decoratorBase(d) === 'suite');
    if (!suiteDecorator) return undefined;
    const id = node.id as AstNode | null;
    const title = decoratorTitle(suiteDecorator) ?? (id ? (id.name as string) : undefined);
    return add(classSite('suite', node, decorators, title, parent, node.end));
  };

  const classSite = (
    kind: Site['kind'],
    node: AstNode,
    decorators: AstNode[],
    title: string | undefined,
    parent: Site | undefined,
    end: number,
  ): Site => {
    const sized = sizeDecorator(decorators);
    const first = decorators[0]!;
    return {
      kind,
      style: 'class',
      title,
      titleText: title ?? source.slice(node.start, Math.min(node.end, node.start + 40)),
      startLine: first.loc.start.line,
      endLine: lineAt(source, end),
      parent,
      children: [],
      skipped: decorators.some((d) => /^(test|suite)\.(skip|pending)$/.test(decoratorPath(d))),
      own: sized?.size,
      retag: (size) =>
        sized
          ? { start: sized.node.start, end: sized.node.end, text: decoratorName(size) }
          : { start: first.start, end: first.start, text: `@${decoratorName(size)}${separatorBefore(source, first.start, eol)}` },
    };
  };

  const walk = (node: unknown, parent: Site | undefined): void => {
    if (Array.isArray(node)) {
      for (const child of node) walk(child, parent);
      return;
    }
    if (!isNode(node)) return;
    let inside = parent;
    if (node.type === 'CallExpression') {
      const site = visitCall(node, parent);
      if (site?.kind === 'suite') inside = site;
    } else if (node.type === 'ClassDeclaration' || node.type === 'ClassExpression') {
      inside = visitClass(node, parent) ?? parent;
    } else if ((node.type === 'ClassMethod' || node.type === 'TSDeclareMethod') && parent?.style === 'class') {
      const decorators = (node.decorators as AstNode[] | undefined) ?? [];
      const testDecorator = decorators.find((d) => decoratorBase(d) === 'test');
      const key = node.key as AstNode;
      if (testDecorator) {
        const title = decoratorTitle(testDecorator) ?? (key.type === 'Identifier' ? (key.name as string) : staticString(key));
        add(classSite('test', node, decorators, title, parent, key.end));
      }
    }
    for (const key of Object.keys(node)) if (!NOT_CODE.has(key)) walk(node[key], inside);
  };
  walk(program.body, undefined);

  return { sites, importEdit: (names) => importEdit(program, source, eol, names) };
}

function isNode(value: unknown): value is AstNode {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

function isFunction(node: AstNode): boolean {
  return node.type === 'ArrowFunctionExpression' || node.type === 'FunctionExpression';
}

/** `describe`, `it.only`, `context.skip`: the interface function a call goes through, or undefined for any other call. */
function creatorName(callee: AstNode): { base: string; variant?: string } | undefined {
  if (callee.type === 'Identifier') return { base: callee.name as string };
  if (callee.type !== 'MemberExpression' || callee.computed) return undefined;
  const object = callee.object as AstNode;
  const property = callee.property as AstNode;
  if (object.type !== 'Identifier' || property.type !== 'Identifier') return undefined;
  const variant = property.name as string;
  return variant === 'only' || variant === 'skip' ? { base: object.name as string, variant } : undefined;
}

/** The string a title node always evaluates to: a string literal or a template literal without expressions. */
function staticString(node: AstNode): string | undefined {
  if (node.type === 'StringLiteral') return node.value as string;
  if (node.type === 'TemplateLiteral' && (node.expressions as unknown[]).length === 0) {
    return ((node.quasis as AstNode[])[0]!.value as { cooked?: string }).cooked ?? undefined;
  }
  return undefined;
}

/** A template literal's fixed parts, to read a size tag that a title built at run time still spells out. */
function templateText(node: AstNode): string | undefined {
  if (node.type !== 'TemplateLiteral') return undefined;
  return (node.quasis as AstNode[]).map((q) => (q.value as { cooked?: string }).cooked ?? '').join(' ');
}

/** `@suite`, `@suite('title')`, `@test.skip`: the decorator's dotted name. */
function decoratorPath(decorator: AstNode): string {
  let expression = decorator.expression as AstNode;
  if (expression.type === 'CallExpression') expression = expression.callee as AstNode;
  const parts: string[] = [];
  while (expression.type === 'MemberExpression') {
    parts.unshift(((expression.property as AstNode).name as string | undefined) ?? '?');
    expression = expression.object as AstNode;
  }
  parts.unshift((expression.name as string | undefined) ?? '?');
  return parts.join('.');
}

function decoratorBase(decorator: AstNode): string {
  return decoratorPath(decorator).split('.')[0]!;
}

/** The title a `@suite('title')` or `@test('title')` gives. */
function decoratorTitle(decorator: AstNode): string | undefined {
  const expression = decorator.expression as AstNode;
  if (expression.type !== 'CallExpression') return undefined;
  const first = (expression.arguments as AstNode[])[0];
  return first ? staticString(first) : undefined;
}

/** hermetic's size decorator among a class's or method's, also inside `@suite(Small)`, with the identifier to replace. */
function sizeDecorator(decorators: readonly AstNode[]): { size: TestSize; node: AstNode } | undefined {
  for (const decorator of decorators) {
    const expression = decorator.expression as AstNode;
    const candidates =
      expression.type === 'CallExpression' ? [expression.callee as AstNode, ...(expression.arguments as AstNode[])] : [expression];
    for (const node of candidates) {
      const size = node.type === 'Identifier' ? SIZE_DECORATORS[node.name as string] : undefined;
      if (size && isTestSize(size)) return { size, node };
    }
  }
  return undefined;
}

/** A title with its size tag replaced, or with ` [size]` added before its closing quote. */
function retagTitle(node: AstNode, text: string, size: TestSize): Edit {
  const inner = text.slice(1, -1);
  const tag = /\[(small|medium|large|xlarge)\]/i.exec(inner);
  if (tag) return { start: node.start + 1 + tag.index, end: node.start + 1 + tag.index + tag[0].length, text: `[${size}]` };
  const space = inner.length === 0 || /\s$/.test(inner) ? '' : ' ';
  return { start: node.end - 1, end: node.end - 1, text: `${space}[${size}]` };
}

/** What goes between an inserted decorator and the one it precedes: a new line at the same indent, or a space on a shared line. */
function separatorBefore(source: string, at: number, eol: string): string {
  const lineStart = source.lastIndexOf('\n', at - 1) + 1;
  const before = source.slice(lineStart, at);
  return /^[ \t]*$/.test(before) ? `${eol}${before}` : ' ';
}

function lineAt(source: string, offset: number): number {
  let line = 1;
  for (let i = source.indexOf('\n'); i !== -1 && i < offset; i = source.indexOf('\n', i + 1)) line++;
  return line;
}

/** Imports `names` from hermetic: added to the file's import of hermetic, or a new import after the last one. */
function importEdit(program: AstNode, source: string, eol: string, names: readonly string[]): Edit | undefined {
  const body = program.body as AstNode[];
  const imports = body.filter((s) => s.type === 'ImportDeclaration');
  const fromHermetic = imports.find(
    (s) =>
      (s.source as AstNode).value === 'hermetic' &&
      s.importKind !== 'type' &&
      (s.specifiers as AstNode[]).some((spec) => spec.type === 'ImportSpecifier'),
  );
  const imported = new Set(
    imports
      .filter((s) => (s.source as AstNode).value === 'hermetic')
      .flatMap((s) => (s.specifiers as AstNode[]).map((spec) => (spec.local as AstNode).name as string)),
  );
  const missing = names.filter((n) => !imported.has(n)).sort();
  if (missing.length === 0) return undefined;
  if (fromHermetic) {
    const last = (fromHermetic.specifiers as AstNode[]).filter((spec) => spec.type === 'ImportSpecifier').at(-1)!;
    return { start: last.end, end: last.end, text: missing.map((n) => `, ${n}`).join('') };
  }
  const lastImport = imports.at(-1);
  if (lastImport) {
    const raw = source.slice((lastImport.source as AstNode).start, (lastImport.source as AstNode).end);
    const quote = raw[0] === '"' ? '"' : "'";
    const semicolon = source.slice(lastImport.start, lastImport.end).trimEnd().endsWith(';') ? ';' : '';
    return {
      start: lastImport.end,
      end: lastImport.end,
      text: `${eol}import { ${missing.join(', ')} } from ${quote}hermetic${quote}${semicolon}`,
    };
  }
  const first = body[0];
  const at = first ? first.start : source.length;
  return { start: at, end: at, text: `const { ${missing.join(', ')} } = require('hermetic');${eol}` };
}
