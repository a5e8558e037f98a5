import { type AllowRule, parseAllowRule } from './network-target';
import { POLICY_TABLE } from './policy';
import { isTestSize, TEST_SIZES, type TestSize } from './size';
import { closest } from './typo';

/** How violations are handled: `strict` fails the test, `warn` lets it through with a warning, `off` patches nothing. */
export type Enforcement = 'strict' | 'warn' | 'off';

/** The options a project sets in `.mocharc.*` (`hermetic:`), package.json (`"hermetic"`), `HERMETIC_*` or `--hermetic-*`. */
export interface HermeticConfig {
  /** `strict` (default), `warn` or `off`. */
  enforcement?: Enforcement;
  /** The size of tests with no marker; `none` (default) leaves them unrestricted. */
  defaultSize?: TestSize | 'none' | null;
  /** Extra targets that count as local for medium tests: `host`, `host:port`, `*.domain`, an IP or CIDR, `unix:/path`. */
  allow?: readonly string[] | string;
  /** Time limits per size, in milliseconds or as `"500ms"`, `"2s"`, `"5m"`, `"1h"`. */
  timeouts?: Partial<Record<TestSize, number | string>>;
  /** Where to write the JSON report. */
  report?: string | null;
  /** Whether the test pyramid is checked at the end of the run: `off` (default), `warn` or `strict` (fails the run). */
  distribution?: Enforcement;
  /** Target shares in percent of sized tests; `large` covers large and xlarge together. They must add up to 100. */
  targets?: Partial<Record<'small' | 'medium' | 'large', number>>;
  /** How many percentage points a share may stray from its target (default 5). */
  tolerance?: number;
  /** Observe without blocking and print, per unsized or mis-sized test, the smallest size it would fit. */
  suggest?: boolean;
  /** This run is one slice of a suite split across CI jobs, `"2/5"` (1-based): its pyramid's verdict waits for `npx hermetic merge`. */
  shard?: string | null;
  /** The shortest real timer that counts as a small test's sleep (default 50 ms): shorter ones are yields. */
  sleepThreshold?: number | string;
}

/** One slice of a suite split across CI jobs: `index` of `total`, counted from 1. */
export interface Shard {
  readonly index: number;
  readonly total: number;
}

/** Target shares of the test pyramid, in percent of sized tests. */
export interface DistributionTargets {
  readonly small: number;
  readonly medium: number;
  readonly large: number;
}

/**
 * A real timer this long or longer is a wait, shorter is a yield: above the 1 ms Node gives `setTimeout(fn, 0)` and
 * the 20 ms interval sinon's `shouldAdvanceTime` runs, below the 100 ms and more that retries and polls sleep.
 */
export const DEFAULT_SLEEP_THRESHOLD_MS = 50;

/** Google's pyramid: 80 % small, 15 % medium, 5 % large and xlarge. */
export const DEFAULT_TARGETS: DistributionTargets = Object.freeze({ small: 80, medium: 15, large: 5 });

/** Config as the plugin uses it: every option decided, with the source each one came from. */
export interface ResolvedConfig {
  readonly enforcement: Enforcement;
  readonly defaultSize: TestSize | undefined;
  readonly allow: readonly string[];
  readonly allowRules: readonly AllowRule[];
  readonly timeouts: Readonly<Record<TestSize, number>>;
  readonly report: string | undefined;
  readonly distribution: Enforcement;
  readonly targets: DistributionTargets;
  readonly tolerance: number;
  readonly suggest: boolean;
  /** Set when this run is one of several slices (total above 1); a run of `1/1` is the whole suite. */
  readonly shard: Shard | undefined;
  /** A real timer of this many milliseconds or more that fires while a small test runs is a sleep. */
  readonly sleepThreshold: number;
  /** Option name → where its value came from (`default` when nothing set it). */
  readonly sources: Readonly<Record<string, string>>;
}

type OptionName = keyof HermeticConfig;
type Values = { [K in OptionName]?: unknown };

/** One place settings come from, highest precedence first when resolving. */
export interface ConfigLayer {
  /** How errors name it: `--hermetic-enforcement`, `HERMETIC_ENFORCEMENT`, `.mocharc.yml`, `package.json`. */
  readonly source: string;
  readonly values: Values;
  /** Per option, a more exact name of where it was set, for error messages. */
  readonly origins: { readonly [K in OptionName]?: string };
}

