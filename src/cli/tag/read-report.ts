import { readFileSync } from 'node:fs';
import type { ReportTitle } from '../../core/json-report';
import { isTestSize, TEST_SIZES, type TestSize } from '../../core/size';
import { CliUsageError } from '../command';

/** What `tag` reads from a JSON report: every title of the suggest run, and the sizes' time limits and default it ran with. */
export interface TagInput {
  readonly titles: readonly ReportTitle[];
  readonly timeouts: Readonly<Record<TestSize, number>>;
  readonly defaultSize: TestSize | undefined;
}

const HOW = 'run the suite once with `npx mocha --hermetic-suggest --hermetic-report=<file>` and pass that file';

/** Reads and checks the report; a file that is not one hermetic wrote in suggest mode is a usage error naming what to do. */
export function readReport(path: string): TagInput {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new CliUsageError(`cannot read the report ${path}${code === 'ENOENT' ? ': no such file' : `: ${code ?? String(err)}`}; ${HOW}`);
  }
  let report: unknown;
  try {
    report = JSON.parse(text);
  } catch {
    throw new CliUsageError(`${path} is not JSON; ${HOW}`);
  }
  const r = report as {
    generator?: { name?: unknown };
    run?: { config?: { suggest?: unknown; timeouts?: Record<string, unknown>; defaultSize?: unknown } };
    titles?: unknown;
  } | null;
  if (typeof r !== 'object' || r === null || r.generator?.name !== 'hermetic') {
    throw new CliUsageError(`${path} is not a hermetic report; ${HOW}`);
  }
  const config = r.run?.config;
  if (config?.suggest !== true || !Array.isArray(r.titles)) {
    throw new CliUsageError(`${path} comes from a run without suggest mode, so it has no sizes to write; ${HOW}`);
  }
  const timeouts = config.timeouts ?? {};
  if (!TEST_SIZES.every((s) => typeof timeouts[s] === 'number'))
    throw new CliUsageError(`${path} has no time limits in run.config.timeouts; ${HOW}`);
  const titles = (r.titles as unknown[]).filter(
    (t): t is ReportTitle =>
      typeof t === 'object' &&
      t !== null &&
      ((t as ReportTitle).kind === 'test' || (t as ReportTitle).kind === 'suite') &&
      Array.isArray((t as ReportTitle).titlePath),
  );
  return {
    titles,
    timeouts: timeouts as Record<TestSize, number>,
    defaultSize: isTestSize(config.defaultSize) ? config.defaultSize : undefined,
  };
}
