#!/usr/bin/env node
// Checks the package as npm would publish it: the tarball holds every file package.json names, and publint and
// arethetypeswrong find nothing wrong with it. Usage: node scripts/ci/check-package.mjs [hermetic-x.y.z.tgz]
// (without a tarball it runs `npm pack`, which builds first).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { packTarball } from './pack.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Every file path a package.json field names: main, types, typesVersions and each leaf of exports. */
function namedFiles(pkg) {
  const files = [pkg.main, pkg.types, ...Object.values(pkg.bin ?? {})];
  const walk = (value) => {
    if (typeof value === 'string') files.push(value);
    else if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') Object.values(value).forEach(walk);
  };
  walk(pkg.exports);
  walk(pkg.typesVersions);
  // Loaded by path, not named in package.json: the bundle behind every entry, and the preload of each worker thread.
  files.push('./dist/hermetic.js', './dist/run-end.js', './dist/worker-preload.js', './dist/child-preload.js', './dist/cli.js');
  return [...new Set(files.filter(Boolean).map((file) => file.replace(/^\.\//, '')))];
}

function run(title, command, args) {
  const result = spawnSync(command, args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  const ok = result.status === 0;
  console.log(`${ok ? 'PASS' : 'FAIL'}  ${title}${ok ? '' : ` (exit ${result.status ?? result.signal})`}`);
  return ok;
}

const given = process.argv[2];
const work = mkdtempSync(join(tmpdir(), 'hermetic-check-package-'));
try {
  const tarball = given ? resolve(given) : packTarball(root, work);
  const listing = spawnSync('tar', ['-tzf', tarball], { encoding: 'utf8' });
  if (listing.status !== 0) {
    console.error(`cannot read ${tarball} as a gzipped tar file: ${listing.stderr.trim()}`);
    process.exit(1);
  }
  const inTarball = new Set(listing.stdout.split('\n').map((line) => line.replace(/^package\//, '')));
  const extracted = spawnSync('tar', ['-xzf', tarball, '-C', work, 'package/package.json']);
  if (extracted.status !== 0) {
    console.error(`${tarball} has no package/package.json`);
    process.exit(1);
  }
  const pkg = JSON.parse(readFileSync(join(work, 'package', 'package.json'), 'utf8'));
  const missing = namedFiles(pkg).filter((file) => !inTarball.has(file));
  let ok = missing.length === 0;
  console.log(
    ok
      ? `PASS  the tarball holds every file package.json names (${namedFiles(pkg).length} files)`
      : `FAIL  the tarball lacks ${missing.join(', ')}, which package.json names`,
  );
  const bin = (name) => join(root, 'node_modules', '.bin', name);
  ok = run('publint (warnings count as errors)', bin('publint'), ['run', '--strict', tarball]) && ok;
  ok = run('arethetypeswrong (node10, node16 CJS and ESM, bundler)', bin('attw'), ['--profile', 'strict', tarball]) && ok;
  process.exitCode = ok ? 0 : 1;
} finally {
  rmSync(work, { recursive: true, force: true });
}