/** Typed helper for `.mocharc.js` / `.mocharc.cjs`: returns its argument, checked by TypeScript. */
export function defineConfig(config: HermeticConfig): HermeticConfig {
  return config;
}

const OPTIONS: readonly OptionName[] = [
  'enforcement',
  'defaultSize',
  'allow',
  'timeouts',
  'report',
  'distribution',
  'targets',
  'tolerance',
  'suggest',
  'shard',
  'sleepThreshold',
];
const ENFORCEMENTS: readonly Enforcement[] = ['strict', 'warn', 'off'];

const kebab = (name: string): string => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
const screaming = (name: string): string => kebab(name).replace(/-/g, '_').toUpperCase();

/** The flag and environment variable that set an option: `--hermetic-default-size`, `HERMETIC_DEFAULT_SIZE`. */
export function flagName(option: string): string {
  return `--hermetic-${kebab(option)}`;
}
export function envName(option: string): string {
  return `HERMETIC_${screaming(option)}`;
}

/** All options, for docs and error messages. */
export const CONFIG_OPTIONS: readonly string[] = OPTIONS;

function suggestion(name: string, known: readonly string[]): string {
  const hit = closest(name, known);
  return hit ? ` (did you mean ${hit}?)` : '';
}

/** Words `suggest` accepts as its value; an empty one is a mistake, not `true`, since `true` turns blocking off. */
const BOOLEAN_WORDS: Readonly<Record<string, boolean>> = { true: true, false: false, '1': true, '0': false };
/** A word Mocha 11's argument parser reads as a negative number, not as a flag. */
const NEGATIVE_NUMBER = /^-(\d+(\.\d+)?|\.\d+)$/;

/**
 * What the running Mocha makes of a word after a flag it does not know: Mocha 11 (yargs) takes it as the flag's value,
 * Mocha 12 (util.parseArgs) as a test file. hermetic reads its flags the same way, so it never disagrees with Mocha.
 */
export type WordAfterFlag = 'value' | 'test file';

/** Reads `--hermetic-<option>=value` flags, and `--hermetic-<option> value` where Mocha reads them so. Other arguments are Mocha's. */
export function readFlags(argv: readonly string[], wordAfterFlag: WordAfterFlag = 'value'): { layer: ConfigLayer; problems: string[] } {
  const values: Values = {};
  const origins: Record<string, string> = {};
  const problems: string[] = [];
  const known = OPTIONS.map(flagName);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') break;
    // `--hermetic.<option>` is a config file's setting passed on by Mocha's re-spawn; any other `--hermetic…` is a mistake.
    if (!/^--hermetic(?![-.])/.test(arg) && !arg.startsWith('--hermetic-')) continue;
    const eq = arg.indexOf('=');
    const flag = eq < 0 ? arg : arg.slice(0, eq);
    if (flag === '--hermetic') {
      problems.push(
        `--hermetic alone sets nothing: name the option, e.g. --hermetic-enforcement=strict; known flags are ${known.join(', ')}`,
      );
      continue;
    }
    const option = OPTIONS.find((o) => flagName(o) === flag);
    const next = argv[i + 1];
    const word = eq < 0 && next !== undefined && (!next.startsWith('-') || NEGATIVE_NUMBER.test(next)) ? next : undefined;
    let text = eq < 0 ? undefined : arg.slice(eq + 1);
    if (word !== undefined && wordAfterFlag === 'value') {
      text = word;
      i++;
    }
    if (!option) {
      problems.push(`unknown flag ${flag}${suggestion(flag, known)}; known flags are ${known.join(', ')}`);
      continue;
    }
    const isBoolean = (w: string): boolean => Object.hasOwn(BOOLEAN_WORDS, w.trim().toLowerCase());
    if (option === 'suggest' && word !== undefined && wordAfterFlag === 'value' && !isBoolean(word)) {
      // Mocha has taken the word as this flag's value, so a test file written there would silently not run.
      problems.push(
        `${flag} took "${word}" as its value, so Mocha will not run it as a test file; write ${flag}=true, or put ${flag} after the test files`,
      );
      continue;
    }
    if (text === undefined && word !== undefined && (option !== 'suggest' || isBoolean(word))) {
      // Mocha 12 reads the word as a test file: the value the user meant never reaches hermetic.
      problems.push(`${flag} needs its value joined with "=": write ${flag}=${word} (Mocha reads "${word}" as a test file)`);
      continue;
    }
    if (text === undefined && option !== 'suggest') {
      problems.push(`${flag} needs a value, e.g. ${flag}=${exampleValue(option)}`);
      continue;
    }
    text ??= 'true';
    // The list options add up over repeated flags, so a size given in two of them is caught as given twice.
    const adds = option === 'allow' || option === 'timeouts' || option === 'targets';
    values[option] = adds && values[option] !== undefined ? `${String(values[option])},${text}` : text;
    origins[option] = flag;
  }
  return { layer: { source: 'command line', values, origins }, problems };
}

