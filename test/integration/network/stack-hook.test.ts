import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createProject, type Project, runMocha } from '../../helpers/run-mocha';

/** Each test installs a stack hook that throws, then connects outside; the hook is taken away after the test. */
const SPEC = `const net = require('node:net');
const hooked = (hook) => function () {
  const saved = Error.prepareStackTrace;
  Error.prepareStackTrace = hook;
  return new Promise((resolve, reject) => {
    let socket;
    try {
      socket = net.connect(80, '192.0.2.1');
    } catch (e) {
      reject(new Error('connect() threw ' + e.message));
      return;
    }
    socket.setTimeout(3000, () => socket.destroy(new Error('connect timed out: the attempt went out')));
    socket.once('connect', () => { socket.destroy(); resolve(); });
    socket.once('error', reject);
  }).finally(() => { Error.prepareStackTrace = saved; });
};
describe('a stack hook [medium]', function () {
  it('that throws', hooked(() => { throw new Error('user stack hook'); }));
  it('that returns no text', hooked((_error, frames) => frames));
});
`;

describe('a user stack hook never cancels a verdict [medium]', function () {
  let project: Project | undefined;
  afterEach(() => project?.remove());

  it('records the violation and fails the test with it, whatever Error.prepareStackTrace does', async () => {
    project = createProject({
      '.mocharc.json': JSON.stringify({ require: 'hermetic/mocha' }),
      'test/hook.spec.cjs': SPEC,
    });
    const run = await runMocha(project.dir, { args: ['test/hook.spec.cjs', '--hermetic-report=report.json'] });
    assert.ok(run.json, run.stderr);
    assert.equal(run.json.failures.length, 2, run.stdout);
    for (const failure of run.json.failures) {
      assert.equal(failure.err.code, 'ERR_HERMETIC_VIOLATION', `${failure.fullTitle}: ${failure.err.message}`);
      assert.match(failure.err.message ?? '', /192\.0\.2\.1:80/);
      assert.match(failure.err.message ?? '', /test\/hook\.spec\.cjs:\d+:\d+/, 'the box still points at the line that connected');
    }
    const report = JSON.parse(readFileSync(join(project.dir, 'report.json'), 'utf8')) as { violations?: unknown[] };
    assert.equal(report.violations?.length, 2, JSON.stringify(report));
  });
});
