// Runs between `c8 mocha` and `c8 report`. Integration tests run hermetic's bundle in child processes, from this
// repository's dist/ or from a copy installed from the packed tarball. The bundle's source map names its sources
// relative to itself (../src/…), so a copy's coverage would be reported against the copy's src/, which is not
// shipped: point those sources at this repository's src/, so that every copy counts toward the same files.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const ownDist = join(root, 'dist');
/** c8's default temp directory, inside the reports directory that .c8rc.json names. */
const tempDirectory = join(root, 'coverage', 'tmp');
const bundles = new Set(['hermetic.js', 'run-end.js', 'worker-preload.js']);

/**
 * The source map of a bundle copy as Node cached it during the run; else read from the copy, or from this repository's
 * own build of that bundle once a test has removed its project (a copy is packed or linked from that same build).
 */
function sourceMapOf(copy, cached) {
  if (cached?.data) return cached;
  const path = existsSync(`${copy}.map`) ? copy : join(ownDist, basename(copy));
  if (!existsSync(path) || !existsSync(`${path}.map`)) return undefined;
  const lineLengths = readFileSync(path, 'utf8')
    .split(/\n/)
    .map((line) => line.length);
  return { lineLengths, data: JSON.parse(readFileSync(`${path}.map`, 'utf8')) };
}

let redirected = 0;
let unmapped = 0;
for (const name of existsSync(tempDirectory) ? readdirSync(tempDirectory) : []) {
  if (!name.endsWith('.json')) continue;
  const file = join(tempDirectory, name);
  const coverage = JSON.parse(readFileSync(file, 'utf8'));
  coverage['source-map-cache'] ??= {};
  const cache = coverage['source-map-cache'];
  let changed = false;
  for (const { url } of coverage.result ?? []) {
    if (!url.startsWith('file://')) continue;
    const path = fileURLToPath(url);
    if (!bundles.has(basename(path)) || basename(dirname(path)) !== 'dist' || dirname(path) === ownDist) continue;
    const map = sourceMapOf(path, cache[url]);
    // Node's cache holds the sources already resolved against the copy (file:///…/package/src/x.ts); a map on disk, relative.
    const copySources = `${pathToFileURL(join(dirname(dirname(path)), 'src')).href}/`;
    const ownSource = (source) =>
      source.startsWith('../src/')
        ? resolve(ownDist, source)
        : source.startsWith(copySources)
          ? join(root, 'src', source.slice(copySources.length))
          : undefined;
    if (!map?.data.sources.every((source) => ownSource(source) !== undefined)) {
      if (!map) unmapped++;
      continue;
    }
    const { sourceRoot: _relativeTo, ...data } = map.data;
    cache[url] = { ...map, data: { ...data, sources: data.sources.map(ownSource) } };
    redirected++;
    changed = true;
  }
  if (changed) writeFileSync(file, JSON.stringify(coverage));
}
if (unmapped > 0) console.warn(`coverage: ${unmapped} run(s) of an installed bundle had no source map left to read; they are not counted`);
if (redirected > 0 && process.env.HERMETIC_COVERAGE_DEBUG) console.warn(`coverage: ${redirected} installed bundle(s) mapped to src/`);
