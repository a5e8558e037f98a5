import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import {
  type ConfigLayer,
  type ResolvedConfig,
  readCiShard,
  readEnv,
  readFlags,
  readObject,
  resolveConfig,
  type WordAfterFlag,
} from '../../core/config';
import { loadMochaConfigModule, mochaVersion } from './mocha-internals';

/**
 * The main process hands its resolved config to `--parallel` workers through this variable, which it always overwrites,
 * stamped with its pid: a worker takes only the value its own parent wrote, and reads it like any other source.
 */
const HANDOFF = '__HERMETIC_RESOLVED_CONFIG';

/** What the main process writes into {@link HANDOFF}: the options as a config file would set them, and where each came from. */
interface Handoff {
  readonly by: number;
  readonly options: Record<string, unknown>;
  readonly sources: Record<string, string>;
}

/** Settings read from disk and the process, resolved, or every problem found on the way. */
export type LoadedConfig = { ok: true; config: ResolvedConfig } | { ok: false; problems: string[] };

function flagValue(argv: readonly string[], name: string): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === name) return argv[i + 1];
    if (a.startsWith(`${name}=`)) return a.slice(name.length + 1);
  }
  return undefined;
}

/** Whether the command line holds any of hermetic's flags, or a config file's settings passed on by Mocha's re-spawn. */
function hasOwnFlags(argv: readonly string[]): boolean {
  return argv.some((arg) => arg.startsWith('--hermetic') || arg.startsWith('--no-hermetic'));
}

/** Mocha 12 parses its command line with util.parseArgs, which reads a word after an unknown flag as a test file. */
function wordAfterFlag(): WordAfterFlag {
  const major = Number(mochaVersion()?.split('.')[0]);
  return major >= 12 ? 'test file' : 'value';
}

/**
 * When a Node flag makes Mocha re-spawn itself, the new process gets `--no-config` and the config file's options as
 * flags, the `hermetic:` object flattened to `--hermetic.timeouts.small=2s` (Mocha 12) or `--hermetic.timeouts.small 2s`
 * (Mocha 11). This rebuilds the object, so the config file still applies.
 */
function readPassedOnConfig(argv: readonly string[], word: WordAfterFlag, problems: string[]): ConfigLayer | undefined {
  const object: Record<string, unknown> = {};
  let found = false;
  for (let i = 0; i < argv.length; i++) {
    const match = /^--(no-)?hermetic\.([^=]+)(?:=(.*))?$/s.exec(argv[i]!);
    if (!match) continue;
    found = true;
    let value: unknown = match[1] ? false : match[3];
    const next = argv[i + 1];
    if (value === undefined && word === 'value' && next !== undefined && !next.startsWith('-')) {
      value = next;
      i++;
    }
    const path = match[2]!.split('.');
    let at = object;
    for (const key of path.slice(0, -1)) {
      at[key] ??= {};
      at = at[key] as Record<string, unknown>;
    }
    const key = path[path.length - 1]!;
    // A list comes as the same flag repeated.
    at[key] = key in at ? [at[key], value ?? true].flat() : (value ?? true);
  }
  if (!found) return undefined;
  const read = readObject(object, "Mocha's config (hermetic)");
  problems.push(...read.problems);
  return read.layer;
}

