import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createProject, PACKAGE_ROOT, type Project, runMocha } from '../../helpers/run-mocha';

/**
 * A fixture test that records what it sees of hermetic's config: its size, its Mocha timeout, its worker. The file is
 * opened as the spec loads, outside any test: a small test writes through the descriptor, which touches no new file.
 */
const PROBE = `const { openSync, writeSync } = require('node:fs');
const { sizeOf } = require('hermetic');
const probeOut = openSync(process.env.PROBE_OUT, 'a');
function probe() {
  writeSync(probeOut, JSON.stringify({
    title: this.test.title, size: sizeOf(this.test) || null, timeout: this.timeout(),
    worker: process.env.MOCHA_WORKER_ID ?? null,
  }) + '\\n');
}`;

interface Probe {
  title: string;
  size: string | null;
  timeout: number;
  worker: string | null;
}

function readProbes(project: Project): Probe[] {
  return readFileSync(join(project.dir, 'probe.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Probe);
}

/** The major version of the Mocha these tests run: 11 and 12 read a word after an unknown flag differently. */
const MOCHA_MAJOR = Number(
  (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'node_modules', 'mocha', 'package.json'), 'utf8')) as { version: string }).version.split(
    '.',
  )[0],
);

const spec = (name: string): Record<string, string> => ({
  [`test/${name}.spec.js`]: `${PROBE}\ndescribe('${name}', function () { it('unmarked', probe); it('marked [small]', probe); });\n`,
});

