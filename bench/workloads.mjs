// The workloads of the issue: each generates its suite, says what both sides must report, and judges its target.
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createProject, PLUGIN } from './project.mjs';
import { MiB, median, mib, percentile } from './stats.mjs';

const DOT = { reporter: 'dot', spec: ['test/*.spec.js'] };
const OUTSIDE_URL = 'http://api.example.invalid/';

function tests(count, line) {
  return Array.from({ length: count }, (_, i) => line(i)).join('\n');
}

function trivialFiles(files, perFile, { nock = false } = {}) {
  const out = {};
  for (let f = 0; f < files; f++) {
    out[`test/trivial-${String(f).padStart(3, '0')}.spec.js`] = [
      "'use strict';",
      nock ? "require('nock');" : '',
      `describe('[small] trivial file ${f}', function () {`,
      tests(perFile, (i) => `  it('does nothing ${i}', function () {});`),
      '});',
      '',
    ].join('\n');
  }
  return out;
}

function suiteFiles(files, perFile, head, size, title, body) {
  const out = {};
  for (let f = 0; f < files; f++) {
    out[`test/${title.replace(/\W+/g, '-')}-${String(f).padStart(3, '0')}.spec.js`] = [
      "'use strict';",
      head,
      `describe('[${size}] ${title} file ${f}', function () {`,
      tests(perFile, (i) => `  it('${title} ${i}', function () { ${body} });`),
      '});',
      '',
    ].join('\n');
  }
  return out;
}

/** Median of per-pair ratios: each run of `side` is compared with the plain run of the same round. */
export function pairRatio(pairs, key = 'wallMs', side = 'hermetic') {
  return median(pairs.map((p) => p[side][key] / p.plain[key]));
}

/**
 * The fastest run of `side` over the fastest plain run. Other load only ever slows a run down, so on a shared machine
 * the fastest of many runs is the one least disturbed, and it repeats far better than a median of ratios.
 */
export function fastestRatio(pairs, key = 'wallMs', side = 'hermetic') {
  return Math.min(...pairs.map((p) => p[side][key])) / Math.min(...pairs.map((p) => p.plain[key]));
}

/**
 * The wall-time line for the 10,000-empty-test workloads: one point above what one scope per test costs on that line
 * (the minimal stand-in measured 1.027x on Node 20, 1.047x on Node 24, 1.024x on Node 26).
 */
export function emptyTestLimit(major) {
  return major === 24 ? 1.055 : 1.035;
}

export function rssDelta(pairs) {
  return median(pairs.map((p) => p.hermetic.rssBytes)) - median(pairs.map((p) => p.plain.rssBytes));
}

/**
 * The highest peak RSS of each side, hermetic minus plain. At 100,000 tests either side's peak lands in one of two modes
 * some 30 to 50 MiB apart, by when V8 happens to collect, so a median of five can compare a high run with a low one;
 * the highest run of each side is the memory that suite needs, and memory kept per test would raise it.
 */
export function highestRssDelta(pairs) {
  return Math.max(...pairs.map((p) => p.hermetic.rssBytes)) - Math.max(...pairs.map((p) => p.plain.rssBytes));
}

const passAll = (n) => ({ passing: n, failing: 0 });

function wallTarget(limitOf) {
  return (pairs, _s, extra) => {
    const limit = limitOf(extra.major);
    return { target: `<= ${limit}x wall`, ok: fastestRatio(pairs) <= limit };
  };
}

/** The stand-in for the floor of a scope-per-test design, run as a third side of the empty-test workloads. */
const FLOOR_RC = { ...DOT, require: ['./setup/minimal-scope.cjs'] };

