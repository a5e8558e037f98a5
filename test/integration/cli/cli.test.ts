import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { createProject, type Project } from '../../helpers/run-mocha';

/** Runs the packed package's `hermetic` bin, as `npx hermetic` does, in a fresh project. */
function hermetic(project: Project, args: string[]): { status: number | null; stdout: string; stderr: string } {
  const bin = join(project.dir, 'node_modules', 'hermetic', 'cjs', 'cli.js');
  const result = spawnSync(process.execPath, [bin, ...args], { cwd: project.dir, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('npx hermetic [medium]', () => {
  let project: Project;
  before(() => {
    project = createProject({});
  });
  after(() => project.remove());

  it('prints its usage and every command for --help, exit 0', () => {
    const run = hermetic(project, ['--help']);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /^Usage: npx hermetic <command> \[options\]/);
    assert.equal(run.stderr, '');
  });

  it('prints the usage on stderr and exits 2 without a command', () => {
    const run = hermetic(project, []);
    assert.equal(run.status, 2);
    assert.equal(run.stdout, '');
    assert.match(run.stderr, /^Usage: npx hermetic <command>/);
  });

  it('names an unknown command in one line and exits 2', () => {
    const run = hermetic(project, ['mergee']);
    assert.equal(run.status, 2);
    assert.equal(run.stdout, '');
    assert.equal(run.stderr.trim().split('\n').length, 1);
    assert.match(run.stderr, /^hermetic: unknown command "mergee"; the commands are: .* \(see `npx hermetic --help`\)$/m);
  });

  it('prints the package version for --version', () => {
    const run = hermetic(project, ['--version']);
    assert.equal(run.status, 0);
    assert.match(run.stdout, /^\d+\.\d+\.\d+/);
  });
});
