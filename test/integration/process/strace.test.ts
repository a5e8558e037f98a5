import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createProject, type Project, runMocha } from '../../helpers/run-mocha';

const STRACE = '/usr/bin/strace';
const fixture = (name: string): string => readFileSync(join(__dirname, 'fixtures', name), 'utf8');

/** Every execve strace saw, as `file argv…`: the run's own Mocha, and whatever the tests started. */
function execves(log: string): string[] {
  return log
    .split('\n')
    .filter((line) => /\bexecve\(/.test(line))
    .map((line) => line.replace(/^\d+\s+/, ''));
}

describe('what reaches the kernel when tests start processes, seen by strace [medium]', function () {
  this.timeout(180_000);
  before(() => assert.ok(existsSync(STRACE), `${STRACE} is needed for this proof (apt-get install strace)`));
  let project: Project | undefined;
  afterEach(() => project?.remove());

  async function trace(size: string): Promise<string[]> {
    project = createProject({
      '.mocharc.json': JSON.stringify({ require: 'hermetic/mocha' }),
      'test/child.cjs': fixture('child.fixture.cjs'),
      'test/starts.spec.cjs': fixture('starts.fixture.cjs').replace(/__SIZE__/g, size),
    });
    mkdirSync(join(project.dir, 'markers'));
    const log = join(project.dir, 'strace.log');
    const result = await runMocha(project.dir, {
      args: ['test/starts.spec.cjs'],
      env: { MARKER_DIR: join(project.dir, 'markers') },
      wrapper: [STRACE, '-f', '-s', '512', '-e', 'trace=execve', '-o', log],
      timeoutMs: 120_000,
    });
    assert.ok(result.json, result.stderr);
    return execves(readFileSync(log, 'utf8'));
  }

  const isMochasOwn = (call: string): boolean => /^execve\("[^"]*node", \["[^"]*node", "[^"]*mocha[^"]*\.js"/.test(call);

  it('sees the medium test’s children, so a trace without them means something', async () => {
    const calls = await trace('medium');
    assert.ok(calls.some(isMochasOwn), calls.join('\n'));
    assert.ok(calls.filter((c) => c.includes('child.cjs')).length >= 7, calls.join('\n'));
    assert.ok(
      calls.some((c) => c.startsWith('execve("/bin/sh"')),
      calls.join('\n'),
    );
  });

  it('shows no execve beyond Mocha’s own from the small test', async () => {
    const calls = await trace('small');
    assert.ok(calls.some(isMochasOwn), calls.join('\n'));
    assert.deepEqual(
      calls.filter((c) => !isMochasOwn(c)),
      [],
    );
  });
});
