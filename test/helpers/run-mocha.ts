import { execFileSync, spawn } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readlinkSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** The repository: its node_modules has mocha, nock and the client libraries the fixtures use. */
export const PACKAGE_ROOT = resolve(__dirname, '..', '..');
const MOCHA_BIN = join(PACKAGE_ROOT, 'node_modules', 'mocha', 'bin', 'mocha.js');
const TMP_ROOT = join(PACKAGE_ROOT, '.tmp');
const PACKED_ROOT = join(TMP_ROOT, 'packed');
const CI_SHARD_VARIABLES = new Set(['CIRCLE_NODE_INDEX', 'CIRCLE_NODE_TOTAL', 'CI_NODE_INDEX', 'CI_NODE_TOTAL']);
/** Unpacked packages of older builds are removed after this long; a test process still using one is long done. */
const STALE_MS = 60 * 60 * 1000;

/**
 * hermetic as npm publishes it: `npm pack` of the current build, unpacked under .tmp/packed/<shasum>/package, so that
 * the tests see only what the tarball ships. Packed once per test process; processes with the same build share it.
 */
class PackedPackage {
  private root: string | undefined;

  get dir(): string {
    this.root ??= this.pack();
    return this.root;
  }

  private pack(): string {
    if (!existsSync(join(PACKAGE_ROOT, 'dist', 'hermetic.js'))) {
      throw new Error('hermetic is not built: run `npm run build` first (the tests install the packed package, which ships dist/)');
    }
    mkdirSync(PACKED_ROOT, { recursive: true });
    const work = mkdtempSync(join(PACKED_ROOT, '.pack-'));
    try {
      // The build is done (`npm test` builds first), so prepack is skipped: the tests see exactly this build.
      const output = execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work], {
        cwd: PACKAGE_ROOT,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const [{ shasum, filename }] = JSON.parse(output) as [{ shasum: string; filename: string }];
      const target = join(PACKED_ROOT, shasum);
      if (!existsSync(join(target, 'package', 'package.json'))) {
        const unpacked = join(work, 'unpacked');
        mkdirSync(unpacked);
        execFileSync('tar', ['-xzf', join(work, filename), '-C', unpacked]);
        try {
          renameSync(unpacked, target);
        } catch (err) {
          // Another test process unpacked the same build first.
          if (!existsSync(join(target, 'package', 'package.json'))) throw err;
        }
      }
      removeStale(shasum);
      return join(target, 'package');
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }
}

function removeStale(current: string): void {
  const now = Date.now();
  for (const name of readdirSync(PACKED_ROOT)) {
    const path = join(PACKED_ROOT, name);
    const stat = statSync(path, { throwIfNoEntry: false });
    if (name !== current && stat && now - stat.mtimeMs > STALE_MS) rmSync(path, { recursive: true, force: true });
  }
}

const packed = new PackedPackage();

/** The unpacked package every test project installs. */
export function packedPackageDir(): string {
  return packed.dir;
}

/**
 * Points `<nodeModules>/hermetic` at the packed package, replacing a link to anything else (the repository itself, or
 * an older build) in one rename, so that a concurrent run never sees the link missing.
 */
function linkHermetic(nodeModules: string): void {
  const link = join(nodeModules, 'hermetic');
  const target = packed.dir;
  try {
    if (readlinkSync(link) === target) return;
  } catch {
    // No link yet, or not a link: replaced below.
  }
  mkdirSync(nodeModules, { recursive: true });
  const temporary = `${link}.${process.pid}.tmp`;
  rmSync(temporary, { force: true });
  symlinkSync(target, temporary, 'dir');
  renameSync(temporary, link);
}

/**
 * Mocha imports `--require` modules from its own folder, so `hermetic` must resolve from the repository's
 * node_modules as it does in a user's project, where hermetic and mocha are installed side by side.
 */
export function linkPackedPackageIntoNodeModules(): void {
  linkHermetic(join(PACKAGE_ROOT, 'node_modules'));
}

/** A throwaway project under .tmp/ with `node_modules/hermetic` linked to the packed package. */
export interface Project {
  readonly dir: string;
  write(path: string, text: string): void;
  remove(): void;
}

/**
 * Creates a project from `files` (path → text). It sits inside the repository so that mocha, nock and the
 * client libraries resolve from the repository's node_modules, and it has its own package.json and
 * .mocharc so that nothing of the repository's own config leaks in.
 */
export function createProject(files: Record<string, string>): Project {
  mkdirSync(TMP_ROOT, { recursive: true });
  linkPackedPackageIntoNodeModules();
  const dir = mkdtempSync(join(TMP_ROOT, 'project-'));
  const write = (path: string, text: string): void => {
    const full = join(dir, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, text);
  };
  if (!('package.json' in files)) write('package.json', JSON.stringify({ name: 'fixture-project', private: true }));
  if (!Object.keys(files).some((f) => f.startsWith('.mocharc'))) write('.mocharc.json', JSON.stringify({}));
  for (const [path, text] of Object.entries(files)) write(path, text);
  linkHermetic(join(dir, 'node_modules'));
  return { dir, write, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** One finished Mocha run. */
export interface MochaRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Parsed `--reporter json` output, when the run used it and printed it. */
  readonly json: JsonReport | undefined;
}

export interface JsonTest {
  readonly title: string;
  readonly fullTitle: string;
  readonly file?: string;
  readonly duration?: number;
  readonly err: { readonly message?: string; readonly stack?: string; readonly code?: string; readonly [k: string]: unknown };
}

export interface JsonReport {
  readonly stats: { readonly tests: number; readonly passes: number; readonly failures: number; readonly pending: number };
  readonly tests: readonly JsonTest[];
  readonly passes: readonly JsonTest[];
  readonly failures: readonly JsonTest[];
  readonly pending: readonly JsonTest[];
}

export interface RunOptions {
  /** Mocha's arguments, after the binary. `--reporter json` is added unless a reporter is given. */
  readonly args?: readonly string[];
  /** Extra environment; hermetic's own variables from the outer run are never passed on. */
  readonly env?: Record<string, string | undefined>;
  /** Node options placed before the Mocha binary, e.g. ['--import', 'tsx']. */
  readonly nodeArgs?: readonly string[];
  /** Wrap the run in a command such as ['strace', '-f', ...]. */
  readonly wrapper?: readonly string[];
  readonly timeoutMs?: number;
}

/** Runs real Mocha in a child process, in `dir`, and collects its output. */
export function runMocha(dir: string, options: RunOptions = {}): Promise<MochaRun> {
  const args = [...(options.args ?? [])];
  // Mocha 12 looks up each config file name in turn through every parent directory, so the package's own
  // .mocharc.yml would win over the project's .mocharc.json; naming the project's file keeps the run isolated.
  const ownConfig = existsSync(dir) ? readdirSync(dir).find((f) => /^\.mocharc\.(c?js|mjs|ya?ml|jsonc?)$/.test(f)) : undefined;
  if (ownConfig && !args.some((a) => a === '--config' || a.startsWith('--config=') || a === '--no-config')) {
    args.unshift('--config', join(dir, ownConfig));
  }
  if (!args.some((a) => a === '--reporter' || a.startsWith('--reporter=') || a === '-R')) args.push('--reporter', 'json');
  const env: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (k.startsWith('HERMETIC_') || k.startsWith('__HERMETIC') || k === 'MOCHA_WORKER_ID' || k === 'NODE_OPTIONS') continue;
    // A CI job's own shard (CircleCI parallelism, GitLab parallel:) would make every fixture run a shard of it.
    if (CI_SHARD_VARIABLES.has(k)) continue;
    env[k] = v;
  }
  Object.assign(env, { NO_COLOR: '1', FORCE_COLOR: undefined }, options.env);
  const command = [...(options.wrapper ?? []), process.execPath, ...(options.nodeArgs ?? []), MOCHA_BIN, ...args];
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command[0]!, command.slice(1), { cwd: dir, env: env as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolvePromise({ code, stdout, stderr, json: parseJson(stdout) });
    });
  });
}

function parseJson(stdout: string): JsonReport | undefined {
  const start = stdout.indexOf('{\n  "stats"');
  if (start < 0) return undefined;
  try {
    return JSON.parse(stdout.slice(start)) as JsonReport;
  } catch {
    return undefined;
  }
}
