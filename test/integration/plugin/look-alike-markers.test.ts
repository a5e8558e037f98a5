import { strict as assert } from 'node:assert';
import { createProject, type Project, runMocha } from '../../helpers/run-mocha';

describe('size tags written with look-alike brackets or characters [medium]', function () {
  let project: Project | undefined;
  afterEach(() => project?.remove());

  it('stops the run before any test, one line per tag naming the file and title; [smart] stays a word', async () => {
    project = createProject({
      '.mocharc.yml': 'require: hermetic/mocha\n',
      'test/a.spec.js': `
describe('Api ［small］', function () { it('x', function () { console.log('RAN'); }); });
describe('Db', function () { it('y {small}', function () { console.log('RAN'); }); });
describe('Cache [smaII]', function () { it('z', function () { console.log('RAN'); }); });
describe('Ui [smart]', function () { it('w', function () { console.log('RAN'); }); });
`,
    });
    const run = await runMocha(project.dir);
    assert.notEqual(run.code, 0);
    assert.doesNotMatch(run.stdout, /RAN/);
    assert.equal(
      run.json?.failures[0]?.err.message,
      [
        'hermetic: test/a.spec.js: "Api ［small］": size tag ［small］ is written with look-alike characters: write [small]',
        'hermetic: test/a.spec.js: "Db > y {small}": size tag {small} is written with look-alike characters: write [small]',
        'hermetic: test/a.spec.js: "Cache [smaII]": size tag [smaII] is written with look-alike characters: write [small]',
      ].join('\n'),
    );
    assert.doesNotMatch(run.json?.failures[0]?.err.stack ?? '', /\n\s+at /, 'no stack trace from inside hermetic');
  });
});
