import { strict as assert } from 'node:assert';
import { createProject, type Project, runMocha } from '../../helpers/run-mocha';

// Large: a medium test's Node children load hermetic's preload, and Node reads the nearest package.json to resolve it,
// the very file this test breaks (ADR 003, what is not covered).
describe('a package.json that is not JSON, through real Mocha [large]', function () {
  let project: Project | undefined;
  afterEach(() => project?.remove());

  it('stops the run with one line naming the file and the parse error, before any test, when Mocha is told not to read it', async () => {
    project = createProject({
      'package.json': '{ "name": "fixture-project", "hermetic": { "enforcement": "warn" },\n',
      '.mocharc.yml': 'require: hermetic/mocha\n',
      'test/a.spec.js': "describe('a', function () { it('runs', function () { console.log('TEST RAN'); }); });\n",
    });
    const run = await runMocha(project.dir, { args: ['--no-package', '--reporter', 'spec'] });
    assert.equal(run.code, 1, run.stdout + run.stderr);
    assert.doesNotMatch(run.stdout + run.stderr, /TEST RAN|\n\s+at /);
    assert.match(run.stderr.trim(), /^hermetic: cannot parse package\.json: [^\n]+$/);
  });
});
