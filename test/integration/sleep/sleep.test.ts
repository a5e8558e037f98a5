import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { createProject, type MochaRun, PACKAGE_ROOT, type Project, runMocha } from '../../helpers/run-mocha';

const fixture = (name: string): string => readFileSync(join(__dirname, 'fixtures', name), 'utf8');
const SLEEPS = [
  ['awaits timers/promises setTimeout', 'Waited 200 ms on a real timer (timers/promises setTimeout)', 'test/sleeps.spec.cjs:7:26'],
  ['waits for a global setTimeout callback', 'Waited 200 ms on a real timer (setTimeout)', 'test/sleeps.spec.cjs:10:5'],
  ['waits for a node:timers setTimeout callback', 'Waited 200 ms on a real timer (setTimeout)', 'test/sleeps.spec.cjs:13:12'],
  ['waits for a setInterval tick', 'Waited 200 ms on a real timer (setInterval)', 'test/sleeps.spec.cjs:16:22'],
  ['awaits scheduler.wait', 'Waited 200 ms on a real timer (scheduler.wait)', 'test/sleeps.spec.cjs:22:36'],
  [
    'awaits a timers/promises setInterval tick',
    'Waited 200 ms on a real timer (timers/promises setInterval)',
    'test/sleeps.spec.cjs:25:42',
  ],
  ['blocks on Atomics.wait', 'Attempted to block for 200 ms (Atomics.wait)', 'test/sleeps.spec.cjs:29:13'],
  [
    'awaits an imported timers/promises setTimeout',
    'Waited 200 ms on a real timer (timers/promises setTimeout)',
    'test/esm-sleep.spec.mjs:6:11',
  ],
] as const;

/** A project whose tests wait on real time in every way, at `size`, beside tests whose timers are no sleep. */
function sleepsProject(size: string, config: Record<string, unknown> = {}): Project {
  return createProject({
    '.mocharc.json': JSON.stringify({ require: 'hermetic/mocha', ...config }),
    'test/sleeps.spec.cjs': fixture('sleeps.fixture.cjs').replace(/__SIZE__/g, size),
    'test/esm-sleep.spec.mjs': fixture('esm-sleep.fixture.mjs').replace(/__SIZE__/g, size),
    'test/not-sleeps.spec.cjs': fixture('not-sleeps.fixture.cjs'),
  });
}

const run = (project: Project, args: readonly string[] = []): Promise<MochaRun> =>
  runMocha(project.dir, { args: ['test/sleeps.spec.cjs', 'test/esm-sleep.spec.mjs', 'test/not-sleeps.spec.cjs', ...args] });

/** How long the Atomics.wait test blocked, when it did. */
const atomicsWaited = (result: MochaRun): number | undefined => {
  const m = /ATOMICS_WAITED (\d+)/.exec(result.stdout);
  return m ? Number(m[1]) : undefined;
};