/** Reads `HERMETIC_<OPTION>` environment variables; an unknown `HERMETIC_*` name is a problem, not silence. */
export function readEnv(env: Readonly<Record<string, string | undefined>>): { layer: ConfigLayer; problems: string[] } {
  const values: Values = {};
  const origins: Record<string, string> = {};
  const problems: string[] = [];
  // Names first: reading every value of process.env is a call into the environment each.
  for (const name of Object.keys(env)) {
    if (!name.startsWith('HERMETIC_')) continue;
    const text = env[name];
    if (text === undefined) continue;
    const option = OPTIONS.find((o) => envName(o) === name);
    if (!option) {
      const known = OPTIONS.map(envName);
      problems.push(`unknown environment variable ${name}${suggestion(name, known)}; known ones are ${known.join(', ')}`);
      continue;
    }
    values[option] = text;
    origins[option] = name;
  }
  return { layer: { source: 'environment', values, origins }, problems };
}

/** Reads a `hermetic` object from a config file; `where` names it in errors, e.g. `.mocharc.yml (hermetic)`. */
export function readObject(raw: unknown, where: string): { layer: ConfigLayer; problems: string[] } {
  const values: Values = {};
  const origins: Record<string, string> = {};
  const problems: string[] = [];
  if (raw === undefined || raw === null) return { layer: { source: where, values, origins }, problems };
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    problems.push(`${where} must be an object of options (${OPTIONS.join(', ')}), got ${describe(raw)}`);
    return { layer: { source: where, values, origins }, problems };
  }
  for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
    const option = OPTIONS.find((o) => o === key);
    if (!option) {
      problems.push(`unknown option "${key}" in ${where}${suggestion(key, OPTIONS)}; known options are ${OPTIONS.join(', ')}`);
      continue;
    }
    values[option] = value;
    origins[option] = `${where}.${key}`;
  }
  return { layer: { source: where, values, origins }, problems };
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return `"${value}"`;
  return Array.isArray(value) || typeof value === 'object' ? JSON.stringify(value) : `${typeof value} ${String(value)}`;
}

function exampleValue(option: OptionName): string {
  switch (option) {
    case 'enforcement':
      return 'warn';
    case 'defaultSize':
      return 'small';
    case 'allow':
      return 'db.test.local:5432';
    case 'timeouts':
      return 'small=2s,medium=60s';
    case 'report':
      return 'hermetic-report.json';
    case 'distribution':
      return 'warn';
    case 'targets':
      return 'small=70,medium=20,large=10';
    case 'tolerance':
      return '10';
    case 'suggest':
      return 'true';
    case 'shard':
      return '2/5';
    case 'sleepThreshold':
      return '100ms';
  }
}

/**
 * For the options written as lists, the form they take where `raw` was written, with an example: a wrong separator
 * (`small:50`, `small=50;medium=40`) is the usual mistake, and the fix is to see the right form.
 */
function acceptedForm(option: OptionName, raw: unknown): string {
  const text = typeof raw === 'string';
  switch (option) {
    case 'allow':
      return text
        ? '; write targets joined by ",", e.g. db.test.local:5432,10.0.0.0/8'
        : '; write a list, e.g. ["db.test.local:5432", "10.0.0.0/8", "unix:/tmp/app.sock"]';
    case 'timeouts':
      return text
        ? '; write size=duration joined by ",", e.g. small=2s,medium=60s'
        : '; write sizes with durations, e.g. { small: "2s", medium: "60s" }';
    case 'targets':
      return text
        ? '; write size=percent joined by ",", e.g. small=70,medium=20,large=10'
        : '; write sizes with percentages, e.g. { small: 70, medium: 20, large: 10 }';
    default:
      return '';
  }
}

