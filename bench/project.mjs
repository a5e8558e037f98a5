// Throwaway projects for the generated suites, laid out like a user's: mocha, nock and hermetic in node_modules.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PACKAGE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const MOCHA_BIN = join(PACKAGE_ROOT, 'node_modules', 'mocha', 'bin', 'mocha.js');
const FIXTURES = join(PACKAGE_ROOT, 'bench', 'fixtures');

/**
 * Mocha loads `--require` modules from its own folder, so `hermetic` must also resolve next to the
 * package's mocha, as it does in a project where both are installed side by side.
 */
function linkPackageNextToMocha() {
  const link = join(PACKAGE_ROOT, 'node_modules', 'hermetic');
  if (!existsSync(link)) symlinkSync(PACKAGE_ROOT, link, 'dir');
}

/** A folder under the system temp dir that holds every project of one bench run. */
export function createWorkspace() {
  linkPackageNextToMocha();
  const dir = mkdtempSync(join(tmpdir(), 'hermetic-bench-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Writes one project: `files` (path → text), `fixtures` copied from bench/fixtures, and one Mocha
 * config per side, so the two sides differ only in `require: hermetic/mocha`.
 */
export function createProject(workspace, name, { files, fixtures = [], plainRc, hermeticRc }) {
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
  mkdirSync(join(dir, 'node_modules'), { recursive: true });
  symlinkSync(PACKAGE_ROOT, join(dir, 'node_modules', 'hermetic'), 'dir');
  for (const dep of ['mocha', 'nock']) symlinkSync(join(PACKAGE_ROOT, 'node_modules', dep), join(dir, 'node_modules', dep), 'dir');
  return dir;
}
