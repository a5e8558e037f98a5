import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** The package root: fixtures import `hermetic` from here, built into dist/. */
export const PACKAGE_ROOT = resolve(__dirname, '..', '..');
const MOCHA_BIN = join(PACKAGE_ROOT, 'node_modules', 'mocha', 'bin', 'mocha.js');
const TMP_ROOT = join(PACKAGE_ROOT, '.tmp');

/** A throwaway project under .tmp/ with `node_modules/hermetic` linked to this package. */
export interface Project {
  readonly dir: string;
  write(path: string, text: string): void;
  remove(): void;
}

/**
 * Creates a project from `files` (path → text). It sits inside the package so that mocha, nock and the
 * client libraries resolve from the package's node_modules, and it has its own package.json and
 * .mocharc so that nothing of the package's own config leaks in.
 */
export function createProject(files: Record<string, string>): Project {
  mkdirSync(TMP_ROOT, { recursive: true });
  linkPackageIntoNodeModules();
  const dir = mkdtempSync(join(TMP_ROOT, 'project-'));
  const write = (path: string, text: string): void => {
    const full = join(dir, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, text);
  };
  if (!('package.json' in files)) write('package.json', JSON.stringify({ name: 'fixture-project', private: true }));
  if (!Object.keys(files).some((f) => f.startsWith('.mocharc'))) write('.mocharc.json', JSON.stringify({}));
  for (const [path, text] of Object.entries(files)) write(path, text);
  mkdirSync(join(dir, 'node_modules'), { recursive: true });
  symlinkSync(PACKAGE_ROOT, join(dir, 'node_modules', 'hermetic'), 'dir');
  return { dir, write, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Mocha imports `--require` modules from its own folder, so `hermetic` must resolve from the package's
 * node_modules as it does in a user's project, where hermetic and mocha are installed side by side.
 */
function linkPackageIntoNodeModules(): void {
  const link = join(PACKAGE_ROOT, 'node_modules', 'hermetic');
  if (!existsSync(link)) symlinkSync(PACKAGE_ROOT, link, 'dir');
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
