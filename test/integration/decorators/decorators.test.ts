import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { createProject, type JsonReport, type JsonTest, type Project, runMocha } from '../../helpers/run-mocha';
import { compileFixture } from './compile-fixture';
import { FIXTURES } from './fixtures';

const MOCHARC = JSON.stringify({ require: ['hermetic/mocha'], spec: ['test/*.test.js'] });

function byTitle(report: JsonReport | undefined, fullTitle: string): { passed: boolean; test: JsonTest } {
  assert.ok(report, 'mocha printed no JSON report');
  const passed = report.passes.find((t) => t.fullTitle === fullTitle);
  if (passed) return { passed: true, test: passed };
  const failed = report.failures.find((t) => t.fullTitle === fullTitle);
  assert.ok(failed, `no test "${fullTitle}" in the report: ${report.tests.map((t) => t.fullTitle).join(' | ')}`);
  return { passed: false, test: failed };
}

function assertBlockedAsSmall(report: JsonReport | undefined, fullTitle: string): void {
  const { passed, test } = byTitle(report, fullTitle);
  assert.equal(passed, false, `"${fullTitle}" reached the server`);
  assert.match(String(test.err.stack ?? test.err.message), /HermeticityViolationError/);
  assert.match(String(test.err.message), /Category: SMALL/);
}

function assertReachedServer(report: JsonReport | undefined, fullTitle: string): void {
  const { passed, test } = byTitle(report, fullTitle);
  assert.equal(passed, true, `"${fullTitle}" failed: ${test.err.message}`);
}