/** A `hermetic` key in a YAML or JSON config file: `hermetic:`, `"hermetic":`, `{ hermetic: … }`. */
const HERMETIC_KEY = /(?:^|[\s{,"'])hermetic["']?\s*:/;

function readMocharc(argv: readonly string[], problems: string[]): ConfigLayer | undefined {
  if (argv.includes('--no-config')) return undefined;
  const mocha = loadMochaConfigModule();
  const explicit = flagValue(argv, '--config');
  const path = explicit !== undefined ? resolve(explicit) : (mocha?.findConfig(process.cwd()) ?? undefined);
  if (!path || !mocha) return undefined;
  // Mocha has read this file already; parse it again only if it can hold hermetic's settings (a JS config is cached by
  // require). `require: hermetic/mocha` alone names no settings.
  if (!/\.c?js$/.test(path) && !HERMETIC_KEY.test(readFileSync(path, 'utf8'))) return undefined;
  let raw: Record<string, unknown>;
  try {
    raw = mocha.loadConfig(path);
  } catch (err) {
    problems.push(`cannot read ${basename(path)}: ${(err as Error).message}`);
    return undefined;
  }
  const read = readObject(raw?.hermetic, `${basename(path)} (hermetic)`);
  problems.push(...read.problems);
  return read.layer;
}

function findPackageJson(argv: readonly string[]): string | undefined {
  const explicit = flagValue(argv, '--package');
  if (explicit !== undefined) return resolve(explicit);
  for (let dir = process.cwd(); ; dir = dirname(dir)) {
    const candidate = join(dir, 'package.json');
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}

function readPackageJson(argv: readonly string[], problems: string[]): ConfigLayer | undefined {
  const path = findPackageJson(argv);
  if (!path) return undefined;
  let pkg: Record<string, unknown>;
  try {
    pkg = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  } catch (err) {
    problems.push(`cannot parse package.json: ${(err as Error).message}`);
    return undefined;
  }
  const read = readObject(pkg.hermetic, 'package.json ("hermetic")');
  problems.push(...read.problems);
  return read.layer;
}

/**
 * Resolves hermetic's settings once. Sources, highest first: `--hermetic-*` flags, `HERMETIC_*`
 * variables, `hermetic:` in `.mocharc.*`, `"hermetic"` in package.json, and last a CI system's shard variables. A `--parallel` worker
 * takes the main process's result instead, so every worker sees exactly the same config.
 */
export function loadConfig(argv: readonly string[] = process.argv.slice(2), env: NodeJS.ProcessEnv = process.env): LoadedConfig {
  const handed = env[HANDOFF];
  if (handed !== undefined && env.MOCHA_WORKER_ID !== undefined) return fromHandoff(handed);
  const problems: string[] = [];
  const layers: ConfigLayer[] = [];
  // Most runs set nothing on the command line: reading Mocha's version and parsing the flags wait until some are there.
  const word = hasOwnFlags(argv) ? wordAfterFlag() : undefined;
  if (word) {
    const flags = readFlags(argv, word);
    problems.push(...flags.problems);
    layers.push(flags.layer);
  }
  const vars = readEnv(env);
  problems.push(...vars.problems);
  layers.push(vars.layer);
  const rc = (word && readPassedOnConfig(argv, word, problems)) || readMocharc(argv, problems);
  if (rc) layers.push(rc);
  const pkg = readPackageJson(argv, problems);
  if (pkg) layers.push(pkg);
  const ci = readCiShard(env);
  problems.push(...ci.problems);
  layers.push(ci.layer);
  const resolved = resolveConfig(layers);
  problems.push(...resolved.problems);
  if (problems.length > 0) return { ok: false, problems };
  env[HANDOFF] = toHandoff(resolved.config);
  return { ok: true, config: resolved.config };
}

function toHandoff(config: ResolvedConfig): string {
  const { allowRules: _rules, sources, defaultSize, shard, ...options } = config;
  const written = { ...options, defaultSize: defaultSize ?? 'none', shard: shard ? `${shard.index}/${shard.total}` : null };
  const handoff: Handoff = { by: process.pid, options: written, sources };
  return JSON.stringify(handoff);
}

/** A worker's config: the main process's, validated like any other source, so a stray or damaged value stops the worker with one line. */
function fromHandoff(text: string): LoadedConfig {
  const refuse = (why: string): LoadedConfig => ({
    ok: false,
    problems: [`${HANDOFF} ${why}; hermetic sets it for its own --parallel workers, so unset it (and MOCHA_WORKER_ID) where you set it`],
  });
  let handoff: Partial<Handoff>;
  try {
    handoff = JSON.parse(text) as Partial<Handoff>;
  } catch {
    return refuse('is not the JSON hermetic writes');
  }
  if (typeof handoff !== 'object' || handoff === null || handoff.by !== process.ppid) {
    return refuse("was not written by this worker's main process");
  }
  const { options, sources } = handoff;
  const read = readObject(options, HANDOFF);
  const resolved = resolveConfig([read.layer]);
  const problems = [...read.problems, ...resolved.problems];
  const isSources = typeof sources === 'object' && sources !== null && Object.values(sources).every((v) => typeof v === 'string');
  if (!isSources) problems.push(`${HANDOFF} must say where each option came from, as hermetic writes it`);
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, config: Object.freeze({ ...resolved.config, sources: Object.freeze({ ...sources }) }) };
}
