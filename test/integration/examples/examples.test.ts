import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type JsonTest, linkPackedPackageIntoNodeModules, type MochaRun, runMocha } from '../../helpers/run-mocha';
import { EXAMPLES_DIR, expectedOutcomes, typeCheckExample } from './examples';

const { examples } = expectedOutcomes();

function failureOf(run: MochaRun, fullTitle: string): JsonTest {
  const failed = run.json?.failures.find((t) => t.fullTitle === fullTitle);
  assert.ok(failed, `"${fullTitle}" did not fail; failures: ${run.json?.failures.map((t) => t.fullTitle).join(' | ')}`);
  return failed;
}

/** The report lines that say which test, which size and what it reached; the rest of the box is tested with the report. */
function reportLines(test: JsonTest): string[] {
  return (test.err.message ?? '').split('\n').filter((line) => /^(Test|Category|Violation|Details|Attempted|Waited|At):? /.test(line));
}

describe('the examples, run as a user runs them [medium]', function () {
  this.timeout(120_000);
  before(linkPackedPackageIntoNodeModules);

  for (const example of examples) {
    it(`examples/${example.dir} ends with ${example.passing} passing and ${example.failing} failing`, async () => {
      const run = await runMocha(join(EXAMPLES_DIR, example.dir));
      assert.ok(run.json, `no JSON report; stderr:\n${run.stderr}`);
      const failures = run.json.failures.map((t) => `${t.fullTitle}: ${t.err.message}`).join('\n');
      assert.equal(run.json.stats.failures, example.failing, failures);
      assert.equal(run.json.stats.passes, example.passing, failures);
      assert.equal(run.code, example.failing);
    });

    it(`examples/${example.dir}/README.md states that outcome`, () => {
      const readme = readFileSync(join(EXAMPLES_DIR, example.dir, 'README.md'), 'utf8');
      const stated =
        example.failing === 0 ? `Expected: ${example.passing} passing` : `Expected: ${example.passing} passing, ${example.failing} failing`;
      assert.match(readme, new RegExp(`${stated}[ .]`), `README.md should say "${stated}"`);
    });
  }

  for (const dir of ['decorators-testdeck', 'typescript-project']) {
    it(`examples/${dir} type-checks with its own tsconfig.json`, () => {
      assert.deepEqual(typeCheckExample(join(EXAMPLES_DIR, dir)), []);
    });
  }

  describe('examples/before-violations', () => {
    let run: MochaRun;
    const prefix = 'before the fix';

    before(async () => {
      run = await runMocha(join(EXAMPLES_DIR, 'before-violations'));
    });

    const cases: Array<{ title: string; size: 'SMALL' | 'MEDIUM'; details: string | RegExp; at: string; violation?: string }> = [
      {
        title: '[small] tests that reach out calls an HTTP API',
        size: 'SMALL',
        details: 'Attempted connection to: api.example.invalid:80',
        at: 'At: lib/clients.js:8:10',
      },
      {
        title: '[small] tests that reach out connects to a database host',
        size: 'SMALL',
        details: 'Attempted connection to: 192.0.2.1:5432',
        at: 'At: lib/clients.js:18:24',
      },
      {
        title: '[small] tests that reach out resolves a host name',
        size: 'SMALL',
        details: 'Attempted DNS lookup of: cache.example.invalid',
        at: 'At: test/reaching-out.spec.js:32:26',
      },
      {
        title: '[small] tests that reach out calls a server on localhost',
        size: 'SMALL',
        details: /^Attempted connection to: 127\.0\.0\.1:\d+$/,
        at: 'At: lib/clients.js:8:10',
      },
      {
        title: '[small] tests that reach out swallows the error and still fails',
        size: 'SMALL',
        details: 'Attempted connection to: 192.0.2.1:6379',
        at: 'At: lib/clients.js:18:24',
      },
      {
        title: '[small] tests that reach out runs a command-line tool',
        size: 'SMALL',
        details: 'Attempted subprocess: node --version',
        at: 'At: test/reaching-out.spec.js:44:7',
        violation: 'Violation: Subprocess attempted',
      },
      {
        title: '[small] tests that reach out writes a report file',
        size: 'SMALL',
        details: 'Attempted write of: report.csv',
        at: 'At: test/reaching-out.spec.js:48:26',
        violation: 'Violation: Filesystem access attempted',
      },
      {
        title: '[small] tests that reach out waits before trying again',
        size: 'SMALL',
        details: 'Waited 200 ms on a real timer (timers/promises setTimeout)',
        at: 'At: test/reaching-out.spec.js:52:28',
        violation: 'Violation: Sleep on real time',
      },
      {
        title: '[medium] tests that reach out calls an HTTP API on another host',
        size: 'MEDIUM',
        details: 'Attempted connection to: 192.0.2.1:80',
        at: 'At: lib/clients.js:8:10',
      },
    ];

    for (const c of cases) {
      // The title names the size without brackets: a bracketed size would size this test itself.
      it(`reports the ${c.size.toLowerCase()} test "${c.title.split(' reach out ')[1]}" with its test, size, target and call site`, () => {
        const failed = failureOf(run, `${prefix} ${c.title}`);
        assert.equal(failed.err.code, 'ERR_HERMETIC_VIOLATION');
        const lines = reportLines(failed);
        const [group, ...rest] = c.title.split(/(?<=reach out) /);
        assert.equal(lines[0], `Test: test/reaching-out.spec.js > ${prefix} > ${group} > ${rest.join(' ')}`);
        assert.equal(lines[1], `Category: ${c.size}`);
        assert.equal(lines[2], c.violation ?? 'Violation: Network access attempted');
        if (typeof c.details === 'string') assert.equal(lines[3], c.details);
        else assert.match(lines[3] ?? '', c.details);
        assert.equal(lines[4], c.at);
      });
    }

    it('lets the medium test use the server on 127.0.0.1', () => {
      assert.deepEqual(
        run.json?.passes.map((t) => t.fullTitle),
        [`${prefix} [medium] tests that reach out calls a server on localhost`],
      );
    });
  });
});
