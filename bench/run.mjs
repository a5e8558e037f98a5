#!/usr/bin/env node
// `npm run bench`: plain Mocha against Mocha with hermetic/mocha on generated suites, in alternating runs.
// Usage: node bench/run.mjs [--workload <name>] [--pairs N] [--quick] [--keep]
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, platform, release, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { RSS_METHOD, runSide } from './measure.mjs';
import { createWorkspace, PACKAGE_ROOT } from './project.mjs';
import { MiB, mib, scatter, seconds, spread, table } from './stats.mjs';
import { pairRatio, readReport, reportPath, rssDelta, WORKLOADS } from './workloads.mjs';

const { values: opts } = parseArgs({
  options: {
    workload: { type: 'string', multiple: true },
    pairs: { type: 'string' },
    quick: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});

if (opts.help) {
  console.log(`node bench/run.mjs [--workload ${WORKLOADS.map((w) => w.name).join('|')}]... [--pairs N] [--quick] [--keep]`);
  process.exit(0);
}

const quick = opts.quick;
/** Above this spread of plain Mocha's own wall times ((max - min) / median), the bench says its ratios are uncertain. */
const UNSTEADY_SCATTER = 0.1;
const pairs = opts.pairs !== undefined ? Number(opts.pairs) : quick ? 1 : 5;
if (!Number.isInteger(pairs) || pairs < 1) {
  console.error(`--pairs must be a positive integer, got ${opts.pairs}`);
  process.exit(2);
}
const known = new Map(WORKLOADS.map((w) => [w.name, w]));
for (const name of opts.workload ?? []) {
  if (!known.has(name)) {
    console.error(`unknown workload ${name}; one of: ${[...known.keys()].join(', ')}`);
    process.exit(2);
  }
}
const wanted = new Set(opts.workload ?? known.keys());
// trivial-100k is judged against the extra memory at the trivial workload, so it brings that one along.
for (const name of [...wanted]) if (known.get(name).needs) wanted.add(known.get(name).needs);
const selected = WORKLOADS.filter((w) => wanted.has(w.name));

function version(pkg) {
  try {
    return JSON.parse(readFileSync(join(PACKAGE_ROOT, 'node_modules', pkg, 'package.json'), 'utf8')).version;
  } catch {
    return 'not installed';
  }
}

function gitCommit() {
  const r = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: PACKAGE_ROOT, encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : 'unknown';
}

function hasStrace() {
  return spawnSync('strace', ['-V'], { encoding: 'utf8' }).status === 0;
}

const log = (line) => console.log(line);

/** Checks a run reported exactly the passes and failures its side should have. */
function problemOf(run, expected, side) {
  if (run.signal) return `${side} run was killed (${run.signal})`;
  if (run.passing !== expected.passing || run.failing !== expected.failing) {
    const tail = run.stderr.trim().split('\n').slice(-8).join('\n    ');
    return `${side}: expected ${expected.passing} passing / ${expected.failing} failing, got ${run.passing} / ${run.failing} (exit ${run.code})\n    ${tail}`;
  }
  return undefined;
}

async function measure(dir, workload, side) {
  const report = reportPath(dir, side);
  const env = { ...(workload.env?.[side] ?? {}), ...(workload.report ? { BENCH_REPORT: report } : {}) };
  const run = await runSide(dir, side, { env });
  return { ...run, report: workload.report ? readReport(report) : undefined };
}

/**
 * One extra, untimed hermetic run under strace: which sockets, packets and resolver files the process touched.
 * Undefined where strace cannot trace (no ptrace permission in some containers).
 */
async function traceNetwork(dir, workload) {
  const file = join(dir, '.strace');
  const run = await runSide(dir, 'hermetic', {
    env: { ...workload.env.hermetic, BENCH_REPORT: reportPath(dir, 'traced') },
    wrap: ['strace', '-f', '-qq', '-e', 'trace=connect,sendto,sendmsg,openat', '-o', file],
  });
  rmSync(reportPath(dir, 'traced'), { force: true });
  if (!existsSync(file) || run.passing + run.failing === 0) return undefined;
  const lines = readFileSync(file, 'utf8').split('\n');
  rmSync(file);
  return {
    inetConnects: lines.filter((l) => /connect\(.*sa_family=AF_INET6?\b/.test(l)).length,
    port53: lines.filter((l) => /htons\(53\)/.test(l)).length,
    getaddrinfo: lines.filter((l) => /"\/etc\/hosts"|nscd\/socket/.test(l)).length,
  };
}

async function runWorkload(ws, workload, context) {
  const scale = quick ? workload.quick : workload.full;
  const count = pairs * (workload.pairsFactor ?? 1);
  log(`\n## ${workload.name}: ${workload.describe(scale)}`);
  const dir = workload.build(ws, scale);
  const expected = workload.expect(scale);
  const metric = workload.metric ?? { of: (r) => r.wallMs, format: seconds };
  const problems = [];
  // One discarded pair warms the file cache and the disk; alternating pairs then share any drift of the machine.
  if (!quick) {
    await measure(dir, workload, 'plain');
    await measure(dir, workload, 'hermetic');
  }
  const results = [];
  for (let i = 0; i < count; i++) {
    const plain = await measure(dir, workload, 'plain');
    const hermetic = await measure(dir, workload, 'hermetic');
    for (const [run, side] of [
      [plain, 'plain'],
      [hermetic, 'hermetic'],
    ]) {
      const problem = problemOf(run, expected[side], side);
      if (problem && !problems.includes(problem)) problems.push(problem);
    }
    results.push({ plain, hermetic });
    const show = (run) => `${metric.format(metric.of(run))}, cpu ${seconds(run.cpuMs ?? NaN)}, ${mib(run.rssBytes ?? NaN).slice(1)}`;
    log(`pair ${i + 1}/${count}: plain ${show(plain)}; hermetic ${show(hermetic)}`);
  }
  const extra = { ...context };
  if (workload.name === 'blocked-fetch' && hasStrace()) extra.strace = await traceNetwork(dir, workload);
  const verdict = workload.judge(results, scale, extra);
  for (const note of verdict.notes ?? []) log(`  ${note}`);
  for (const problem of problems) log(`  INVALID RUN: ${problem}`);
  const ok = verdict.ok && problems.length === 0;
  // A workload may judge memory its own way (trivial-100k: the highest run of each side); the table shows that figure.
  const shownRssDelta = verdict.rssDelta ?? rssDelta(results);
  return {
    name: workload.name,
    plain: spread(
      results.map((r) => metric.of(r.plain)),
      metric.format,
    ),
    hermetic: spread(
      results.map((r) => metric.of(r.hermetic)),
      metric.format,
    ),
    ratio: verdict.figure ?? `${pairRatio(results).toFixed(3)}x`,
    cpu: `${pairRatio(results, 'cpuMs').toFixed(3)}x`,
    rss: mib(shownRssDelta),
    rssDelta: shownRssDelta,
    target: verdict.target,
    result: ok ? 'PASS' : problems.length ? 'MISSED (invalid run)' : 'MISSED',
    notes: verdict.notes ?? [],
    plainScatter: workload.byWallTime ? scatter(results.map((r) => r.plain.wallMs)) : 0,
  };
}

/** `, 10 for trivial, 10 for require`: the workloads that run more pairs than asked for. */
function morePairs() {
  return selected
    .filter((w) => (w.pairsFactor ?? 1) > 1)
    .map((w) => `, ${pairs * w.pairsFactor} for ${w.name}`)
    .join('');
}

let ws;
try {
  ws = createWorkspace();
} catch (err) {
  console.error(err.message);
  process.exit(2);
}
const started = Date.now();
const startLoad = loadavg()[0];
const header = [
  `hermetic ${JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')).version} (commit ${gitCommit()})`,
  `Node ${process.version}, Mocha ${version('mocha')}, nock ${version('nock')}`,
  `CPU ${cpus()[0]?.model ?? 'unknown'} x ${cpus().length} cores, ${(totalmem() / 1024 / MiB).toFixed(1)} GiB RAM, ${platform()} ${release()}`,
  `load average at start ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
  `${quick ? 'quick smoke mode (tiny suites)' : `${pairs} alternating pairs per workload${morePairs()} (plain, hermetic, ...) after one discarded warm-up pair`}; ` +
    `peak RSS and CPU by ${RSS_METHOD === 'gnu-time' ? 'GNU time (%M %U %S)' : 'process.resourceUsage() at exit'}; reporter dot`,
];
for (const line of header) log(line);

const rows = [];
const context = {};
try {
  for (const workload of selected) {
    const row = await runWorkload(ws, workload, context);
    if (workload.name === 'trivial') context.trivialRssDelta = row.rssDelta;
    rows.push(row);
  }
} finally {
  if (opts.keep) log(`\nsuites kept in ${ws.dir}`);
  else ws.remove();
}

log('\n## Results\n');
for (const line of header) log(line);
log('');
log(
  table(
    ['workload', 'plain median (min-max)', 'hermetic median (min-max)', 'ratio', 'CPU ratio', 'RSS delta', 'target', 'result'],
    rows.map((r) => [r.name, r.plain, r.hermetic, r.ratio, r.cpu, r.rss, r.target, r.result]),
  ),
);
const missed = rows.filter((r) => r.result !== 'PASS');
log('ratio: median of per-pair wall-time ratios (hermetic / the plain run just before it); CPU ratio: the same for user+system CPU time,');
log(
  'which other load on the machine hardly moves. RSS delta: median peak RSS, hermetic minus plain (trivial-100k: the highest run of each side).',
);
log(
  `load average at end ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
// Plain Mocha's own runs should agree within a few percent; when they do not, the machine's speed moved under the bench.
const unsteady = quick ? [] : rows.filter((r) => r.plainScatter > UNSTEADY_SCATTER);
if (unsteady.length > 0) {
  const worst = Math.max(...unsteady.map((r) => r.plainScatter));
  log(
    `Plain Mocha's own wall times varied by up to ${(worst * 100).toFixed(0)}% between pairs (${unsteady.map((r) => r.name).join(', ')}): ` +
      'the machine changed speed during the bench (other load, CPU steal, throttling), so those ratios are uncertain; rerun, or add --pairs.',
  );
}
if (Math.max(startLoad, loadavg()[0]) > cpus().length) {
  log(`The machine was busy (load above its ${cpus().length} cores): wall times are noisy, the CPU ratio is the steadier figure.`);
}
log('');
log(missed.length ? `MISSED: ${missed.map((r) => r.name).join(', ')}` : 'All targets met.');
log(`total bench time ${((Date.now() - started) / 1000).toFixed(0)} s`);
// A missed target is reported, not fatal: CI only proves that the bench runs end to end.
process.exitCode = 0;
