import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { createProject, type MochaRun, PACKAGE_ROOT, type Project, runMocha } from '../../helpers/run-mocha';
import { MIXED_SUITE } from './fixture';

interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the packed package's `hermetic` bin in the project, as `npx hermetic` does. */
function hermetic(project: Project, args: readonly string[], env: Record<string, string> = {}): Run {
  const bin = join(project.dir, 'node_modules', 'hermetic', 'cjs', 'cli.js');
  const result = spawnSync(process.execPath, [bin, ...args], { cwd: project.dir, encoding: 'utf8', env: { ...process.env, ...env } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const WARN = ['--parallel', '--reporter', 'dot', '--hermetic-enforcement=warn'];
const FILES = Object.keys(MIXED_SUITE)
  .filter((f) => f.startsWith('test/'))
  .sort();

/** The summary a run printed on stderr, from its heading to the end (the pyramid's verdict line included). */
function summaryOf(stderr: string): string {
  const at = stderr.indexOf('\nhermetic summary');
  assert.ok(at >= 0, `no summary in:\n${stderr}`);
  return stderr.slice(at);
}

/** What a merge printed, as one run prints it: the summary, then the verdict line; not the line counting the shards' failures. */
function mergeText(run: Run): string {
  const verdict = run.stderr
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('hermetic: the shards counted'))
    .map((line) => `${line}\n`)
    .join('');
  return `${run.stdout}${verdict}`;
}

/** A report without what may differ between one run and its shards merged: times, shard fields, the report's path, test order. */
function comparable(report: Record<string, any>): Record<string, any> {
  const { startedAt: _s, finishedAt: _f, shard: _shard, mergedShards: _m, ...run } = report.run;
  const { report: _path, ...config } = run.config;
  const { report: _pathSource, shard: _shardSource, ...configSources } = run.configSources;
  const byId = (a: { id?: string; testId?: string }, b: { id?: string; testId?: string }) =>
    String(a.id ?? a.testId) < String(b.id ?? b.testId) ? -1 : 1;
  return {
    ...report,
    run: { ...run, config, configSources },
    tests: report.tests.map(({ durationMs: _d, ...t }: Record<string, unknown>) => t).sort(byId),
    violations: report.violations.map(({ time: _t, durationMs: _d, ...v }: Record<string, unknown>) => v).sort(byId),
  };
}

describe('a suite split into shards adds up to one run [medium]', function () {
  this.timeout(240_000);
  let project: Project;
  let whole: MochaRun;
  let wholeReport: Record<string, any>;

  /** Runs the suite as `total` shards, each with the files `npx hermetic split` gives it, then merges their reports. */
  async function runShards(total: number, args: readonly string[], env: Record<string, string> = {}) {
    const dir = `shards-${total}-${Math.random().toString(36).slice(2, 8)}`;
    const shards: { files: string[]; run: MochaRun; jobSummary: string }[] = [];
    for (let index = 1; index <= total; index++) {
      const split = hermetic(project, ['split', '--shards', String(total), '--index', String(index), 'test/']);
      assert.equal(split.status, 0, split.stderr);
      const files = split.stdout.trim().split('\n');
      const jobSummary = join(project.dir, dir, `step-summary-${index}.md`);
      mkdirSync(join(project.dir, dir), { recursive: true });
      const run = await runMocha(project.dir, {
        args: [...args, `--hermetic-shard=${index}/${total}`, `--hermetic-report=${dir}/${index}.json`, ...files],
        env: { ...env, GITHUB_STEP_SUMMARY: jobSummary },
      });
      shards.push({ files, run, jobSummary: readFileSync(jobSummary, 'utf8') });
    }
    const merge = hermetic(project, ['merge', `${dir}/*.json`, '--out', `${dir}/merged.json`], {
      GITHUB_STEP_SUMMARY: join(project.dir, dir, 'step-summary-merge.md'),
    });
    return { dir, shards, merge };
  }

  /** The suite as three shards in warn mode, run once for the comparison and the refusals alike. */
  let threeShards: ReturnType<typeof runShards> | undefined;
  function warnShards(total: number): ReturnType<typeof runShards> {
    if (total !== 3) return runShards(total, [...WARN, '--hermetic-distribution=warn']);
    threeShards ??= runShards(3, [...WARN, '--hermetic-distribution=warn']);
    return threeShards;
  }

  before(async () => {
    project = createProject(MIXED_SUITE);
    whole = await runMocha(project.dir, {
      args: [...WARN, '--hermetic-distribution=warn', '--hermetic-report=whole.json', ...FILES],
      env: { GITHUB_STEP_SUMMARY: join(project.dir, 'step-summary-whole.md') },
    });
    assert.equal(whole.code, 0, whole.stderr);
    wholeReport = JSON.parse(readFileSync(join(project.dir, 'whole.json'), 'utf8'));
    // The suite shows every part of the summary, so the comparisons below compare something.
    const text = summaryOf(whole.stderr);
    for (const part of ['Unsized tests: 7', 'Violations: 6 violations in 6 tests', 'would fail under strict', 'outside its targets']) {
      assert.ok(text.includes(part), `${part} in:\n${text}`);
    }
  });
  after(() => project.remove());

  for (const total of [3, 5]) {
    it(`run as ${total} shards with --parallel, merges to the same summary and the same JSON as one run`, async () => {
      const { dir, shards, merge } = await warnShards(total);
      assert.deepEqual(shards.flatMap((s) => s.files).sort(), FILES, 'every spec file in exactly one shard');
      for (const [i, shard] of shards.entries()) {
        assert.equal(shard.run.code, 0, shard.run.stderr);
        assert.match(shard.run.stderr, new RegExp(`\\nhermetic summary \\(shard ${i + 1}/${total}\\)\\n`));
        assert.match(
          shard.run.stderr,
          new RegExp(`hermetic: shard ${i + 1}/${total}: the test pyramid is judged when the shards are merged`),
        );
        assert.doesNotMatch(shard.run.stderr, /the test pyramid is outside its targets/);
        assert.equal(shard.jobSummary.trim().split('\n').length, 1, 'a shard appends one line to the job summary');
        assert.match(shard.jobSummary, /the pyramid and the verdict wait for `npx hermetic merge`/);
      }
      assert.equal(merge.status, 0, merge.stderr);
      assert.equal(mergeText(merge), summaryOf(whole.stderr));
      const merged = JSON.parse(readFileSync(join(project.dir, dir, 'merged.json'), 'utf8'));
      assert.deepEqual(comparable(merged), comparable(wholeReport));
      assert.equal(merged.run.mergedShards, total);
      const schema = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'schema', 'report.schema.json'), 'utf8')) as object;
      const ajv = new Ajv({ allErrors: true, strict: true });
      addFormats(ajv);
      for (const report of [merged, JSON.parse(readFileSync(join(project.dir, dir, '1.json'), 'utf8'))]) {
        assert.ok(ajv.validate(schema, report), ajv.errorsText());
      }
      // The job summary of the merge is the one run's, but for its heading.
      const mergedSummary = readFileSync(join(project.dir, dir, 'step-summary-merge.md'), 'utf8');
      assert.equal(
        mergedSummary.replace(` (${total} shards merged)`, ''),
        readFileSync(join(project.dir, 'step-summary-whole.md'), 'utf8'),
      );
    });
  }

  it('fails the merge, not a shard, on distribution: strict, as one run would fail', async () => {
    const { shards, merge } = await runShards(3, [...WARN, '--hermetic-distribution=strict']);
    for (const shard of shards) assert.equal(shard.run.code, 0, shard.run.stderr);
    assert.equal(merge.status, 1, merge.stderr);
    assert.match(merge.stderr, /^hermetic: the test pyramid is outside its targets: small 73\.9% \(target 80% ±5\)$/m);
    const one = await runMocha(project.dir, { args: [...WARN, '--hermetic-distribution=strict', ...FILES] });
    assert.equal(one.code, 1, 'one whole run fails too');
  });

  it('fails the merge when a shard had a failing test, as one run would fail', async () => {
    const { shards, merge } = await runShards(2, [...WARN, '--hermetic-distribution=off'], { FAIL_ONE: '1' });
    assert.deepEqual(
      shards.map((s) => s.run.code),
      shards.map((s) => (s.files.includes('test/a-math.spec.js') ? 1 : 0)),
    );
    assert.equal(merge.status, 1, merge.stderr);
    assert.match(merge.stderr, /^hermetic: the shards counted 1 failure\(s\)/m);
    const one = await runMocha(project.dir, { args: [...WARN, ...FILES], env: { FAIL_ONE: '1' } });
    assert.equal(one.code, 1, 'one whole run fails too');
  });

  describe('refuses reports that do not make one suite, with one line naming the file and exit 2', () => {
    let dir: string;
    before(async () => {
      ({ dir } = await warnShards(3));
    });
    /** A merge of these shard reports (paths in the shards' folder). */
    const merge = (...names: string[]): Run => hermetic(project, ['merge', ...names.map((n) => `${dir}/${n}`), '--out', `${dir}/out.json`]);
    const oneLine = (run: Run, pattern: RegExp): void => {
      assert.equal(run.status, 2, run.stderr);
      assert.equal(run.stderr.trim().split('\n').length, 1, run.stderr);
      assert.match(run.stderr, pattern);
    };

    it('a shard run with other settings', () => {
      const report = JSON.parse(readFileSync(join(project.dir, dir, '2.json'), 'utf8'));
      report.run.config.tolerance = 10;
      writeFileSync(join(project.dir, dir, 'other-2.json'), JSON.stringify(report));
      oneLine(
        merge('1.json', 'other-2.json', '3.json'),
        new RegExp(`^hermetic merge: ${dir}/other-2\\.json was run with other settings than ${dir}/1\\.json: tolerance is 10 there, 5 in`),
      );
    });

    it('a missing shard, by the declared count', () => {
      oneLine(merge('1.json', '3.json'), /^hermetic merge: shard 2\/3 is missing: got 2 reports for 3 shards/);
    });

    it('a shard given twice', () => {
      copyFileSync(join(project.dir, dir, '2.json'), join(project.dir, dir, 'copy-of-2.json'));
      oneLine(
        merge('1.json', '2.json', 'copy-of-2.json', '3.json'),
        new RegExp(`^hermetic merge: ${dir}/2\\.json and ${dir}/copy-of-2\\.json are both shard 2/3`),
      );
    });

    it('a corrupt report', () => {
      const text = readFileSync(join(project.dir, dir, '3.json'), 'utf8');
      writeFileSync(join(project.dir, dir, 'cut-3.json'), text.slice(0, text.length / 2));
      oneLine(merge('1.json', '2.json', 'cut-3.json'), new RegExp(`^hermetic merge: ${dir}/cut-3\\.json is not JSON \\(`));
    });

    it('a report of another version, or of a run that was not a shard', () => {
      const report = JSON.parse(readFileSync(join(project.dir, dir, '3.json'), 'utf8'));
      writeFileSync(join(project.dir, dir, 'v1-3.json'), JSON.stringify({ ...report, version: 1 }));
      oneLine(
        merge('1.json', '2.json', 'v1-3.json'),
        new RegExp(`^hermetic merge: ${dir}/v1-3\\.json is a version 1 report, merge reads version 2`),
      );
      oneLine(
        hermetic(project, ['merge', 'whole.json', '--out', 'out.json']),
        /^hermetic merge: whole\.json is not a shard's report \(it has no run\.shard\)/,
      );
    });
  });
});