/** The longest timeout Node's timers keep: a longer one is cut to 1 ms, which would fail every test. */
export const MAX_TIMEOUT_MS = 2 ** 31 - 1;

type Parsed<T> = { ok: true; value: T } | { ok: false; problem: string };

/** Reads a duration: a number of milliseconds, or `500ms`, `2s`, `1.5s`, `5m`, `1h`; at least 1 ms, at most {@link MAX_TIMEOUT_MS}. */
function readDuration(value: unknown): Parsed<number> {
  let ms: number | undefined;
  if (typeof value === 'number' && Number.isFinite(value) && value > 0) ms = Math.round(value);
  else if (typeof value === 'string') {
    const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|sec|m|min|h)?\s*$/i.exec(value);
    if (m) {
      const unit = (m[2] ?? 'ms').toLowerCase();
      const factor = unit === 'ms' ? 1 : unit === 's' || unit === 'sec' ? 1_000 : unit === 'h' ? 3_600_000 : 60_000;
      ms = Math.round(Number(m[1]) * factor);
    }
  }
  if (ms === undefined) return { ok: false, problem: 'is not a duration; use milliseconds or 500ms, 2s, 5m, 1h' };
  if (ms < 1) return { ok: false, problem: 'rounds to 0 ms; a time limit is at least 1ms' };
  if (ms > MAX_TIMEOUT_MS) {
    return { ok: false, problem: `is ${ms} ms, above ${MAX_TIMEOUT_MS} ms (about 24.8 days), the longest timeout Node can set` };
  }
  return { ok: true, value: ms };
}

/** Parses a duration (see readDuration); undefined when it is not one Node's timers can keep. */
export function parseDuration(value: unknown): number | undefined {
  const read = readDuration(value);
  return read.ok ? read.value : undefined;
}

/** A number written as text: plain decimals only, so `1e2`, `0x10` or `Infinity` are mistakes rather than numbers. */
function decimal(text: string): number | undefined {
  return /^\s*\d+(\.\d+)?\s*$/.test(text) ? Number(text) : undefined;
}

/**
 * The sizes of `timeouts` or `targets` with their values; the text form is `size=value` pairs joined by `,`. A size
 * written twice (`small=2s,small=3s`) is a mistake, since only one of the values could apply.
 */
function readPairs(raw: unknown, what: string): Parsed<[string, unknown][]> {
  if (typeof raw !== 'string') {
    return raw !== null && typeof raw === 'object' && !Array.isArray(raw)
      ? { ok: true, value: Object.entries(raw as Record<string, unknown>) }
      : { ok: false, problem: 'expected an object of sizes' };
  }
  const entries: [string, unknown][] = [];
  for (const part of raw
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')) {
    const eq = part.indexOf('=');
    if (eq < 0) return { ok: false, problem: `"${part}" is not size=${what}` };
    const key = part.slice(0, eq).trim();
    if (entries.some(([k]) => k === key)) return { ok: false, problem: `${key} is given twice; give each size once` };
    entries.push([key, part.slice(eq + 1).trim()]);
  }
  return { ok: true, value: entries };
}

