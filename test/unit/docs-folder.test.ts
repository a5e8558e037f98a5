import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { docsFolderFrom } from '../../src/docs-folder';

describe('the docs folder a report names, from where hermetic is installed [medium]', () => {
  let root: string;
  beforeEach(() => {
    root = realpathSync(mkdtempSync(join(tmpdir(), 'hermetic-docs-folder-')));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  /** A copy of hermetic at `dir`, with the page the reports link. */
  function installAt(dir: string): string {
    mkdirSync(join(dir, 'docs'), { recursive: true });
    writeFileSync(join(dir, 'package.json'), '{"name":"hermetic"}');
    writeFileSync(join(dir, 'docs', 'troubleshooting.md'), '# Troubleshooting violations\n');
    return dir;
  }

  function dir(...parts: string[]): string {
    const path = join(root, ...parts);
    mkdirSync(path, { recursive: true });
    return path;
  }

  /** The folder as printed, and proof that it opens from `cwd`. */
  function folderFrom(cwd: string, packageRoot: string): string {
    const folder = docsFolderFrom(cwd, packageRoot);
    assert.ok(existsSync(join(cwd, folder, 'troubleshooting.md')), `${folder} does not open from ${cwd}`);
    return folder;
  }

  it('names node_modules/hermetic/docs in an npm project, and climbs to it from a subfolder', () => {
    const hermetic = installAt(join(root, 'app', 'node_modules', 'hermetic'));
    assert.equal(folderFrom(dir('app'), hermetic), 'node_modules/hermetic/docs');
    assert.equal(folderFrom(dir('app', 'test', 'unit'), hermetic), '../../node_modules/hermetic/docs');
  });

  it('names the node_modules/hermetic link of a pnpm project, not the .pnpm folder it leads to', () => {
    const hermetic = installAt(join(root, 'app', 'node_modules', '.pnpm', 'hermetic@0.1.0', 'node_modules', 'hermetic'));
    symlinkSync(hermetic, join(root, 'app', 'node_modules', 'hermetic'), 'dir');
    assert.equal(folderFrom(dir('app'), hermetic), 'node_modules/hermetic/docs');
  });

  it('names the copy hoisted to the root of a workspace, from a workspace package', () => {
    const hermetic = installAt(join(root, 'node_modules', 'hermetic'));
    assert.equal(folderFrom(dir('packages', 'api'), hermetic), '../../node_modules/hermetic/docs');
  });

  it('names the copy of a pnpm workspace package, linked into its own node_modules', () => {
    const hermetic = installAt(join(root, 'node_modules', '.pnpm', 'hermetic@0.1.0', 'node_modules', 'hermetic'));
    symlinkSync(hermetic, join(dir('packages', 'api', 'node_modules'), 'hermetic'), 'dir');
    assert.equal(folderFrom(dir('packages', 'api'), hermetic), 'node_modules/hermetic/docs');
  });

  it('passes over another version of hermetic nearer the working directory', () => {
    installAt(join(root, 'packages', 'api', 'node_modules', 'hermetic'));
    const hermetic = installAt(join(root, 'node_modules', 'hermetic'));
    assert.equal(folderFrom(dir('packages', 'api'), hermetic), '../../node_modules/hermetic/docs');
  });

  it("names the package's own folder when no node_modules/hermetic leads to it", () => {
    const hermetic = installAt(join(root, 'vendor', 'hermetic-fork'));
    assert.equal(folderFrom(dir('app'), hermetic), '../vendor/hermetic-fork/docs');
    assert.equal(folderFrom(hermetic, hermetic), 'docs');
  });
});
