import { strict as assert } from 'node:assert';
import { parseDuration, readEnv, readFlags, readObject, resolveConfig } from '../../../src/core/config';

describe('config [small]', () => {
  it('defaults to strict, no default size, the policy table time limits', () => {
    const { config, problems } = resolveConfig([]);
    assert.deepEqual(problems, []);
    assert.equal(config.enforcement, 'strict');
    assert.equal(config.defaultSize, undefined);
    assert.deepEqual(config.timeouts, { small: 1000, medium: 300000, large: 900000, xlarge: 3600000 });
    assert.equal(config.sources.enforcement, 'default');
  });

  it('takes each option from the highest source that sets it: flags, environment, .mocharc, package.json', () => {
    const { config, problems } = resolveConfig([
      readFlags(['--hermetic-enforcement=warn', 'test/a.spec.js']).layer,
      readEnv({ HERMETIC_ENFORCEMENT: 'off', HERMETIC_DEFAULT_SIZE: 'medium', PATH: '/bin' }).layer,
      readObject({ defaultSize: 'large', allow: ['db.local'], timeouts: { small: '2s' } }, '.mocharc.yml (hermetic)').layer,
      readObject({ allow: 'ignored.local', timeouts: { small: 5000, medium: '1m' }, report: 'out.json' }, 'package.json ("hermetic")')
        .layer,
    ]);
    assert.deepEqual(problems, []);
    assert.equal(config.enforcement, 'warn');
    assert.equal(config.sources.enforcement, '--hermetic-enforcement');
    assert.equal(config.defaultSize, 'medium');
    assert.equal(config.sources.defaultSize, 'HERMETIC_DEFAULT_SIZE');
    assert.deepEqual(config.allow, ['db.local']);
    assert.equal(config.sources.allow, '.mocharc.yml (hermetic).allow');
    assert.equal(config.timeouts.small, 2000);
    assert.equal(config.timeouts.medium, 60000);
    assert.equal(config.report, 'out.json');
  });

  it('parses durations in milliseconds and with units', () => {
    assert.equal(parseDuration(1500), 1500);
    assert.equal(parseDuration('250ms'), 250);
    assert.equal(parseDuration('2s'), 2000);
    assert.equal(parseDuration('1.5s'), 1500);
    assert.equal(parseDuration('5m'), 300000);
    assert.equal(parseDuration('1h'), 3600000);
    assert.equal(parseDuration('soon'), undefined);
    assert.equal(parseDuration(0), undefined);
    assert.equal(parseDuration(-1), undefined);
  });

  it('takes only durations Node can keep as a timeout: at least 1 ms, at most 2^31-1 ms, no exponent forms', () => {
    assert.equal(parseDuration(2 ** 31 - 1), 2147483647);
    assert.equal(parseDuration('596h'), 2145600000);
    assert.equal(parseDuration(1.4), 1);
    const problems = (raw: unknown): string[] =>
      resolveConfig([readObject({ timeouts: { small: raw } }, '.mocharc.yml (hermetic)').layer]).problems;
    assert.deepEqual(problems('600h'), [
      'invalid timeouts {"small":"600h"} in .mocharc.yml (hermetic).timeouts: "600h" for small is 2160000000 ms, above 2147483647 ms (about 24.8 days), the longest timeout Node can set; write sizes with durations, e.g. { small: "2s", medium: "60s" }',
    ]);
    assert.deepEqual(problems(2 ** 31), [
      'invalid timeouts {"small":2147483648} in .mocharc.yml (hermetic).timeouts: number 2147483648 for small is 2147483648 ms, above 2147483647 ms (about 24.8 days), the longest timeout Node can set; write sizes with durations, e.g. { small: "2s", medium: "60s" }',
    ]);
    assert.deepEqual(problems(1e-9), [
      'invalid timeouts {"small":1e-9} in .mocharc.yml (hermetic).timeouts: number 1e-9 for small rounds to 0 ms; a time limit is at least 1ms; write sizes with durations, e.g. { small: "2s", medium: "60s" }',
    ]);
    assert.deepEqual(problems('0.0001s'), [
      'invalid timeouts {"small":"0.0001s"} in .mocharc.yml (hermetic).timeouts: "0.0001s" for small rounds to 0 ms; a time limit is at least 1ms; write sizes with durations, e.g. { small: "2s", medium: "60s" }',
    ]);
    assert.deepEqual(resolveConfig([readEnv({ HERMETIC_TIMEOUTS: 'small=1e-9' }).layer]).problems, [
      'invalid timeouts "small=1e-9" in HERMETIC_TIMEOUTS: "1e-9" for small is not a duration; use milliseconds or 500ms, 2s, 5m, 1h; write size=duration joined by ",", e.g. small=2s,medium=60s',
    ]);
  });

  it('refuses a size given twice, in one value or over repeated flags', () => {
    assert.deepEqual(resolveConfig([readEnv({ HERMETIC_TIMEOUTS: 'small=2s,small=3s' }).layer]).problems, [
      'invalid timeouts "small=2s,small=3s" in HERMETIC_TIMEOUTS: small is given twice; give each size once; write size=duration joined by ",", e.g. small=2s,medium=60s',
    ]);
    assert.deepEqual(resolveConfig([readFlags(['--hermetic-timeouts=small=2s', '--hermetic-timeouts=small=3s']).layer]).problems, [
      'invalid timeouts "small=2s,small=3s" in --hermetic-timeouts: small is given twice; give each size once; write size=duration joined by ",", e.g. small=2s,medium=60s',
    ]);
    assert.deepEqual(resolveConfig([readFlags(['--hermetic-targets=small=70,medium=20,small=10,large=10']).layer]).problems, [
      'invalid targets "small=70,medium=20,small=10,large=10" in --hermetic-targets: small is given twice; give each size once; write size=percent joined by ",", e.g. small=70,medium=20,large=10',
    ]);
    // Repeated flags for different sizes add up, as repeated --hermetic-allow flags do.
    const { config, problems } = resolveConfig([readFlags(['--hermetic-timeouts=small=2s', '--hermetic-timeouts=medium=1m']).layer]);
    assert.deepEqual(problems, []);
    assert.deepEqual([config.timeouts.small, config.timeouts.medium], [2000, 60000]);
  });

  it('reads numbers written as text in plain decimals only', () => {
    const problems = (env: Record<string, string>): string[] => resolveConfig([readEnv(env).layer]).problems;
    assert.deepEqual(problems({ HERMETIC_TOLERANCE: '1e1' }), [
      'invalid tolerance "1e1" in HERMETIC_TOLERANCE: expected percentage points from 0 to 100, e.g. 5',
    ]);
    assert.deepEqual(problems({ HERMETIC_TARGETS: 'small=0x50,medium=15,large=5' }), [
      'invalid targets "small=0x50,medium=15,large=5" in HERMETIC_TARGETS: "0x50" for small is not a percentage from 0 to 100; write size=percent joined by ",", e.g. small=70,medium=20,large=10',
    ]);
    const { config } = resolveConfig([readEnv({ HERMETIC_TOLERANCE: '2.5', HERMETIC_TARGETS: 'small=70%,medium=20,large=10' }).layer]);
    assert.deepEqual([config.tolerance, config.targets.small], [2.5, 70]);
  });

  it('never reads an empty suggest as true, since suggest turns blocking off', () => {
    assert.deepEqual(resolveConfig([readEnv({ HERMETIC_SUGGEST: '' }).layer]).problems, [
      'invalid suggest "" in HERMETIC_SUGGEST: expected true or false',
    ]);
    assert.deepEqual(resolveConfig([readFlags(['--hermetic-suggest=']).layer]).problems, [
      'invalid suggest "" in --hermetic-suggest: expected true or false',
    ]);
    assert.equal(resolveConfig([readFlags(['--hermetic-suggest']).layer]).config.suggest, true);
  });

  it('takes a dotted name ending in a number for a mistyped IP address, not a host name', () => {
    for (const entry of ['300.1.1.1', '10.0.1', '*.1.2', '1.2.3.4.5:80', '0x7f.1']) {
      assert.deepEqual(resolveConfig([readObject({ allow: [entry] }, '.mocharc.yml (hermetic)').layer]).problems, [
        `invalid allow ${JSON.stringify([entry])} in .mocharc.yml (hermetic).allow: "${entry}" is malformed: "${entry.replace(/:80$/, '')}" is not an IP address: write four numbers from 0 to 255, e.g. 10.0.0.7; write a list, e.g. ["db.test.local:5432", "10.0.0.0/8", "unix:/tmp/app.sock"]`,
      ]);
    }
    const { problems } = resolveConfig([
      readObject({ allow: ['10.1.2.3', 'db1.ci.local', '4chan.org', 'host-2'] }, 'package.json ("hermetic")').layer,
    ]);
    assert.deepEqual(problems, []);
  });

  it('refuses a bare --hermetic and any other flag that only begins like one', () => {
    assert.deepEqual(readFlags(['--hermetic', 'test/a.spec.js']).problems, [
      '--hermetic alone sets nothing: name the option, e.g. --hermetic-enforcement=strict; known flags are --hermetic-enforcement, --hermetic-default-size, --hermetic-allow, --hermetic-timeouts, --hermetic-report, --hermetic-distribution, --hermetic-targets, --hermetic-tolerance, --hermetic-suggest, --hermetic-shard, --hermetic-sleep-threshold',
    ]);
    assert.equal(readFlags(['--hermetic=strict']).problems.length, 1);
    assert.match(readFlags(['--hermetic_suggest']).problems[0]!, /^unknown flag --hermetic_suggest \(did you mean --hermetic-suggest\?\)/);
    // A config file's settings as Mocha passes them on when it re-spawns itself are not flags of hermetic's own.
    assert.deepEqual(readFlags(['--hermetic.timeouts.small=2s', '--no-hermetic.suggest']).problems, []);
  });

  it('explains every mistake with the source, the bad value and what is accepted', () => {
    const flags = readFlags(['--hermetic-enforcment=warn', '--hermetic-default-size']);
    assert.deepEqual(flags.problems, [
      'unknown flag --hermetic-enforcment (did you mean --hermetic-enforcement?); known flags are --hermetic-enforcement, --hermetic-default-size, --hermetic-allow, --hermetic-timeouts, --hermetic-report, --hermetic-distribution, --hermetic-targets, --hermetic-tolerance, --hermetic-suggest, --hermetic-shard, --hermetic-sleep-threshold',
      '--hermetic-default-size needs a value, e.g. --hermetic-default-size=small',
    ]);
    const env = readEnv({ HERMETIC_MODE: 'warn', HERMETIC_DEFAULT_SIZ: 'small' });
    assert.deepEqual(env.problems, [
      'unknown environment variable HERMETIC_MODE; known ones are HERMETIC_ENFORCEMENT, HERMETIC_DEFAULT_SIZE, HERMETIC_ALLOW, HERMETIC_TIMEOUTS, HERMETIC_REPORT, HERMETIC_DISTRIBUTION, HERMETIC_TARGETS, HERMETIC_TOLERANCE, HERMETIC_SUGGEST, HERMETIC_SHARD, HERMETIC_SLEEP_THRESHOLD',
      'unknown environment variable HERMETIC_DEFAULT_SIZ (did you mean HERMETIC_DEFAULT_SIZE?); known ones are HERMETIC_ENFORCEMENT, HERMETIC_DEFAULT_SIZE, HERMETIC_ALLOW, HERMETIC_TIMEOUTS, HERMETIC_REPORT, HERMETIC_DISTRIBUTION, HERMETIC_TARGETS, HERMETIC_TOLERANCE, HERMETIC_SUGGEST, HERMETIC_SHARD, HERMETIC_SLEEP_THRESHOLD',
    ]);
    const file = readObject(
      { enforcement: 'strcit', defaultSize: 'tiny', allow: ['db:abc'], timeouts: { small: 'soon', huge: 1 }, reprot: 'x' },
      '.mocharc.yml (hermetic)',
    );
    assert.deepEqual(file.problems, [
      'unknown option "reprot" in .mocharc.yml (hermetic) (did you mean report?); known options are enforcement, defaultSize, allow, timeouts, report, distribution, targets, tolerance, suggest, shard, sleepThreshold',
    ]);
    assert.deepEqual(resolveConfig([file.layer]).problems, [
      'invalid enforcement "strcit" in .mocharc.yml (hermetic).enforcement: expected one of strict, warn, off',
      'invalid defaultSize "tiny" in .mocharc.yml (hermetic).defaultSize: expected one of small, medium, large, xlarge, none',
      'invalid allow ["db:abc"] in .mocharc.yml (hermetic).allow: "db:abc" is malformed: the port "abc" is not a number; write a list, e.g. ["db.test.local:5432", "10.0.0.0/8", "unix:/tmp/app.sock"]',
      'invalid timeouts {"small":"soon","huge":1} in .mocharc.yml (hermetic).timeouts: "soon" for small is not a duration; use milliseconds or 500ms, 2s, 5m, 1h; write sizes with durations, e.g. { small: "2s", medium: "60s" }',
    ]);
    assert.deepEqual(readObject('warn', 'package.json ("hermetic")').problems, [
      'package.json ("hermetic") must be an object of options (enforcement, defaultSize, allow, timeouts, report, distribution, targets, tolerance, suggest, shard, sleepThreshold), got "warn"',
    ]);
  });

  it('accepts none as a default size and comma-separated lists from flags', () => {
    const { config } = resolveConfig([
      readFlags(['--hermetic-default-size=none', '--hermetic-allow=a.local', '--hermetic-allow=10.0.0.0/8,unix:/tmp/x.sock']).layer,
    ]);
    assert.equal(config.defaultSize, undefined);
    assert.deepEqual(config.allow, ['a.local', '10.0.0.0/8', 'unix:/tmp/x.sock']);
    assert.equal(config.allowRules.length, 3);
  });

  it('reads a flag value given as the next word where Mocha 11 does, as Mocha does when it re-spawns itself for a Node flag', () => {
    const flags = readFlags([
      '--hermetic-default-size',
      'medium',
      '--hermetic-suggest',
      '--hermetic-tolerance',
      '7',
      '--hermetic-allow',
      'a.local',
      '--hermetic-allow',
      'b.local',
      'test/a.spec.js',
    ]);
    assert.deepEqual(flags.problems, []);
    const { config, problems } = resolveConfig([flags.layer]);
    assert.deepEqual(problems, []);
    assert.deepEqual([config.defaultSize, config.suggest, config.tolerance, config.allow], ['medium', true, 7, ['a.local', 'b.local']]);
    assert.equal(resolveConfig([readFlags(['--hermetic-suggest', 'false', 'test/a.spec.js']).layer]).config.suggest, false);
  });

  it('stops a boolean flag from swallowing a test file under Mocha 11, and lets it be under Mocha 12', () => {
    assert.deepEqual(readFlags(['--hermetic-suggest', 'test/legacy.spec.js']).problems, [
      '--hermetic-suggest took "test/legacy.spec.js" as its value, so Mocha will not run it as a test file; write --hermetic-suggest=true, or put --hermetic-suggest after the test files',
    ]);
    const mocha12 = readFlags(['--hermetic-suggest', 'test/legacy.spec.js'], 'test file');
    assert.deepEqual(mocha12.problems, []);
    assert.equal(resolveConfig([mocha12.layer]).config.suggest, true);
  });

  it('asks for "=" under Mocha 12, which reads the next word as a test file', () => {
    assert.deepEqual(readFlags(['--hermetic-default-size', 'medium', '--hermetic-suggest', 'false'], 'test file').problems, [
      '--hermetic-default-size needs its value joined with "=": write --hermetic-default-size=medium (Mocha reads "medium" as a test file)',
      '--hermetic-suggest needs its value joined with "=": write --hermetic-suggest=false (Mocha reads "false" as a test file)',
    ]);
  });

  it('shows the accepted form, with an example, for a wrong separator in a list option', () => {
    const problems = (...argv: string[]): string[] => resolveConfig([readFlags(argv).layer]).problems;
    assert.deepEqual(problems('--hermetic-targets=small:50'), [
      'invalid targets "small:50" in --hermetic-targets: "small:50" is not size=percent; write size=percent joined by ",", e.g. small=70,medium=20,large=10',
    ]);
    assert.deepEqual(problems('--hermetic-targets=small=50;medium=40'), [
      'invalid targets "small=50;medium=40" in --hermetic-targets: "50;medium=40" for small is not a percentage from 0 to 100; write size=percent joined by ",", e.g. small=70,medium=20,large=10',
    ]);
    assert.deepEqual(problems('--hermetic-timeouts=small:2s'), [
      'invalid timeouts "small:2s" in --hermetic-timeouts: "small:2s" is not size=duration; write size=duration joined by ",", e.g. small=2s,medium=60s',
    ]);
    assert.deepEqual(problems('--hermetic-allow=a.local;b.local'), [
      'invalid allow "a.local;b.local" in --hermetic-allow: "a.local;b.local" is malformed: "a.local;b.local" is not a host name, IP address, CIDR range or unix:/path; write targets joined by ",", e.g. db.test.local:5432,10.0.0.0/8',
    ]);
    assert.deepEqual(resolveConfig([readObject({ targets: 'small=90' }, 'package.json ("hermetic")').layer]).problems, [
      'invalid targets "small=90" in package.json ("hermetic").targets: small, medium and large add up to 110; they must add up to 100; write size=percent joined by ",", e.g. small=70,medium=20,large=10',
    ]);
  });
});