describe('configuration sources [medium]', function () {
  let project: Project | undefined;
  afterEach(() => project?.remove());

  async function probeRun(files: Record<string, string>, args: string[] = [], env: Record<string, string> = {}): Promise<Probe[]> {
    project = createProject({ ...spec('a'), ...files });
    const run = await runMocha(project.dir, { args, env: { PROBE_OUT: join(project.dir, 'probe.jsonl'), ...env } });
    assert.equal(run.code, 0, run.stderr + run.stdout);
    return readProbes(project);
  }

  it('reads a hermetic object from .mocharc.yml', async () => {
    const probes = await probeRun({
      '.mocharc.yml': 'require: hermetic/mocha\nhermetic:\n  defaultSize: small\n  timeouts:\n    small: 1500ms\n',
    });
    assert.deepEqual(
      probes.map((p) => [p.size, p.timeout]),
      [
        ['small', 1500],
        ['small', 1500],
      ],
    );
  });

  it('reads .mocharc.json and .mocharc.js (with defineConfig) the way Mocha does', async () => {
    let probes = await probeRun({
      '.mocharc.json': JSON.stringify({ require: 'hermetic/mocha', hermetic: { timeouts: { small: 1200 } } }),
    });
    assert.deepEqual(
      probes.map((p) => [p.size, p.timeout]),
      [
        [null, 2000],
        ['small', 1200],
      ],
    );
    project?.remove();
    probes = await probeRun({
      '.mocharc.js': `const { defineConfig } = require('hermetic');\nmodule.exports = { require: ['hermetic/mocha'], hermetic: defineConfig({ defaultSize: 'medium' }) };\n`,
    });
    assert.deepEqual(
      probes.map((p) => [p.size, p.timeout]),
      [
        ['medium', 300000],
        ['small', 1000],
      ],
    );
  });

  it('reads the hermetic key however the file spells it: YAML flow style, a quoted key, a space before the colon', async () => {
    const configs: Record<string, string>[] = [
      { '.mocharc.yml': '{require: hermetic/mocha, hermetic: {timeouts: {small: 1100ms}}}\n' },
      { '.mocharc.yml': "require: hermetic/mocha\n'hermetic' :\n  timeouts: {small: 1100ms}\n" },
      { '.mocharc.json': '{"require": "hermetic/mocha", "hermetic" : {"timeouts": {"small": 1100}}}' },
    ];
    for (const rc of configs) {
      project?.remove();
      const probes = await probeRun(rc);
      assert.deepEqual(
        probes.map((p) => p.timeout),
        [2000, 1100],
        JSON.stringify(rc),
      );
    }
  });

  it('reads a "hermetic" key from package.json', async () => {
    const probes = await probeRun({
      '.mocharc.yml': 'require: hermetic/mocha\n',
      'package.json': JSON.stringify({ name: 'p', private: true, hermetic: { defaultSize: 'large', timeouts: { small: '900ms' } } }),
    });
    assert.deepEqual(
      probes.map((p) => [p.size, p.timeout]),
      [
        ['large', 900000],
        ['small', 900],
      ],
    );
  });

  it('ranks flags over environment over .mocharc over package.json, option by option', async () => {
    const probes = await probeRun(
      {
        '.mocharc.yml': 'require: hermetic/mocha\nhermetic:\n  defaultSize: medium\n  timeouts:\n    small: 1100\n    medium: 1m\n',
        'package.json': JSON.stringify({
          name: 'p',
          private: true,
          hermetic: { defaultSize: 'large', timeouts: { small: 1000, medium: 1000, large: 4000 } },
        }),
      },
      ['--hermetic-timeouts=small=1300'],
      { HERMETIC_TIMEOUTS: 'small=1200,medium=2m', HERMETIC_DEFAULT_SIZE: 'large' },
    );
    // default size: environment beats .mocharc and package.json; small: flag beats all; medium: environment beats .mocharc.
    assert.deepEqual(
      probes.map((p) => [p.size, p.timeout]),
      [
        ['large', 4000],
        ['small', 1300],
      ],
    );
  });

  it('leaves timeouts alone in warn mode', async () => {
    const probes = await probeRun({ '.mocharc.yml': 'require: hermetic/mocha\n' }, ['--hermetic-enforcement=warn']);
    assert.deepEqual(
      probes.map((p) => [p.size, p.timeout]),
      [
        [null, 2000],
        ['small', 2000],
      ],
    );
  });

  it('gives every --parallel worker the main process config, flags included', async () => {
    const probes = await probeRun({ '.mocharc.yml': 'require: hermetic/mocha\n', ...spec('b'), ...spec('c') }, [
      '--parallel',
      '--jobs=2',
      '--hermetic-default-size=small',
      '--hermetic-timeouts=small=1400',
    ]);
    assert.equal(probes.length, 6);
    assert.ok(
      probes.every((p) => p.worker !== null),
      'the tests ran in workers',
    );
    assert.deepEqual(new Set(probes.map((p) => `${p.size}/${p.timeout}`)), new Set(['small/1400']));
  });

  describe('mistakes', function () {
    async function failingRun(files: Record<string, string>, args: string[] = [], env: Record<string, string> = {}) {
      project = createProject({
        'test/a.spec.js': "describe('a', function () { it('runs', function () { console.log('TEST RAN'); }); });\n",
        ...files,
      });
      const run = await runMocha(project.dir, { args: ['--reporter', 'spec', ...args], env });
      assert.equal(run.code, 1);
      assert.doesNotMatch(run.stdout + run.stderr, /TEST RAN|\n\s+at /);
      return run.stderr.trim();
    }

    it('names the flag, the bad value and the accepted ones', async () => {
      const stderr = await failingRun({ '.mocharc.yml': 'require: hermetic/mocha\n' }, ['--hermetic-enforcement=strcit']);
      assert.equal(stderr, 'hermetic: invalid enforcement "strcit" in --hermetic-enforcement: expected one of strict, warn, off');
    });

    it('names the environment variable', async () => {
      const stderr = await failingRun({ '.mocharc.yml': 'require: hermetic/mocha\n' }, [], {
        HERMETIC_DEFAULT_SIZE: 'tiny',
        HERMETIC_MODE: 'warn',
      });
      assert.equal(
        stderr,
        [
          'hermetic: unknown environment variable HERMETIC_MODE; known ones are HERMETIC_ENFORCEMENT, HERMETIC_DEFAULT_SIZE, HERMETIC_ALLOW, HERMETIC_TIMEOUTS, HERMETIC_REPORT, HERMETIC_DISTRIBUTION, HERMETIC_TARGETS, HERMETIC_TOLERANCE, HERMETIC_SUGGEST, HERMETIC_SHARD, HERMETIC_SLEEP_THRESHOLD',
          'hermetic: invalid defaultSize "tiny" in HERMETIC_DEFAULT_SIZE: expected one of small, medium, large, xlarge, none',
        ].join('\n'),
      );
    });

    it('names the config file and key', async () => {
      const stderr = await failingRun({ '.mocharc.yml': 'require: hermetic/mocha\nhermetic:\n  allow: ["db:abc"]\n  timeout: 5s\n' });
      assert.equal(
        stderr,
        [
          'hermetic: unknown option "timeout" in .mocharc.yml (hermetic) (did you mean timeouts?); known options are enforcement, defaultSize, allow, timeouts, report, distribution, targets, tolerance, suggest, shard, sleepThreshold',
          'hermetic: invalid allow ["db:abc"] in .mocharc.yml (hermetic).allow: "db:abc" is malformed: the port "abc" is not a number; write a list, e.g. ["db.test.local:5432", "10.0.0.0/8", "unix:/tmp/app.sock"]',
        ].join('\n'),
      );
    });

    it('names package.json', async () => {
      const stderr = await failingRun({
        '.mocharc.yml': 'require: hermetic/mocha\n',
        'package.json': JSON.stringify({ name: 'p', hermetic: { timeouts: { small: 'soon' } } }),
      });
      assert.equal(
        stderr,
        'hermetic: invalid timeouts {"small":"soon"} in package.json ("hermetic").timeouts: "soon" for small is not a duration; use milliseconds or 500ms, 2s, 5m, 1h; write sizes with durations, e.g. { small: "2s", medium: "60s" }',
      );
    });

    it('stops on values that would silently weaken the run: an empty suggest, a timeout Node cannot keep, a bare --hermetic', async () => {
      const stderr = await failingRun(
        { '.mocharc.yml': 'require: hermetic/mocha\nhermetic:\n  timeouts:\n    small: 600h\n  allow: ["300.1.1.1"]\n' },
        ['--hermetic'],
        { HERMETIC_SUGGEST: '' },
      );
      assert.deepEqual(stderr.split('\n'), [
        'hermetic: --hermetic alone sets nothing: name the option, e.g. --hermetic-enforcement=strict; known flags are --hermetic-enforcement, --hermetic-default-size, --hermetic-allow, --hermetic-timeouts, --hermetic-report, --hermetic-distribution, --hermetic-targets, --hermetic-tolerance, --hermetic-suggest, --hermetic-shard, --hermetic-sleep-threshold',
        'hermetic: invalid suggest "" in HERMETIC_SUGGEST: expected true or false',
        'hermetic: invalid allow ["300.1.1.1"] in .mocharc.yml (hermetic).allow: "300.1.1.1" is malformed: "300.1.1.1" is not an IP address: write four numbers from 0 to 255, e.g. 10.0.0.7; write a list, e.g. ["db.test.local:5432", "10.0.0.0/8", "unix:/tmp/app.sock"]',
        'hermetic: invalid timeouts {"small":"600h"} in .mocharc.yml (hermetic).timeouts: "600h" for small is 2160000000 ms, above 2147483647 ms (about 24.8 days), the longest timeout Node can set; write sizes with durations, e.g. { small: "2s", medium: "60s" }',
      ]);
    });

    it('asks for a value when a value flag has none', async () => {
      const stderr = await failingRun({ '.mocharc.yml': 'require: hermetic/mocha\n' }, ['--hermetic-default-size']);
      assert.equal(stderr, 'hermetic: --hermetic-default-size needs a value, e.g. --hermetic-default-size=small');
    });

    it('never loses a test file written after --hermetic-suggest', async () => {
      if (MOCHA_MAJOR >= 12) {
        // Mocha 12 reads the word as a test file, so the file runs in suggest mode.
        const probes = await probeRun({ '.mocharc.yml': 'require: hermetic/mocha\n' }, ['--hermetic-suggest', 'test/a.spec.js']);
        assert.equal(probes.length, 2);
        return;
      }
      const stderr = await failingRun({ '.mocharc.yml': 'require: hermetic/mocha\n' }, ['--hermetic-suggest', 'test/a.spec.js']);
      assert.equal(
        stderr,
        'hermetic: --hermetic-suggest took "test/a.spec.js" as its value, so Mocha will not run it as a test file; write --hermetic-suggest=true, or put --hermetic-suggest after the test files',
      );
    });

    it('asks for "=" where Mocha 12 reads a flag\'s separate word as a test file', async () => {
      if (MOCHA_MAJOR < 12) {
        // Mocha 11 reads the word as the flag's value, and so does hermetic.
        const probes = await probeRun({ '.mocharc.yml': 'require: hermetic/mocha\n' }, ['--hermetic-default-size', 'large']);
        assert.deepEqual(
          probes.map((p) => p.size),
          ['large', 'small'],
        );
        return;
      }
      const stderr = await failingRun({ '.mocharc.yml': 'require: hermetic/mocha\n' }, ['--hermetic-default-size', 'large']);
      assert.equal(
        stderr,
        'hermetic: --hermetic-default-size needs its value joined with "=": write --hermetic-default-size=large (Mocha reads "large" as a test file)',
      );
    });
  });

  describe('beside Node flags, which make Mocha re-spawn itself', function () {
    const NODE_FLAGS = [['--throw-deprecation'], ['--expose-gc'], ['--max-old-space-size=4096'], ['--inspect=127.0.0.1:0', '--expose-gc']];

    for (const nodeFlags of NODE_FLAGS) {
      it(`reads every hermetic flag and the config file's settings, with ${nodeFlags.join(' ')}`, async () => {
        // Mocha 11 also takes a flag's value from the next word; Mocha 12 only after "=".
        const timeouts = MOCHA_MAJOR >= 12 ? ['--hermetic-timeouts=medium=70s'] : ['--hermetic-timeouts', 'medium=70s'];
        const probes = await probeRun(
          { '.mocharc.yml': 'require: hermetic/mocha\nhermetic:\n  timeouts:\n    small: 1500ms\n  allow: [a.test.local, b.test.local]\n' },
          [
            ...nodeFlags,
            '--hermetic-default-size=medium',
            ...timeouts,
            '--hermetic-suggest',
            '--hermetic-tolerance=7',
            '--hermetic-report=out.json',
          ],
        );
        assert.deepEqual(
          probes.map((p) => p.size),
          ['medium', 'small'],
        );
        const { config } = (
          JSON.parse(readFileSync(join(project!.dir, 'out.json'), 'utf8')) as { run: { config: Record<string, unknown> } }
        ).run;
        assert.deepEqual(
          [config.suggest, config.tolerance, config.allow, config.timeouts],
          [true, 7, ['a.test.local', 'b.test.local'], { small: 1500, medium: 70000, large: 900000, xlarge: 3600000 }],
        );
      });
    }

    it('keeps --hermetic-suggest=false, and a value written as a separate word where Mocha reads it so', async () => {
      const valueFlag = MOCHA_MAJOR >= 12 ? ['--hermetic-default-size=large'] : ['--hermetic-default-size', 'large'];
      const probes = await probeRun({ '.mocharc.yml': 'require: hermetic/mocha\n' }, [
        '--expose-gc',
        '--hermetic-suggest=false',
        ...valueFlag,
        'test/a.spec.js',
      ]);
      assert.deepEqual(
        probes.map((p) => [p.size, p.timeout]),
        [
          ['large', 900000],
          ['small', 1000],
        ],
      );
    });
  });
});
