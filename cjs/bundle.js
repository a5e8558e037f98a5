'use strict';
// Loads dist/hermetic.js, the one bundle behind every entry, through V8's code cache. Compiling it afresh
// costs several milliseconds at every start (and in every --parallel worker): a tenth of a typical run's share.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const vm = require('node:vm');
// Node's Module class without loading node:module, which also loads the ESM loader (about 0.3 ms of every start).
const Module = module.constructor;

const BUNDLE = path.join(__dirname, '..', 'dist', 'hermetic.js');
/** The build script writes a hash of the bundle's content on its first line; V8 itself only checks the length. */
const BUILD_LINE = /^\/\/ hermetic build ([0-9a-f]{20})\n/;
const STALE_MS = 30 * 24 * 60 * 60 * 1000;
const uid = typeof process.getuid === 'function' ? process.getuid() : undefined;

/**
 * Node's switch for its own compile cache turns this one off too; where Node's own cache is on, it covers the bundle.
 * It is on after `module.enableCompileCache()`, which loaded node:module, or by NODE_COMPILE_CACHE: only then is it asked.
 */
function cachingOff() {
  if (process.env.NODE_DISABLE_COMPILE_CACHE) return true;
  const api = typeof Module.getCompileCacheDir === 'function' ? Module : process.env.NODE_COMPILE_CACHE ? require('node:module') : undefined;
  return typeof api?.getCompileCacheDir === 'function' && Boolean(api.getCompileCacheDir());
}

/** FNV-1a, enough to tell installations apart. */
function hashOf(text) {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return (hash >>> 0).toString(16).padStart(8, '0');
}

/**
 * Where the cached code of this build lives, for this Node version and architecture, and for this copy of the
 * package: V8 restores a cached script's file name with its code, and stack traces must name the file that loaded.
 */
function cacheFile(source) {
  const build = BUILD_LINE.exec(source);
  if (!build) return undefined;
  const dir = path.join(os.tmpdir(), uid === undefined ? 'hermetic-compile-cache' : `hermetic-compile-cache-${uid}`);
  return { dir, file: path.join(dir, `${build[1]}-${hashOf(BUNDLE)}-${process.version}-${process.arch}.bin`) };
}

/** Cached code runs as it is: only a folder this user owns and nobody else can write is trusted. */
function isPrivate(dir) {
  try {
    const stat = fs.lstatSync(dir);
    return stat.isDirectory() && (uid === undefined || (stat.uid === uid && (stat.mode & 0o022) === 0));
  } catch {
    return false;
  }
}

function readCache(cache) {
  if (!cache || !isPrivate(cache.dir)) return undefined;
  try {
    return fs.readFileSync(cache.file);
  } catch {
    return undefined;
  }
}

/**
 * Keeps the compiled code once the process ends, so the functions the run compiled lazily are in it too. The first
 * complete cache stays: a --parallel run's main process, which runs no test, ends after its workers and finds theirs.
 * A cache that cannot be written costs only the next run's compile.
 */
function writeCache(script, cache, replace) {
  const temporary = `${cache.file}.${process.pid}.tmp`;
  try {
    fs.mkdirSync(cache.dir, { recursive: true, mode: 0o700 });
    if (!isPrivate(cache.dir)) return;
    fs.writeFileSync(temporary, script.createCachedData(), { mode: 0o600 });
    if (replace) fs.renameSync(temporary, cache.file);
    else fs.linkSync(temporary, cache.file);
    const now = Date.now();
    for (const name of fs.readdirSync(cache.dir)) {
      const other = path.join(cache.dir, name);
      if (other !== cache.file && now - fs.statSync(other).mtimeMs > STALE_MS) fs.rmSync(other, { force: true });
    }
  } catch {
    // Read-only or full temporary folder, or another process wrote the cache first.
  } finally {
    fs.rmSync(temporary, { force: true });
  }
}

let pending;

function load() {
  const loaded = require.cache[BUNDLE];
  if (loaded) return loaded.exports;
  if (cachingOff()) return require(BUNDLE);
  const source = fs.readFileSync(BUNDLE, 'utf8');
  const cache = cacheFile(source);
  if (!cache) return require(BUNDLE);
  const cachedData = readCache(cache);
  // The wrapper Node puts around a CommonJS module, on the bundle's first line so that line numbers stay the bundle's own.
  const wrapped = `(function (exports, require, module, __filename, __dirname) { ${source}\n})`;
  const script = new vm.Script(wrapped, { filename: BUNDLE, cachedData });
  const bundle = new Module(BUNDLE);
  bundle.filename = BUNDLE;
  require.cache[BUNDLE] = bundle;
  try {
    script.runInThisContext().call(bundle.exports, bundle.exports, Module.createRequire(BUNDLE), bundle, BUNDLE, path.dirname(BUNDLE));
  } catch (err) {
    delete require.cache[BUNDLE];
    throw err;
  }
  bundle.loaded = true;
  if (cachedData === undefined || script.cachedDataRejected) pending = { script, cache, replace: cachedData !== undefined };
  return bundle.exports;
}

module.exports = {
  hermetic: load(),
  /** Called by the plugin, whose process runs tests: what it compiles is what the next run needs. */
  cacheCompiledCodeAtExit() {
    if (!pending) return;
    const { script, cache, replace } = pending;
    pending = undefined;
    process.once('exit', () => writeCache(script, cache, replace));
  },
};
