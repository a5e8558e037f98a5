import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadMochaConfigModule } from '../../adapters/mocha/mocha-internals';
import { splitFiles, type WeightedFile, weighByDurations } from '../../core/split';
import { parseArguments, wholeNumber } from '../arguments';
import { type CliCommand, type CliIo, CliUsageError } from '../command';
import { expandFiles } from './spec-files';

const USAGE = `Usage: npx hermetic split --shards N --index I [--from report.json] [spec files, folders or globs]

Prints the spec files of shard I of N (counted from 1), one per line, so that the shards take about equal time:
by each file's test durations in --from (a JSON report of an earlier run, a merged one included), else by file size.
The same input always gives the same split, and every file goes to exactly one shard.
Without spec arguments, the spec of Mocha's config file (.mocharc.*) is split, else Mocha's default ./test/*.{js,cjs,mjs}.

  npx mocha --parallel $(npx hermetic split --shards 5 --index 2 --from hermetic-report.json)`;

/** What Mocha would run without spec arguments: its config file's spec, extensions and recursive setting. */
function mochaSpec(): { spec: string[]; extensions: string[]; recursive: boolean } {
  const mocha = loadMochaConfigModule();
  const path = mocha?.findConfig(process.cwd());
  let config: Record<string, unknown> = {};
  try {
    if (path && mocha) config = mocha.loadConfig(path);
  } catch (err) {
    throw new CliUsageError(`cannot read Mocha's config ${path}: ${(err as Error).message}`);
  }
  const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : v === undefined ? [] : [String(v)]);
  const spec = list(config.spec);
  return {
    spec: spec.length > 0 ? spec : ['./test/*.{js,cjs,mjs}'],
    extensions: [...new Set(['js', 'cjs', 'mjs', ...list(config.extension)])],
    recursive: config.recursive === true,
  };
}

/** The tests of an earlier report, for their files' durations; a report that cannot be read is a mistake, not a silent fallback. */
function readDurations(path: string): { file?: string; durationMs?: number }[] {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    const why = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message;
    throw new CliUsageError(`cannot read --from ${path}: ${why}; give a JSON report hermetic wrote, or leave --from out`);
  }
  const tests = (value as { tests?: unknown } | null)?.tests;
  if (!Array.isArray(tests)) throw new CliUsageError(`--from ${path} has no tests list: give a JSON report hermetic wrote`);
  return tests as { file?: string; durationMs?: number }[];
}

async function run(args: readonly string[], io: CliIo): Promise<number> {
  const { options, words } = parseArguments(args, ['--shards', '--index', '--from'], 'see `npx hermetic split --help`');
  const shardsText = options.get('--shards');
  const indexText = options.get('--index');
  if (shardsText === undefined || indexText === undefined) {
    throw new CliUsageError('needs --shards N and --index I, e.g. --shards 5 --index 2 (see `npx hermetic split --help`)');
  }
  const shards = wholeNumber('--shards', shardsText, 1);
  const index = wholeNumber('--index', indexText, 1);
  if (index > shards) throw new CliUsageError(`--index ${index} is past --shards ${shards}: the index counts from 1 to ${shards}`);
  const mocha = mochaSpec();
  const files = expandFiles(io.cwd, words.length > 0 ? words : mocha.spec, 'spec file', mocha);
  if (files.length < shards) {
    throw new CliUsageError(`${files.length} spec files cannot fill ${shards} shards: use at most ${files.length} shards`);
  }
  const from = options.get('--from');
  const weighted: WeightedFile[] =
    from !== undefined
      ? weighByDurations(files, readDurations(resolve(io.cwd, from)))
      : files.map((path) => ({ path, weight: Math.max(1, statSync(resolve(io.cwd, path)).size) }));
  const mine = splitFiles(weighted, shards)[index - 1]!;
  io.out(`${mine.join('\n')}\n`);
  return 0;
}

export const splitCommand: CliCommand = {
  summary: 'print the spec files of one shard, so that shards take about equal time',
  usage: USAGE,
  run,
};
