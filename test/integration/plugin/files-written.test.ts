import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createProject, PACKAGE_ROOT, type Project, runMocha } from '../../helpers/run-mocha';

/** One test the size allows and one it blocks, in two files so that --parallel starts workers. */
const ALLOWED = `describe('Maths [small]', function () {
  it('adds', () => {});
});`;
const BLOCKED = `const net = require('node:net');
describe('Api [small]', function () {
  it('reaches out', () => new Promise((resolve) => net.connect(80, '192.0.2.1').on('error', resolve)));
});`;

/**
 * Every file under `dir`. Links are listed, never followed: node_modules/hermetic links back to the package, and
 * readdirSync's own `recursive` follows links on some Node versions.
 */
function filesUnder(dir: string, prefix = ''): string[] {
  return readdirSync(join(dir, prefix), { withFileTypes: true })
    .flatMap((entry) => (entry.isDirectory() ? filesUnder(dir, join(prefix, entry.name)) : [join(prefix, entry.name)]))
    .sort();
}

/** The installed package's own folders: a library must not write beside itself either. */
function packageFiles(): string[] {
  return ['dist', 'cjs', 'esm'].flatMap((part) => filesUnder(join(PACKAGE_ROOT, part)).map((f) => join(part, f)));
}

/** Node reads NODE_COMPILE_CACHE from 22.1 on; Node 20 ignores it. */
function hasNodeCompileCache(): boolean {
  const [major, minor] = process.versions.node.split('.').map(Number) as [number, number];
  return major > 22 || (major === 22 && minor >= 1);
}

describe('files a run writes [medium]', function () {
  let project: Project | undefined;
  let tmp: string | undefined;
  beforeEach(() => {
    project = createProject({ '.mocharc.yml': 'require: hermetic/mocha\n', 'test/maths.spec.js': ALLOWED, 'test/api.spec.js': BLOCKED });
    // Outside the project, so that the project's listing and the temporary folder's are checked apart.
    tmp = mkdtempSync(join(tmpdir(), 'hermetic-tmpdir-'));
  });
  afterEach(() => {
    project?.remove();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  /** Runs Mocha with TMPDIR pointed at the empty folder, and checks the run's outcome is the usual one. */
  async function run(args: string[], env: Record<string, string> = {}): Promise<void> {
    const r = await runMocha(project!.dir, { args, env: { TMPDIR: tmp!, TMP: tmp!, TEMP: tmp!, ...env } });
    assert.equal(r.json?.stats.passes, 1, r.stderr);
    assert.equal(r.json?.stats.failures, 1, r.stderr);
    assert.match(r.json?.failures[0]?.err.message ?? '', /^Attempted connection to: 192\.0\.2\.1:80$/m);
  }

  for (const args of [[], ['--parallel', '--jobs', '2']]) {
    it(`writes nothing to the temporary folder, the project or the package in a ${args.length ? '--parallel' : 'serial'} run`, async () => {
      const projectBefore = filesUnder(project!.dir);
      const packageBefore = packageFiles();
      await run(args);
      await run(args);
      assert.deepEqual(filesUnder(tmp!), [], 'the temporary folder stays empty');
      assert.deepEqual(filesUnder(project!.dir), projectBefore, 'the project gains no file');
      assert.deepEqual(packageFiles(), packageBefore, 'the package gains no file');
    });
  }

  it('writes nothing when a process only imports the decorators', () => {
    const projectBefore = filesUnder(project!.dir);
    const r = spawnSync(process.execPath, ['-e', "require('hermetic').Small"], {
      cwd: project!.dir,
      env: { ...process.env, TMPDIR: tmp!, TMP: tmp!, TEMP: tmp! },
      encoding: 'utf8',
    });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(filesUnder(tmp!), []);
    assert.deepEqual(filesUnder(project!.dir), projectBefore);
  });

  it("leaves compile caching to Node's own NODE_COMPILE_CACHE, where the user turns it on", async () => {
    const nodeCache = mkdtempSync(join(tmpdir(), 'hermetic-node-cache-'));
    try {
      await run([], { NODE_COMPILE_CACHE: nodeCache });
      assert.deepEqual(filesUnder(tmp!), [], 'nothing of hermetic’s own beside Node’s cache');
      // Node 20 has no compile cache: there the variable means nothing and the folder stays as the user made it.
      assert.equal(filesUnder(nodeCache).length > 0, hasNodeCompileCache(), `Node ${process.version}'s compile cache in use`);
    } finally {
      rmSync(nodeCache, { recursive: true, force: true });
    }
  });
});
