import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import type { ReportTitle } from '../../core/json-report';
import { tagOf } from '../../core/size';
import { type CliCommand, CliUsageError } from '../command';
import { DURATION_MARGIN, planFile } from './plan-tags';
import { readReport } from './read-report';
import { decoratorName, type Edit, parseSites, UnparsableFile } from './source-sites';

const USAGE = `Usage: npx hermetic tag --from <report.json> [--dry-run] [--lower] [paths...]

Writes the sizes a suggest run found into the test files: a tag in the describe/it title ('fetches a user [medium]'),
or a size decorator on a class-based suite. A suite whose tests and hooks all fit one size is tagged once.

  --from <file>  the JSON report of a run with suggest and report set:
                 npx mocha --hermetic-suggest --hermetic-report=report.json
  --dry-run      print the changes as a unified diff (for git apply) and change nothing
  --lower        also lower sizes that are larger than the run needed (by default only unsized and too-small tests change)
  paths          only files at or under these paths

A size suggested from the time a test took is written only where that time was at most ${DURATION_MARGIN * 100}% of the size's limit.`;

interface TagOptions {
  readonly from: string;
  readonly dryRun: boolean;
  readonly lower: boolean;
  readonly paths: readonly string[];
}

function parseArgs(args: readonly string[]): TagOptions {
  let from: string | undefined;
  let dryRun = false;
  let lower = false;
  const paths: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--from') {
      from = args[++i];
      if (from === undefined || from.startsWith('--'))
        throw new CliUsageError('--from needs the path of a JSON report, e.g. --from report.json');
    } else if (arg.startsWith('--from=')) from = arg.slice('--from='.length);
    else if (arg === '--dry-run') dryRun = true;
    else if (arg === '--lower') lower = true;
    else if (arg.startsWith('-')) throw new CliUsageError(`unknown option ${arg}; the options are --from, --dry-run, --lower (see --help)`);
    else paths.push(arg);
  }
  if (!from)
    throw new CliUsageError(
      'name the report to read: --from report.json (written by a run with --hermetic-suggest --hermetic-report=report.json)',
    );
  return { from, dryRun, lower, paths };
}

/** `npx hermetic tag`: writes the sizes of a suggest run into the source. */
export const tagCommand: CliCommand = {
  summary: 'write the sizes a suggest run found into the test files as title tags or decorators',
  usage: USAGE,
  async run(args, io) {
    const options = parseArgs(args);
    const input = readReport(resolve(io.cwd, options.from));
    const byFile = groupByFile(input.titles, io.cwd, options.paths);
    if (byFile.size === 0) {
      io.err(
        `hermetic tag: the report names no test in ${options.paths.length > 0 ? options.paths.join(', ') : 'any file'}; nothing to tag\n`,
      );
      return options.paths.length > 0 ? 1 : 0;
    }
    // Loaded here, not with the command table: `npx hermetic --help` and every other command never read the parser.
    const { parse } = await import('@babel/parser');
    const { createTwoFilesPatch } = await import('diff');
    let failed = false;
    let diff = '';
    const counts = { tests: 0, suites: 0, files: 0 };
    for (const [file, titles] of [...byFile].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const path = resolve(io.cwd, file);
      if (!existsSync(path)) {
        io.err(
          `hermetic tag: ${file}: no such file here; the report comes from another checkout, or the file moved: run the suggest run again here\n`,
        );
        failed = true;
        continue;
      }
      const before = readFileSync(path, 'utf8');
      let parsed: ReturnType<typeof parseSites>;
      try {
        parsed = parseSites(parse as never, file, before);
      } catch (err) {
        if (!(err instanceof UnparsableFile)) throw err;
        io.err(`hermetic tag: ${file}: cannot parse it (${err.message}); nothing in it was changed\n`);
        failed = true;
        continue;
      }
      const plan = planFile(parsed.sites, titles, { timeouts: input.timeouts, defaultSize: input.defaultSize, lower: options.lower });
      for (const u of plan.untaggable) {
        io.err(
          `hermetic tag: ${file}:${u.line}: ${oneLine(u.title)} is built at run time, so it cannot be tagged here: write ${tagOf(u.size)} into its fixed text by hand\n`,
        );
      }
      if (plan.notFound.length > 0) {
        const first = plan.notFound[0]!;
        io.err(
          `hermetic tag: ${file}: ${plan.notFound.length === 1 ? 'a title' : `${plan.notFound.length} titles`} of the report ${plan.notFound.length === 1 ? 'is' : 'are'} not in this file (${first.kind} "${first.titlePath.join(' > ')}"${first.line ? ` at line ${first.line}` : ''}); the file changed since the suggest run, or the report comes from another checkout: run the suggest run again here; nothing in it was changed\n`,
        );
        // Sizes measured on other code may not fit this code: the file is left for a fresh suggest run.
        failed = true;
        continue;
      }
      const importing = parsed.importEdit(plan.decorators.map(decoratorName));
      const edits = importing ? [...plan.edits, importing] : plan.edits;
      if (edits.length === 0) continue;
      const after = applyEdits(before, edits);
      counts.tests += plan.tagged.tests;
      counts.suites += plan.tagged.suites;
      counts.files++;
      if (options.dryRun)
        diff += createTwoFilesPatch(`a/${posix(file)}`, `b/${posix(file)}`, before, after, undefined, undefined, { context: 3 });
      else writeFileSync(path, after);
    }
    if (options.dryRun) io.out(diff);
    io.err(`${summaryLine(counts, options.dryRun)}\n`);
    return failed ? 1 : 0;
  },
};

function summaryLine(counts: { tests: number; suites: number; files: number }, dryRun: boolean): string {
  if (counts.files === 0) return 'hermetic tag: nothing to change: every title found already has its size';
  const parts = [counts.suites > 0 ? plural(counts.suites, 'suite') : '', counts.tests > 0 ? plural(counts.tests, 'test') : ''].filter(
    Boolean,
  );
  return `hermetic tag: ${dryRun ? 'would size' : 'sized'} ${parts.join(' and ') || 'imports only'} in ${plural(counts.files, 'file')}${dryRun ? ' (dry run: nothing changed)' : ''}`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > 60 ? `${flat.slice(0, 57)}...` : flat;
}

function posix(file: string): string {
  return file.split(sep).join('/');
}

/** The report's titles by the file they are in, relative to the working folder, limited to `paths` when any are given. */
function groupByFile(titles: readonly ReportTitle[], cwd: string, paths: readonly string[]): Map<string, ReportTitle[]> {
  const roots = paths.map((p) => resolve(cwd, p));
  const byFile = new Map<string, ReportTitle[]>();
  for (const title of titles) {
    if (!title.file) continue;
    const full = resolve(cwd, title.file);
    if (roots.length > 0 && !roots.some((root) => full === root || full.startsWith(root.endsWith(sep) ? root : root + sep))) continue;
    const rel = relative(cwd, full);
    const key = rel.startsWith('..') || isAbsolute(rel) ? full : rel;
    byFile.set(key, [...(byFile.get(key) ?? []), title]);
  }
  return byFile;
}

/** The source with every edit made; edits never overlap, and everything between them stays byte for byte. */
export function applyEdits(source: string, edits: readonly Edit[]): string {
  let out = '';
  let at = 0;
  for (const edit of [...edits].sort((a, b) => a.start - b.start)) {
    out += source.slice(at, edit.start) + edit.text;
    at = edit.end;
  }
  return out + source.slice(at);
}
