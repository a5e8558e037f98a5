import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { createProject, PACKAGE_ROOT, packedPackageDir, runMocha, type Project } from '../../helpers/run-mocha';

/** One test the size allows and one it blocks: the outcome must not depend on where the bundle's code came from. */
const SPEC = `const net = require('node:net');
describe('Api [small]', function () {
  it('computes', () => {});
  it('reaches out', () => new Promise((resolve) => net.connect(80, '192.0.2.1').on('error', resolve)));
});`;
const REACH_LINE = /^At: test\/t\.spec\.js:4:56$/m;

const BUILD = /^\/\/ hermetic build ([0-9a-f]{20})\n/.exec(readFileSync(join(PACKAGE_ROOT, 'dist', 'hermetic.js'), 'utf8'))?.[1];

/** The FNV-1a hash cjs/bundle.js names a copy of the package by. */
function pathHash(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return (hash >>> 0).toString(16).padStart(8, '0');
}

describe("the bundle's code cache [medium]", function () {
  let project: Project | undefined;
  afterEach(() => project?.remove());

  /** A project with its own temporary folder, so the cache it writes is this test's alone. */
  function setUp(): { tmp: string; dir: string; file: string } {
    project = createProject({ '.mocharc.yml': 'require: hermetic/mocha\n', 'test/t.spec.js': SPEC });
    const tmp = join(project.dir, 'tmp');
    mkdirSync(tmp);
    const dir = join(tmp, `hermetic-compile-cache-${process.getuid!()}`);
    return { tmp, dir, file: join(dir, `${BUILD}-${pathHash(join(packedPackageDir(), 'dist', 'hermetic.js'))}-${process.version}-${process.arch}.bin`) };
  }

  async function runAndCheck(tmp: string, env: Record<string, string> = {}): Promise<void> {
    const r = await runMocha(project!.dir, { env: { TMPDIR: tmp, ...env } });
    assert.equal(r.json?.stats.passes, 1, r.stderr);
    assert.equal(r.json?.stats.failures, 1);
    assert.match(r.json?.failures[0]?.err.message ?? '', /^Attempted connection to: 192\.0\.2\.1:80$/m);
    assert.match(r.json?.failures[0]?.err.message ?? '', REACH_LINE, r.json?.failures[0]?.err.message);
  }

  it('is written by the first run, in a folder only its user can read, and used as it is by the next', async () => {
    assert.ok(BUILD, 'dist/hermetic.js starts with its build line');
    const { tmp, dir, file } = setUp();
    await runAndCheck(tmp);
    assert.equal(statSync(dir).mode & 0o777, 0o700);
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.ok(statSync(file).size > 10_000, 'the cache holds the compiled bundle');
    const first = statSync(file);
    await runAndCheck(tmp);
    const second = statSync(file);
    // V8 accepted the cache, so nothing was written: a rejected one would have been replaced.
    assert.equal(second.ino, first.ino);
    assert.equal(second.mtimeMs, first.mtimeMs);
    assert.deepEqual(readdirSync(dir), [basename(file)], 'no temporary file is left');
  });

  it('keeps each installed copy of the package apart', async () => {
    const { tmp, dir } = setUp();
    await runAndCheck(tmp);
    // The same build installed elsewhere: V8 would restore the first copy's file name with its code.
    const installed = join(project!.dir, 'node_modules', 'hermetic');
    rmSync(installed);
    mkdirSync(installed);
    for (const part of ['package.json', 'dist', 'cjs', 'esm']) cpSync(join(PACKAGE_ROOT, part), join(installed, part), { recursive: true });
    // Mocha resolves `hermetic/mocha` from its own folder; the path reaches the copy.
    project!.write('.mocharc.yml', 'require: ./node_modules/hermetic/cjs/mocha.js\n');
    await runAndCheck(tmp);
    assert.equal(readdirSync(dir).length, 2);
  });

  it('is replaced when V8 rejects it, and the run is unchanged', async () => {
    const { tmp, dir, file } = setUp();
    mkdirSync(dir, { mode: 0o700 });
    const garbage = Buffer.alloc(4096, 7);
    writeFileSync(file, garbage, { mode: 0o600 });
    await runAndCheck(tmp);
    assert.notDeepEqual(readFileSync(file), garbage);
  });

  it('is neither read nor written in a folder others can write to', async () => {
    const { tmp, dir, file } = setUp();
    mkdirSync(dir);
    chmodSync(dir, 0o777);
    const planted = Buffer.alloc(4096, 7);
    writeFileSync(file, planted);
    await runAndCheck(tmp);
    assert.deepEqual(readFileSync(file), planted);
  });

  it('is off with NODE_DISABLE_COMPILE_CACHE, as Node’s own cache is', async () => {
    const { tmp, dir } = setUp();
    await runAndCheck(tmp, { NODE_DISABLE_COMPILE_CACHE: '1' });
    assert.equal(existsSync(dir), false);
  });

  it('leaves the bundle to Node’s own compile cache where NODE_COMPILE_CACHE turns that on (Node 22.1 and later)', async () => {
    const { tmp, dir, file } = setUp();
    const nodeCache = join(tmp, 'node-compile-cache');
    await runAndCheck(tmp, { NODE_COMPILE_CACHE: nodeCache });
    const [major, minor] = process.versions.node.split('.').map(Number) as [number, number];
    if (major > 22 || (major === 22 && minor >= 1)) {
      assert.equal(existsSync(dir), false, 'hermetic wrote its own cache beside Node’s');
      assert.ok(readdirSync(nodeCache, { recursive: true }).length > 0, 'Node cached the modules it compiled');
    } else {
      // Node 20 has no compile cache of its own: the variable means nothing there, and hermetic's cache is kept.
      assert.ok(existsSync(file), 'hermetic’s cache was written');
    }
  });

  it('is not written by a process that only imports the decorators', () => {
    const { tmp, dir } = setUp();
    const r = spawnSync(process.execPath, ['-e', "require('hermetic').Small"], { cwd: project!.dir, env: { ...process.env, TMPDIR: tmp }, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(existsSync(dir), false);
  });
});