describe('the sleep guard on real Mocha [medium]', function () {
  this.timeout(180_000);
  let project: Project | undefined;
  afterEach(() => project?.remove());

  it("fails each small test that waited on real time, with the call, the delay and the user's line; Atomics.wait never blocks", async () => {
    project = sleepsProject('small');
    const result = await run(project);
    assert.ok(result.json, result.stderr);
    assert.deepEqual(result.json.failures.map((f) => f.title).sort(), SLEEPS.map(([title]) => title).sort(), result.stdout);
    for (const [title, details, at] of SLEEPS) {
      const message = result.json.failures.find((f) => f.title === title)?.err.message ?? '';
      assert.match(message, /Violation: Sleep on real time/, title);
      assert.ok(message.includes(`Details:\n${details}\nAt: ${at}\n`), `${title}:\n${message}`);
      assert.match(message, /sinon\.useFakeTimers\(\)/, title);
      assert.match(message, /troubleshooting\.md#sleeping-on-real-time/, title);
    }
    assert.equal(atomicsWaited(result), undefined, 'Atomics.wait blocked');
    assert.match(result.stderr, /Sleep\s+8 /);
  });

  it('passes every timer that is no sleep: cleared guards, yields, import-time and unref timers, sinon and @sinonjs/fake-timers', async () => {
    project = sleepsProject('small');
    const result = await runMocha(project.dir, { args: ['test/not-sleeps.spec.cjs'] });
    assert.ok(result.json, result.stderr);
    assert.deepEqual(
      result.json.failures.map((f) => `${f.title}: ${f.err.message}`),
      [],
    );
    assert.equal(result.json.stats.passes, 10);
    assert.match(result.stderr, /Violations: none/);
  });

  it('lets the sleeps go ahead in warn mode, with one greppable warning each', async () => {
    project = sleepsProject('small', { hermetic: { enforcement: 'warn' } });
    const result = await run(project);
    assert.ok(result.json, result.stderr);
    assert.equal(result.json.stats.failures, 0, result.stdout);
    assert.equal(result.stderr.match(/^Sleep violation \(hermetic, enforcement: warn\)$/gm)?.length, SLEEPS.length, result.stderr);
    assert.match(result.stderr, /^ {2}Waited 200 ms on a real timer \(scheduler\.wait\)$/m);
    assert.ok((atomicsWaited(result) ?? 0) >= 190, 'Atomics.wait went ahead');
  });

  it('patches nothing under enforcement: off', async () => {
    project = createProject({
      '.mocharc.json': JSON.stringify({ require: 'hermetic/mocha', hermetic: { enforcement: 'off' } }),
      'test/untouched.spec.cjs': fixture('untouched.fixture.cjs'),
      'test/sleeps.spec.cjs': fixture('sleeps.fixture.cjs').replace(/__SIZE__/g, 'small'),
    });
    const result = await runMocha(project.dir);
    assert.ok(result.json, result.stderr);
    assert.equal(result.json.stats.failures, 0, result.stdout);
    assert.equal(result.json.stats.passes, 8);
    assert.doesNotMatch(result.stderr, /Sleep violation/);
  });

  for (const size of ['medium', 'large']) {
    it(`leaves ${size} tests to sleep`, async () => {
      project = sleepsProject(size);
      const result = await run(project);
      assert.ok(result.json, result.stderr);
      assert.equal(result.json.stats.failures, 0, result.stdout);
      assert.match(result.stderr, /Violations: none/);
    });
  }

  it('takes a higher sleepThreshold from the flag: 200 ms timers are yields under 500ms', async () => {
    project = sleepsProject('small');
    const result = await run(project, ['--hermetic-sleep-threshold=500ms']);
    assert.ok(result.json, result.stderr);
    assert.equal(result.json.stats.failures, 0, result.stdout);
  });

  it('reports a small test that outlives its time limit on a long timer as over time, not as a sleep', async () => {
    project = createProject({
      '.mocharc.json': JSON.stringify({ require: 'hermetic/mocha' }),
      'test/overruns.spec.cjs': fixture('overruns.fixture.cjs'),
    });
    const result = await runMocha(project.dir);
    assert.ok(result.json, result.stderr);
    const message = result.json.failures[0]?.err.message ?? '';
    assert.match(message, /Violation: Time limit exceeded/);
    assert.doesNotMatch(message, /Sleep/);
    assert.doesNotMatch(result.stderr, /Sleep/);
  });

  it('writes the sleeps to the JSON report, valid against the shipped schema, and annotates them', async () => {
    project = sleepsProject('small', { hermetic: { report: 'report.json' } });
    // The annotations follow Mocha's JSON on stdout, so the report file is what is read here.
    const result = await runMocha(project.dir, { args: ['test/sleeps.spec.cjs'], env: { GITHUB_ACTIONS: 'true' } });
    const report = JSON.parse(readFileSync(join(project.dir, 'report.json'), 'utf8')) as {
      violations: Array<Record<string, unknown>>;
      run: { config: Record<string, unknown> };
    };
    const ajv = new Ajv({ allErrors: true, strict: true });
    addFormats(ajv);
    assert.ok(
      ajv.validate(JSON.parse(readFileSync(join(PACKAGE_ROOT, 'schema', 'report.schema.json'), 'utf8')) as object, report),
      ajv.errorsText(),
    );
    const scheduler = report.violations.find((v) => v.call === 'scheduler.wait')!;
    assert.deepEqual(
      [scheduler.kind, scheduler.group, scheduler.waitedMs, scheduler.callSite],
      ['sleep', 'Sleep', 200, 'test/sleeps.spec.cjs:22:36'],
    );
    assert.equal(report.run.config.sleepThreshold, 50);
    assert.match(
      result.stdout + result.stderr,
      /::error file=test\/sleeps\.spec\.cjs,line=22,col=36,title=hermetic%3A SMALL test blocked::.*waited 200 ms on a real timer \(scheduler\.wait\)/,
    );
  });
});