/** Every workload at full size and in `--quick` smoke size. `byWallTime`: judged by the ratio of whole-process wall times. */
export const WORKLOADS = [
  {
    name: 'trivial',
    byWallTime: true,
    floor: true,
    describe: (s) => `${s.files * s.perFile} trivial small tests (${s.files} files x ${s.perFile}), no nock`,
    full: { files: 20, perFile: 500 },
    quick: { files: 2, perFile: 50 },
    build(ws, s) {
      return createProject(ws, 'trivial', {
        files: trivialFiles(s.files, s.perFile),
        fixtures: ['minimal-scope.cjs'],
        floorRc: FLOOR_RC,
        plainRc: DOT,
        hermeticRc: { ...DOT, require: [PLUGIN] },
      });
    },
    expect: (s) => ({ plain: passAll(s.files * s.perFile), hermetic: passAll(s.files * s.perFile) }),
    judge(pairs, _s, extra) {
      const limit = emptyTestLimit(extra.major);
      const delta = rssDelta(pairs);
      return { target: `<= ${limit}x wall, <= +10 MiB RSS`, ok: fastestRatio(pairs) <= limit && delta <= 10 * MiB };
    },
  },
  {
    name: 'trivial-nock',
    byWallTime: true,
    floor: true,
    describe: (s) => `${s.files * s.perFile} trivial small tests, every file imports nock (both sides)`,
    full: { files: 20, perFile: 500 },
    quick: { files: 2, perFile: 50 },
    build(ws, s) {
      return createProject(ws, 'trivial-nock', {
        files: trivialFiles(s.files, s.perFile, { nock: true }),
        fixtures: ['minimal-scope.cjs'],
        floorRc: FLOOR_RC,
        plainRc: DOT,
        hermeticRc: { ...DOT, require: [PLUGIN] },
      });
    },
    expect: (s) => ({ plain: passAll(s.files * s.perFile), hermetic: passAll(s.files * s.perFile) }),
    judge: wallTarget(emptyTestLimit),
  },
  {
    name: 'medium-http',
    byWallTime: true,
    describe: (s) => `${s.files * s.perFile} medium tests, one real HTTP GET each to a 127.0.0.1 server started in a root before`,
    full: { files: 20, perFile: 100 },
    quick: { files: 2, perFile: 20 },
    build(ws, s) {
      const rc = { ...DOT, file: ['setup/loopback-server.cjs'] };
      return createProject(ws, 'medium-http', {
        files: suiteFiles(
          s.files,
          s.perFile,
          "const { get } = require('../setup/loopback-server.cjs');",
          'medium',
          'gets from loopback',
          'return get();',
        ),
        fixtures: ['loopback-server.cjs'],
        plainRc: rc,
        hermeticRc: { ...rc, require: [PLUGIN] },
      });
    },
    expect: (s) => ({ plain: passAll(s.files * s.perFile), hermetic: passAll(s.files * s.perFile) }),
    judge: wallTarget(() => 1.08),
  },
  {
    name: 'blocked-fetch',
    describe: (s) => `${s.files * s.perFile} small tests, each awaits a fetch of ${OUTSIDE_URL} and catches the error (strict)`,
    full: { files: 20, perFile: 100 },
    quick: { files: 2, perFile: 20 },
    build(ws, s) {
      // The tripwire loads before hermetic, so hermetic's DNS guard wraps it: a lookup hermetic lets through
      // is counted and failed by the tripwire instead of reaching the system resolver.
      const rc = { ...DOT, require: ['./setup/dns-tripwire.cjs'], file: ['setup/blocked-fetch.cjs'] };
      return createProject(ws, 'blocked-fetch', {
        files: suiteFiles(
          s.files,
          s.perFile,
          "const { attemptBlockedFetch } = require('../setup/blocked-fetch.cjs');",
          'small',
          'fetches an outside name',
          `return attemptBlockedFetch('${OUTSIDE_URL}');`,
        ),
        fixtures: ['dns-tripwire.cjs', 'blocked-fetch.cjs'],
        plainRc: rc,
        hermeticRc: { ...rc, require: [...rc.require, PLUGIN], hermetic: { enforcement: 'strict' } },
      });
    },
    // The plain side runs the same tests with the fetch replaced by nothing; in strict mode hermetic fails
    // every test whose blocked attempt it caught, so all of them are expected to fail.
    env: { plain: { BENCH_FETCH: 'off' }, hermetic: { BENCH_FETCH: 'on' } },
    report: true,
    expect: (s) => ({ plain: passAll(s.files * s.perFile), hermetic: { passing: 0, failing: s.files * s.perFile } }),
    judge(pairs, s, extra) {
      const attempts = s.files * s.perFile;
      const samples = pairs.flatMap((p) => p.hermetic.report?.samples ?? []);
      const perAttempt = median(samples);
      const wallPerAttempt = median(pairs.map((p) => p.hermetic.wallMs - p.plain.wallMs)) / attempts;
      const blocked = pairs.map((p) => p.hermetic.report?.outcomes.hermetic ?? 0);
      const lookups = pairs.reduce((n, p) => n + (p.hermetic.report?.dnsLookups ?? 0) + (p.plain.report?.dnsLookups ?? 0), 0);
      const allBlocked = blocked.every((b) => b === attempts);
      const trace = extra.strace;
      const traceClean = !trace || (trace.inetConnects === 0 && trace.port53 === 0 && trace.getaddrinfo === 0);
      const notes = [
        `per blocked attempt, timed inside the test: median ${perAttempt.toFixed(3)} ms, p95 ${percentile(samples, 95).toFixed(3)} ms (${samples.length} attempts)`,
        `per blocked attempt, whole process incl. Mocha reporting the failed test: ${wallPerAttempt.toFixed(3)} ms ((hermetic wall - plain wall) / ${attempts})`,
        `attempts blocked by hermetic per run: ${blocked.join(', ')} of ${attempts}; DNS lookups that reached the resolver (tripwire): ${lookups}`,
        trace
          ? `strace -f (one extra hermetic run): ${trace.inetConnects} AF_INET/AF_INET6 connect(), ${trace.port53} packets to port 53, ${trace.getaddrinfo} getaddrinfo signs (/etc/hosts read, nscd socket)`
          : 'strace not available or not permitted here: no syscall-level check',
      ];
      return {
        target: '< 0.5 ms per attempt, no DNS',
        ok: perAttempt < 0.5 && lookups === 0 && allBlocked && traceClean,
        figure: `${perAttempt.toFixed(3)} ms/attempt`,
        notes,
      };
    },
  },
  {
    name: 'trivial-100k',
    describe: (s) => `${s.files * s.perFile} trivial small tests (${s.files} files x ${s.perFile}): memory kept per test`,
    full: { files: 100, perFile: 1000 },
    quick: { files: 4, perFile: 250 },
    needs: 'trivial',
    // A memory check, not a timing: a few pairs show whether anything is kept per test.
    maxPairs: 5,
    build(ws, s) {
      return createProject(ws, 'trivial-100k', {
        files: trivialFiles(s.files, s.perFile),
        plainRc: DOT,
        hermeticRc: { ...DOT, require: [PLUGIN] },
      });
    },
    expect: (s) => ({ plain: passAll(s.files * s.perFile), hermetic: passAll(s.files * s.perFile) }),
    judge(pairs, _s, extra) {
      const delta = highestRssDelta(pairs);
      const base = extra.trivialRssDelta;
      return {
        target: 'RSS delta <= trivial delta + 10 MiB',
        ok: base !== undefined && delta <= base + 10 * MiB,
        rssDelta: delta,
        notes: [
          `extra peak RSS: ${mib(delta)} here (highest run of each side; medians ${mib(rssDelta(pairs))}) vs ${base === undefined ? 'n/a' : mib(base)} at the trivial workload`,
        ],
      };
    },
  },
  {
    name: 'require',
    describe: () => "require('hermetic/mocha') inside a real Mocha run (Mocha already loaded), timed with hrtime",
    full: { files: 1, perFile: 1 },
    quick: { files: 1, perFile: 1 },
    // The table shows the time spent between the two probes, not the process's wall time.
    metric: { of: (run) => run.report?.requireMs ?? NaN, format: (ms) => `${ms.toFixed(2)} ms` },
    build(ws, s) {
      return createProject(ws, 'require', {
        files: trivialFiles(s.files, s.perFile),
        fixtures: ['require-start.cjs', 'require-end.cjs'],
        plainRc: { ...DOT, require: ['./setup/require-start.cjs', './setup/require-end.cjs'] },
        hermeticRc: { ...DOT, require: ['./setup/require-start.cjs', PLUGIN, './setup/require-end.cjs'] },
      });
    },
    report: true,
    expect: () => ({ plain: passAll(1), hermetic: passAll(1) }),
    judge(pairs) {
      const fastest = (side) => Math.min(...pairs.map((p) => p[side].report?.requireMs ?? Number.NaN));
      const ms = fastest('hermetic') - fastest('plain');
      const medianMs = median(pairs.map((p) => p.hermetic.report?.requireMs - p.plain.report?.requireMs));
      return {
        target: '<= 10 ms',
        ok: ms <= 10,
        figure: `${ms.toFixed(1)} ms`,
        medianFigure: `${medianMs.toFixed(1)} ms`,
        notes: [
          `require('hermetic/mocha'): fastest ${ms.toFixed(1)} ms, median of pairs ${medianMs.toFixed(1)} ms over ${pairs.length} pairs (hermetic side minus the empty probe pair: ${fastest('plain').toFixed(2)} ms)`,
        ],
      };
    },
  },
];

/** Reads and removes the JSON a suite's fixture wrote at exit. */
export function readReport(path) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  } finally {
    rmSync(path, { force: true });
  }
}

export function reportPath(dir, side) {
  return join(dir, `.report-${side}.json`);
}
