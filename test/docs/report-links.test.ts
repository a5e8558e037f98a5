import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import type { NetworkTarget } from '../../src/core/network-target';
import { formatViolationReport, TROUBLESHOOTING_PAGE } from '../../src/core/report';
import { TEST_SIZES } from '../../src/core/size';
import { createViolation, type Violation } from '../../src/core/violation';
import { groupOf, TROUBLESHOOTING_SECTIONS, VIOLATION_GROUPS } from '../../src/core/violation-groups';
import { PACKAGE_ROOT } from '../helpers/run-mocha';
import { headingAnchors } from './markdown-blocks';

/** The text of the section under the heading with `anchor`, to the next heading of the same or a higher level. */
function sectionText(markdown: string, anchor: string): string {
  const lines = markdown.split('\n');
  const start = lines.findIndex((line) => /^#{1,6}\s/.test(line) && headingAnchors(line).has(anchor));
  assert.ok(start >= 0, `no heading for #${anchor}`);
  const level = /^#+/.exec(lines[start]!)![0].length;
  let end = start + 1;
  for (let inFence = false; end < lines.length; end++) {
    if (/^\s*```/.test(lines[end]!)) inFence = !inFence;
    const m = inFence ? null : /^(#+)\s/.exec(lines[end]!);
    if (m && m[1]!.length <= level) break;
  }
  return lines.slice(start, end).join('\n');
}

const base = {
  testId: 'test/a.spec.js > a [small] > b',
  titlePath: ['a [small]', 'b'],
  outcome: 'blocked',
  time: '2026-01-01T00:00:00.000Z',
} as const;
const TARGETS: readonly NetworkTarget[] = [
  { transport: 'tcp', host: 'api.example.com', port: 443, protocol: 'https' },
  { transport: 'dns', host: 'api.example.com' },
  { transport: 'udp', host: '192.0.2.1', port: 53 },
  ...[5432, 3306, 6379, 11211, 27017, 50051, 587, 5672].map((port): NetworkTarget => ({ transport: 'tcp', host: 'svc.example.com', port })),
  { transport: 'tcp', host: 'live.example.com', port: 443, protocol: 'websocket' },
  { transport: 'udp', host: '192.0.2.1', port: 8125 },
  { transport: 'unix', path: '/var/run/postgresql/.s.PGSQL.5432' },
  { transport: 'tcp', host: '::', port: 0, listen: true },
];

/** A violation of every kind the reports tell apart: each network group at each size, both kinds of time limit, a subprocess, a thread and a file. */
/** A violation of every kind the reports tell apart: each network group at each size, both kinds of time limit, a subprocess, a thread, a database and a sleep. */
function everyKindOfViolation(): Violation[] {
  const network = TEST_SIZES.flatMap((size) => TARGETS.map((target) => createViolation({ ...base, kind: 'network', size, target })));
  const time = TEST_SIZES.flatMap((size) => [
    createViolation({ ...base, kind: 'time', size, limitMs: 1000, requestedTimeoutMs: 5000 }),
    createViolation({ ...base, kind: 'time', size, limitMs: 1000, durationMs: 1000 }),
  ]);
  const starts = [
    createViolation({ ...base, kind: 'subprocess', size: 'small', command: 'curl -s https://api.example.com' }),
    createViolation({ ...base, kind: 'thread', size: 'small' }),
    createViolation({ ...base, kind: 'database', size: 'small', database: 'sqlite :memory:', call: 'node:sqlite DatabaseSync' }),
    createViolation({ ...base, kind: 'sleep', size: 'small', waitedMs: 200, call: 'timers/promises setTimeout' }),
  ];
  const files = [createViolation({ ...base, kind: 'filesystem', size: 'small', operation: 'write', path: 'test/out/report.csv' })];
  return [...network, ...time, ...starts, ...files];
}

function documentationLine(report: string): string {
  const line = /^Documentation: See (\S+)$/m.exec(report);
  assert.ok(line, `no Documentation line in\n${report}`);
  return line[1]!;
}

describe("the reports' documentation links, checked against the shipped docs [medium]", function () {
  this.timeout(60_000);
  const page = join(PACKAGE_ROOT, 'docs', TROUBLESHOOTING_PAGE);
  const markdown = readFileSync(page, 'utf8');
  const anchors = headingAnchors(markdown);
  const links = new Set(everyKindOfViolation().map((v) => documentationLine(formatViolationReport(v, 'docs'))));

  it('makes a violation of every group the summary knows', () => {
    assert.deepEqual(new Set(everyKindOfViolation().map(groupOf)), new Set(VIOLATION_GROUPS));
  });

  it('points every report at a section of the troubleshooting page that exists', () => {
    assert.ok(links.size >= VIOLATION_GROUPS.length + 2, [...links].join('\n'));
    for (const link of links) {
      const [path, anchor] = link.split('#');
      assert.equal(path, `docs/${TROUBLESHOOTING_PAGE}`);
      assert.ok(anchors.has(anchor!), `${link}: no such heading; the page has ${[...anchors].join(', ')}`);
    }
    for (const anchor of Object.values(TROUBLESHOOTING_SECTIONS)) assert.ok(anchors.has(anchor), `#${anchor}`);
  });

  it('keeps the reasoning one link away from each section a report points at', () => {
    for (const link of links) {
      const section = sectionText(markdown, link.split('#')[1]!);
      assert.match(
        section,
        /\]\((architecture\/adr-001-network-isolation\.md|policy\.md#[a-z-]+)\)/,
        `${link} links neither ADR 001 nor the policy`,
      );
    }
  });

  it('leads every link of the troubleshooting page to a page and heading that exist', () => {
    for (const [, target] of markdown.matchAll(/\]\(([^)\s]+)\)/g)) {
      if (/^[a-z]+:/.test(target!)) continue;
      const [path, anchor] = target!.split('#');
      const file = path === '' ? page : join(dirname(page), path!);
      assert.ok(existsSync(file), `${target}: no such file`);
      if (anchor !== undefined) assert.ok(headingAnchors(readFileSync(file, 'utf8')).has(anchor), `${target}: no such heading`);
    }
  });

  it('ships the pages the reports and their sections link in the package', () => {
    const [packed] = JSON.parse(
      execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: PACKAGE_ROOT, encoding: 'utf8' }),
    ) as [{ files: { path: string }[] }];
    const shipped = new Set(packed.files.map((f) => f.path));
    for (const path of [
      `docs/${TROUBLESHOOTING_PAGE}`,
      'docs/policy.md',
      'docs/configuration.md',
      'docs/architecture/adr-001-network-isolation.md',
    ]) {
      assert.ok(shipped.has(posix.normalize(path)), `${path} is not in the package`);
    }
  });
});