function parseOption(option: OptionName, raw: unknown): Parsed<unknown> {
  switch (option) {
    case 'enforcement':
      return typeof raw === 'string' && (ENFORCEMENTS as readonly string[]).includes(raw.trim().toLowerCase())
        ? { ok: true, value: raw.trim().toLowerCase() }
        : { ok: false, problem: `expected one of ${ENFORCEMENTS.join(', ')}` };
    case 'defaultSize': {
      if (raw === null) return { ok: true, value: undefined };
      const s = typeof raw === 'string' ? raw.trim().toLowerCase() : raw;
      if (s === 'none' || s === '') return { ok: true, value: undefined };
      return isTestSize(s) ? { ok: true, value: s } : { ok: false, problem: `expected one of ${TEST_SIZES.join(', ')}, none` };
    }
    case 'allow': {
      const list =
        typeof raw === 'string'
          ? raw
              .split(',')
              .map((s) => s.trim())
              .filter((s) => s !== '')
          : raw;
      if (!Array.isArray(list) || list.some((e) => typeof e !== 'string')) {
        return { ok: false, problem: 'expected a list of targets' };
      }
      for (const entry of list as string[]) {
        const rule = parseAllowRule(entry);
        if ('error' in rule) return { ok: false, problem: `"${entry}" is malformed: ${rule.error}` };
      }
      return { ok: true, value: (list as string[]).map((s) => s.trim()) };
    }
    case 'timeouts': {
      const pairs = readPairs(raw, 'duration');
      if (!pairs.ok) return pairs;
      const out: Partial<Record<TestSize, number>> = {};
      for (const [size, value] of pairs.value) {
        if (!isTestSize(size)) return { ok: false, problem: `"${size}" is not a size; expected ${TEST_SIZES.join(', ')}` };
        const ms = readDuration(value);
        if (!ms.ok) return { ok: false, problem: `${describe(value)} for ${size} ${ms.problem}` };
        out[size] = ms.value;
      }
      return { ok: true, value: out };
    }
    case 'report':
      if (raw === null) return { ok: true, value: undefined };
      return typeof raw === 'string' && raw.trim() !== ''
        ? { ok: true, value: raw.trim() }
        : { ok: false, problem: 'expected a file path such as "hermetic-report.json"' };
    case 'distribution':
      return typeof raw === 'string' && (ENFORCEMENTS as readonly string[]).includes(raw.trim().toLowerCase())
        ? { ok: true, value: raw.trim().toLowerCase() }
        : { ok: false, problem: `expected one of ${ENFORCEMENTS.join(', ')}` };
    case 'targets':
      return parseTargets(raw);
    case 'tolerance': {
      const n = typeof raw === 'string' ? decimal(raw) : raw;
      return typeof n === 'number' && Number.isFinite(n) && n >= 0 && n <= 100
        ? { ok: true, value: n }
        : { ok: false, problem: 'expected percentage points from 0 to 100, e.g. 5' };
    }
    case 'sleepThreshold': {
      const ms = readDuration(raw);
      return ms.ok ? ms : { ok: false, problem: ms.problem.replace('a time limit', 'a sleep threshold') };
    }
    case 'suggest': {
      const word = typeof raw === 'string' ? raw.trim().toLowerCase() : undefined;
      const b = word === undefined ? raw : BOOLEAN_WORDS[word];
      return typeof b === 'boolean' ? { ok: true, value: b } : { ok: false, problem: 'expected true or false' };
    }
    case 'shard':
      return parseShard(raw);
  }
}

/** Reads `"2/5"`: shard 2 of 5, counted from 1 as people count. */
function parseShard(raw: unknown): Parsed<Shard | undefined> {
  if (raw === null) return { ok: true, value: undefined };
  const m = typeof raw === 'string' ? /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(raw) : null;
  if (!m) return { ok: false, problem: 'expected index/total counted from 1, e.g. 2/5 for the second of five shards' };
  const index = Number(m[1]);
  const total = Number(m[2]);
  if (total < 1 || index < 1 || index > total) {
    return { ok: false, problem: `the index must be from 1 to the total (${total}), e.g. 2/5 for the second of five shards` };
  }
  return { ok: true, value: total === 1 ? undefined : { index, total } };
}

function parseTargets(raw: unknown): Parsed<DistributionTargets> {
  const pairs = readPairs(raw, 'percent');
  if (!pairs.ok) return pairs;
  const out: Record<string, number> = { ...DEFAULT_TARGETS };
  for (const [key, value] of pairs.value) {
    if (key !== 'small' && key !== 'medium' && key !== 'large') {
      return { ok: false, problem: `"${key}" is not a target; expected small, medium, large (large covers xlarge too)` };
    }
    const n = typeof value === 'string' ? decimal(value.replace(/%\s*$/, '')) : value;
    if (typeof n !== 'number' || !Number.isFinite(n) || n < 0 || n > 100) {
      return { ok: false, problem: `${describe(value)} for ${key} is not a percentage from 0 to 100` };
    }
    out[key] = n;
  }
  const sum = out.small! + out.medium! + out.large!;
  if (Math.abs(sum - 100) > 0.01) return { ok: false, problem: `small, medium and large add up to ${sum}; they must add up to 100` };
  return { ok: true, value: out as unknown as DistributionTargets };
}

/**
 * Decides every option from the layers, highest precedence first. Timeouts are decided size by size;
 * every other option comes whole from the highest layer that sets it. All problems are collected, none thrown.
 */
