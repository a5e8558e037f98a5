import { strict as assert } from 'node:assert';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createProject, type Project, runMocha } from '../../helpers/run-mocha';

/** Each fixture test prints `SIZE <title> <size>`; the lines tell what hermetic resolved. */
function sizesPrinted(stdout: string): Record<string, string> {
  const sizes: Record<string, string> = {};
  for (const m of stdout.matchAll(/^SIZE (.+) (\S+)$/gm)) sizes[m[1]!] = m[2]!;
  return sizes;
}

const PRINT = `const { sizeOf } = require('hermetic');
function print() { console.log('SIZE ' + this.test.title + ' ' + (sizeOf(this.test) || 'unsized')); }`;

describe('size markers [medium]', function () {
  let project: Project | undefined;
  afterEach(() => project?.remove());

  it('reads title tags in any case, anywhere, and lets the innermost marker win', async () => {
    project = createProject({
      '.mocharc.yml': 'require: hermetic/mocha\n',
      'test/sizes.spec.js': `${PRINT}
describe('Outer [SMALL]', function () {
  it('inherits', print);
  it('own tag [Large] wins', print);
  describe('Inner [medium]', function () {
    it('nested suite wins', print);
    it('[xlarge] own tag wins again', print);
  });
  describe('untagged inner', function () { it('inherits from outer', print); });
});
describe('no tag', function () { it('plain', print); it('tagged [regression] stays plain', print); });
`,
    });
    const run = await runMocha(project.dir);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(sizesPrinted(run.stdout), {
      inherits: 'small',
      'own tag [Large] wins': 'large',
      'nested suite wins': 'medium',
      '[xlarge] own tag wins again': 'xlarge',
      'inherits from outer': 'small',
      plain: 'unsized',
      'tagged [regression] stays plain': 'unsized',
    });
  });

  it('gives unmarked tests the configured default size', async () => {
    project = createProject({
      '.mocharc.yml': 'require: hermetic/mocha\nhermetic:\n  defaultSize: medium\n',
      'test/sizes.spec.js': `${PRINT}\ndescribe('no tag', function () { it('plain', print); it('[small] marked', print); });\n`,
    });
    const run = await runMocha(project.dir);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(sizesPrinted(run.stdout), { plain: 'medium', '[small] marked': 'small' });
  });

  it('stops the run before any test when a title has a near-miss or two sizes, naming the file and title', async () => {
    project = createProject({
      '.mocharc.yml': 'require: hermetic/mocha\n',
      'test/a.spec.js': `
describe('Api [smal]', function () { it('x', function () { console.log('RAN'); }); });
describe('Db [medium]', function () { it('y [Large ] and [meduim]', function () { console.log('RAN'); }); });
describe('[small] Both [large]', function () { it('z', function () { console.log('RAN'); }); });
`,
      'test/b.spec.js': `describe('fine [small]', function () { it('w', function () { console.log('RAN'); }); });\n`,
    });
    const run = await runMocha(project.dir);
    assert.notEqual(run.code, 0);
    assert.doesNotMatch(run.stdout, /RAN/);
    assert.equal(run.json?.stats.passes, 0);
    const message = run.json?.failures[0]?.err.message;
    assert.equal(
      message,
      [
        'hermetic: test/a.spec.js: "Api [smal]": unknown size tag [smal]: did you mean [small]?',
        'hermetic: test/a.spec.js: "Db [medium] > y [Large ] and [meduim]": unknown size tag [Large ]: did you mean [large]?',
        'hermetic: test/a.spec.js: "Db [medium] > y [Large ] and [meduim]": unknown size tag [meduim]: did you mean [medium]?',
        'hermetic: test/a.spec.js: "[small] Both [large]": two different sizes on one title: [small] and [large]; keep one',
      ].join('\n'),
    );
    assert.doesNotMatch(run.json?.failures[0]?.err.stack ?? '', /\n\s+at /, 'no stack trace from inside hermetic');
  });

  for (const parallel of [false, true]) {
    it(`prints a marker mistake alone${parallel ? ' in a --parallel run' : ''}: no summary, no JSON report, a failing exit`, async () => {
      project = createProject({
        '.mocharc.yml': `require: hermetic/mocha\n${parallel ? 'parallel: true\njobs: 2\n' : ''}`,
        'test/a.spec.js': `describe('Api [smal]', function () { it('x', function () {}); });\n`,
        'test/b.spec.js': `describe('fine [small]', function () { it('w', function () {}); });\n`,
      });
      const run = await runMocha(project.dir, { args: ['--reporter', 'spec', '--hermetic-report=report.json'] });
      assert.notEqual(run.code, 0);
      assert.match(run.stdout, /^ +hermetic: test\/a\.spec\.js: "Api \[smal\]": unknown size tag \[smal\]: did you mean \[small\]\?$/m);
      assert.doesNotMatch(run.stderr, /hermetic summary|Test sizes:|Violations:/, run.stderr);
      assert.equal(existsSync(join(project.dir, 'report.json')), false, 'no report of a run that did not happen');
    });
  }

  it('still summarises a --parallel run whose markers are right', async () => {
    project = createProject({
      '.mocharc.yml': 'require: hermetic/mocha\nparallel: true\njobs: 2\n',
      'test/a.spec.js': `describe('Api [small]', function () { it('x', function () {}); });\n`,
      'test/b.spec.js': `describe('fine [small]', function () { it('w', function () {}); });\n`,
    });
    const run = await runMocha(project.dir, { args: ['--hermetic-report=report.json'] });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /^Test sizes: 2 tests/m, run.stderr);
    assert.ok(existsSync(join(project.dir, 'report.json')));
  });
});
