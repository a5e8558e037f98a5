// Runs one Mocha process and measures it from the outside: wall time from spawn to exit, and peak RSS.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { MOCHA_BIN, PACKAGE_ROOT } from './project.mjs';

const GNU_TIME = '/usr/bin/time';
const RSS_PROBE = join(PACKAGE_ROOT, 'bench', 'fixtures', 'max-rss-probe.cjs');

/**
 * Peak RSS and CPU time come from GNU time's `%M %U %S` (the kernel's rusage for the child, taken after
 * it exited, with no code of ours inside the measured process). Where GNU time is missing, a `--require`
 * probe writes `process.resourceUsage()` (the same kernel figures, read from inside) at exit.
 * CPU time is kept next to wall time because it hardly moves when other work shares the machine.
 */
export const RSS_METHOD = detectGnuTime() ? 'gnu-time' : 'probe';

function detectGnuTime() {
  if (!existsSync(GNU_TIME)) return false;
  const probe = spawnSync(GNU_TIME, ['-f', '%M', 'true'], { encoding: 'utf8' });
  return probe.status === 0 && /^\d+\s*$/.test(probe.stderr.trim().split('\n').pop() ?? '');
}

/** The environment of every measured process: no hermetic settings or Node options leak in from the caller. */
export function cleanEnv(extra = {}) {
  const env = { ...process.env };
  for (const key of Object.keys(env)) {
    if (/^_*HERMETIC_/i.test(key) || key.startsWith('MOCHA_') || key === 'NODE_OPTIONS') delete env[key];
  }
  return { ...env, FORCE_COLOR: '0', ...extra };
}

/** Spawns `argv` in `cwd` and resolves with its output, exit code and wall time. */
function timed(argv, { cwd, env, timeoutMs }) {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const child = spawn(argv[0], argv.slice(1), { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let wallMs;
    const out = [];
    const err = [];
    child.stdout.on('data', (c) => out.push(c));
    child.stderr.on('data', (c) => err.push(c));
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }, timeoutMs);
    child.on('error', reject);
    child.on('exit', () => {
      wallMs = Number(process.hrtime.bigint() - start) / 1e6;
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, wallMs, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() });
    });
  });
}

/** Mocha's `N passing` / `N failing` lines from the dot reporter. */
function counts(stdout) {
  const passing = /(\d+) passing/.exec(stdout);
  const failing = /(\d+) failing/.exec(stdout);
  return { passing: passing ? Number(passing[1]) : 0, failing: failing ? Number(failing[1]) : 0 };
}

/** `taskset`, where it exists: it pins every measured process of both sides to one CPU. */
export const TASKSET = spawnSync('taskset', ['-c', '0', 'true']).status === 0;

/**
 * Runs Mocha in `dir` with the side's config (`.mocharc.plain.json`, `.mocharc.hermetic.json`, `.mocharc.floor.json`)
 * on the Node executable `node`, pinned to CPU `cpu` when one is given.
 * `wrap` puts a command such as strace in front; it is never used for timed runs.
 */
export async function runSide(dir, side, { node = process.execPath, cpu, env = {}, timeoutMs = 300_000, wrap } = {}) {
  const rssFile = join(dir, `.rss-${side}`);
  const mocha = ['--config', `.mocharc.${side}.json`];
  const pin = cpu === undefined ? [] : ['taskset', '-c', String(cpu)];
  let argv;
  if (wrap) argv = [...wrap, node, MOCHA_BIN, ...mocha];
  else if (RSS_METHOD === 'gnu-time') argv = [...pin, GNU_TIME, '-f', '%M %U %S', '-o', rssFile, node, MOCHA_BIN, ...mocha];
  else argv = [...pin, node, '--require', RSS_PROBE, MOCHA_BIN, ...mocha];
  const run = await timed(argv, { cwd: dir, env: cleanEnv({ ...env, BENCH_RSS_FILE: rssFile }), timeoutMs });
  let rssBytes;
  let cpuMs;
  if (existsSync(rssFile)) {
    // GNU time puts "Command exited with non-zero status N" first when the run had failures.
    const [kib, user, system] = readFileSync(rssFile, 'utf8').trim().split('\n').pop().split(' ').map(Number);
    rssBytes = Number.isFinite(kib) ? kib * 1024 : undefined;
    cpuMs = Number.isFinite(user + system) ? (user + system) * 1000 : undefined;
    rmSync(rssFile);
  }
  return { ...run, rssBytes, cpuMs, ...counts(run.stdout) };
}