export function resolveConfig(layers: readonly ConfigLayer[]): { config: ResolvedConfig; problems: string[] } {
  const problems: string[] = [];
  const sources: Record<string, string> = {};
  const chosen: Values = {};
  const timeouts: Record<TestSize, number> = {
    small: POLICY_TABLE.small.timeLimitMs,
    medium: POLICY_TABLE.medium.timeLimitMs,
    large: POLICY_TABLE.large.timeLimitMs,
    xlarge: POLICY_TABLE.xlarge.timeLimitMs,
  };
  const timeoutSet = new Set<TestSize>();
  for (const layer of layers) {
    for (const option of OPTIONS) {
      const raw = layer.values[option];
      if (raw === undefined) continue;
      const parsed = parseOption(option, raw);
      const origin = layer.origins[option] ?? layer.source;
      if (!parsed.ok) {
        problems.push(`invalid ${option} ${describe(raw)} in ${origin}: ${parsed.problem}${acceptedForm(option, raw)}`);
        continue;
      }
      if (option === 'timeouts') {
        for (const [size, ms] of Object.entries(parsed.value as Record<TestSize, number>) as [TestSize, number][]) {
          if (timeoutSet.has(size)) continue;
          timeoutSet.add(size);
          timeouts[size] = ms;
          sources[`timeouts.${size}`] = origin;
        }
        continue;
      }
      if (option in chosen) continue;
      chosen[option] = parsed.value;
      sources[option] = origin;
    }
  }
  for (const option of OPTIONS) if (option !== 'timeouts' && !(option in sources)) sources[option] = 'default';
  for (const size of TEST_SIZES) if (!timeoutSet.has(size)) sources[`timeouts.${size}`] = 'default';
  const allow = (chosen.allow as string[] | undefined) ?? [];
  const config: ResolvedConfig = Object.freeze({
    enforcement: (chosen.enforcement as Enforcement | undefined) ?? 'strict',
    defaultSize: chosen.defaultSize as TestSize | undefined,
    allow,
    allowRules: allow.map((entry) => parseAllowRule(entry) as AllowRule),
    timeouts: Object.freeze(timeouts),
    report: chosen.report as string | undefined,
    distribution: (chosen.distribution as Enforcement | undefined) ?? 'off',
    targets: (chosen.targets as DistributionTargets | undefined) ?? DEFAULT_TARGETS,
    tolerance: (chosen.tolerance as number | undefined) ?? 5,
    suggest: (chosen.suggest as boolean | undefined) ?? false,
    shard: chosen.shard as Shard | undefined,
    sleepThreshold: (chosen.sleepThreshold as number | undefined) ?? DEFAULT_SLEEP_THRESHOLD_MS,
    sources: Object.freeze(sources),
  });
  return { config, problems };
}

/** The CI systems that tell a job which slice of a parallel job it is, and whether they count from 0. */
const CI_SHARD_VARIABLES = [
  { ci: 'CircleCI', index: 'CIRCLE_NODE_INDEX', total: 'CIRCLE_NODE_TOTAL', from: 0 },
  { ci: 'GitLab CI', index: 'CI_NODE_INDEX', total: 'CI_NODE_TOTAL', from: 1 },
] as const;

/**
 * The `shard` a CI system's own variables give, as the lowest layer: CircleCI's `parallelism` counts from 0, GitLab's
 * `parallel:` from 1. GitHub Actions has no such variables; its matrix passes the option.
 */
export function readCiShard(env: Readonly<Record<string, string | undefined>>): { layer: ConfigLayer; problems: string[] } {
  const values: Values = {};
  const origins: Record<string, string> = {};
  const problems: string[] = [];
  for (const vars of CI_SHARD_VARIABLES) {
    const index = env[vars.index];
    const total = env[vars.total];
    if (index === undefined || total === undefined || index === '' || total === '') continue;
    const origin = `${vars.index}=${index} and ${vars.total}=${total} (${vars.ci}, counted from ${vars.from})`;
    if (!/^\s*\d+\s*$/.test(index) || !/^\s*\d+\s*$/.test(total)) {
      problems.push(`invalid shard in ${origin}: both must be whole numbers; unset them or set shard, e.g. --hermetic-shard=2/5`);
      continue;
    }
    values.shard = `${Number(index) + 1 - vars.from}/${Number(total)}`;
    origins.shard = origin;
    break;
  }
  return { layer: { source: 'CI variables', values, origins }, problems };
}