describe('size decorators in real Mocha runs [medium]', function () {
  this.timeout(120_000);
  let server: Server;
  let port: number;
  const projects: Project[] = [];

  before(async () => {
    server = createServer((socket) => socket.end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as { port: number }).port;
  });

  after(async () => {
    for (const project of projects) project.remove();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  describe('experimentalDecorators with @testdeck/mocha', () => {
    let project: Project;
    let report: JsonReport | undefined;
    let sizes: Record<string, string>;
    let diagnostics: string[];

    before(async () => {
      project = createProject({
        '.mocharc.json': MOCHARC,
        'test/connect.ts': FIXTURES.CONNECT,
        'test/testdeck-suites.test.ts': FIXTURES.TESTDECK_SUITES,
      });
      projects.push(project);
      diagnostics = compileFixture(project.dir, ['test/connect.ts', 'test/testdeck-suites.test.ts'], 'experimental');
      const sizesFile = join(project.dir, 'sizes.json');
      report = (await runMocha(project.dir, { env: { SERVER_PORT: String(port), SIZES_FILE: sizesFile } })).json;
      sizes = JSON.parse(readFileSync(sizesFile, 'utf8')) as Record<string, string>;
    });

    it('type-checks @Small, @Medium and @suite(Small) without errors', () => {
      assert.deepEqual(diagnostics, []);
    });

    it('resolves each test to the size its class or method declares', () => {
      assert.deepEqual(sizes, {
        'SmallBelowSuite connects': 'small',
        'SmallBelowSuite reportsItsSize': 'small',
        'SmallAboveSuite connects': 'small',
        'Custom title for a small class connects': 'small',
        'Custom title with the size above connects': 'small',
        'SmallInsideSuite connects': 'small',
        'Custom title with the size inside connects': 'small',
        'SmallWithMediumMethod connectsAsSmall': 'small',
        'SmallWithMediumMethod connectsAsMedium': 'medium',
        'SmallWithMediumMethod named medium test': 'medium',
        'SmallWithMediumMethod connectsWithParams connectsWithParams 0': 'medium',
        'SmallWithMediumMethod connectsWithParams connectsWithParams 1': 'medium',
        'Custom title with a medium method connectsAsSmall': 'small',
        'Custom title with a medium method connectsAsMedium': 'medium',
        'OnlyAMediumMethod connectsAsMedium': 'medium',
        'reflect-metadata holds the sizes of classes and methods': 'unsized',
        'SmallBelowSuite is a plain describe with the same title as a class, left unsized': 'unsized',
      });
    });

    it("stops a small class's test at 127.0.0.1, with @Small below or above @suite", () => {
      assertBlockedAsSmall(report, 'SmallBelowSuite connects');
      assertBlockedAsSmall(report, 'SmallAboveSuite connects');
    });

    it("stops a small class's test under a custom @suite title", () => {
      assertBlockedAsSmall(report, 'Custom title for a small class connects');
      assertBlockedAsSmall(report, 'Custom title with the size above connects');
    });

    it("stops a small class's test with the size inside @suite(Small) and @suite(title, Small)", () => {
      assertBlockedAsSmall(report, 'SmallInsideSuite connects');
      assertBlockedAsSmall(report, 'Custom title with the size inside connects');
    });

    it("holds testdeck's static before to the class size under a custom title", () => {
      const hook = report?.failures.find((f) => f.fullTitle.startsWith('Static hooks under a custom title "before all" hook'));
      assert.ok(hook, 'the static before hook failed');
      assert.match(hook.err.message ?? '', /^Category: SMALL$/m);
      assert.match(hook.err.message ?? '', /^Attempted connection to: 127\.0\.0\.1:\d+$/m);
    });

    it('lets a @Medium method reach loopback inside a @Small class', () => {
      assertBlockedAsSmall(report, 'SmallWithMediumMethod connectsAsSmall');
      assertReachedServer(report, 'SmallWithMediumMethod connectsAsMedium');
      assertReachedServer(report, 'SmallWithMediumMethod named medium test');
      assertReachedServer(report, 'SmallWithMediumMethod connectsWithParams connectsWithParams 0');
      assertReachedServer(report, 'SmallWithMediumMethod connectsWithParams connectsWithParams 1');
      assertReachedServer(report, 'OnlyAMediumMethod connectsAsMedium');
    });

    it('lets a @Medium method reach loopback inside a custom-titled @Small class', () => {
      assertBlockedAsSmall(report, 'Custom title with a medium method connectsAsSmall');
      assertReachedServer(report, 'Custom title with a medium method connectsAsMedium');
    });

    it('records class and method sizes with reflect-metadata', () => {
      assertReachedServer(report, 'reflect-metadata holds the sizes of classes and methods');
    });

    it('knows the size inside the test body (sizeOf)', () => {
      assertReachedServer(report, 'SmallBelowSuite reportsItsSize');
    });
  });

  describe('two sizes on one class', () => {
    it('fails the run with a problem naming the file and the class', async () => {
      const project = createProject({ '.mocharc.json': MOCHARC, 'test/two-sizes.test.ts': FIXTURES.TWO_SIZES });
      projects.push(project);
      assert.deepEqual(compileFixture(project.dir, ['test/two-sizes.test.ts'], 'experimental'), []);
      const run = await runMocha(project.dir);
      assert.notEqual(run.code, 0);
      assert.match(run.stdout + run.stderr, /test\/two-sizes\.test\.js: class TwoSizes has two sizes, @Medium and @Small; keep one/);
    });
  });

  describe('TC39 standard decorators', () => {
    it('type-check on plain classes and methods and record sizes with reflect-metadata', async () => {
      const project = createProject({ '.mocharc.json': MOCHARC, 'test/standard.test.ts': FIXTURES.STANDARD_CLASSES });
      projects.push(project);
      assert.deepEqual(compileFixture(project.dir, ['test/standard.test.ts'], 'standard'), []);
      const run = await runMocha(project.dir);
      assert.equal(run.json?.stats.failures, 0, run.json?.failures.map((f) => f.err.message).join('\n') ?? run.stderr);
      assert.equal(run.json?.stats.passes, 2);
    });

    it('size no test of a plain class: a describe titled with the class name stays unsized', async () => {
      const project = createProject({
        '.mocharc.json': MOCHARC,
        'test/connect.ts': FIXTURES.CONNECT,
        'test/api.test.ts': FIXTURES.STANDARD_PLAIN_SUITE,
      });
      projects.push(project);
      assert.deepEqual(compileFixture(project.dir, ['test/connect.ts', 'test/api.test.ts'], 'standard'), []);
      const sizesFile = join(project.dir, 'sizes.json');
      const run = await runMocha(project.dir, { env: { SERVER_PORT: String(port), SIZES_FILE: sizesFile } });
      assertReachedServer(run.json, 'Api connects');
      assert.deepEqual(JSON.parse(readFileSync(sizesFile, 'utf8')), { 'Api connects': 'unsized' });
    });

    it('size no test on a @testdeck/mocha class, whose own decorators need experimentalDecorators', async () => {
      const project = createProject({
        '.mocharc.json': MOCHARC,
        'test/connect.ts': FIXTURES.CONNECT,
        'test/suite.test.ts': FIXTURES.STANDARD_TESTDECK,
      });
      projects.push(project);
      const diagnostics = compileFixture(project.dir, ['test/connect.ts', 'test/suite.test.ts'], 'standard');
      // hermetic's @Small type-checks; testdeck's @test (line 9) does not, and at run time testdeck registers no test.
      assert.ok(diagnostics.length > 0 && diagnostics.every((d) => d.includes('suite.test.ts:9:4: ')), diagnostics.join('\n'));
      const sizesFile = join(project.dir, 'sizes.json');
      const run = await runMocha(project.dir, { env: { SERVER_PORT: String(port), SIZES_FILE: sizesFile } });
      assert.equal(run.json?.stats.tests, 0, run.stderr);
    });
  });
});
