// Throwaway projects for the generated suites, laid out like a user's: mocha, nock and hermetic in node_modules.
// mocha and nock are links to the package's own; hermetic is a snapshot of the build taken when the bench starts.
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PACKAGE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const MOCHA_BIN = join(PACKAGE_ROOT, 'node_modules', 'mocha', 'bin', 'mocha.js');
const FIXTURES = join(PACKAGE_ROOT, 'bench', 'fixtures');

/** Where `.mocharc` finds the plugin: the snapshot's CommonJS entry, the file `hermetic/mocha` resolves to. */
export const PLUGIN = './node_modules/hermetic/cjs/mocha.js';

function loads(dir) {
  return spawnSync(process.execPath, ['-e', `require(${JSON.stringify(join(dir, 'cjs', 'index.js'))})`], { stdio: 'ignore' }).status === 0;
}

/**
 * Copies the built package (package.json, dist/, cjs/, esm/) into the workspace, so that a rebuild while
 * the bench runs cannot change or remove what it measures. Waits for a build that is still writing.
 */
function snapshotPackage(into) {
  const dir = join(into, 'hermetic');
  for (let attempt = 0; attempt < 24; attempt++) {
    if (existsSync(join(PACKAGE_ROOT, 'dist', 'hermetic.js'))) {
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir, { recursive: true });
      copyFileSync(join(PACKAGE_ROOT, 'package.json'), join(dir, 'package.json'));
      for (const part of ['dist', 'cjs', 'esm']) cpSync(join(PACKAGE_ROOT, part), join(dir, part), { recursive: true });
      if (loads(dir)) return dir;
    }
    spawnSync('sleep', ['5']);
  }
  throw new Error('dist/ is missing or does not load: run `npm run build` first (or `npm run bench`, which builds).');
}

/** A folder under the system temp dir that holds every project of one bench run and the package snapshot. */
export function createWorkspace() {
  const dir = mkdtempSync(join(tmpdir(), 'hermetic-bench-'));
  try {
    return { dir, hermetic: snapshotPackage(dir), remove: () => rmSync(dir, { recursive: true, force: true }) };
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

/**
 * Writes one project: `files` (path → text), `fixtures` copied from bench/fixtures, and one Mocha
 * config per side, so the sides differ only in `require: hermetic/mocha` (or the floor's stand-in, `floorRc`).
 */
export function createProject(workspace, name, { files, fixtures = [], plainRc, hermeticRc, floorRc }) {
  const dir = join(workspace.dir, name);
  const write = (path, text) => {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  };
  write('package.json', JSON.stringify({ name: `bench-${name}`, private: true }, null, 2));
  for (const [path, text] of Object.entries(files)) write(path, text);
  for (const fixture of fixtures) {
    mkdirSync(join(dir, 'setup'), { recursive: true });
    copyFileSync(join(FIXTURES, fixture), join(dir, 'setup', fixture));
  }
  write('.mocharc.plain.json', JSON.stringify(plainRc, null, 2));
  write('.mocharc.hermetic.json', JSON.stringify(hermeticRc, null, 2));
  if (floorRc) write('.mocharc.floor.json', JSON.stringify(floorRc, null, 2));
  mkdirSync(join(dir, 'node_modules'), { recursive: true });
  symlinkSync(workspace.hermetic, join(dir, 'node_modules', 'hermetic'), 'dir');
  for (const dep of ['mocha', 'nock']) symlinkSync(join(PACKAGE_ROOT, 'node_modules', dep), join(dir, 'node_modules', dep), 'dir');
  return dir;
}
