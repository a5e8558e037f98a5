// Runs every example under examples/ with hermetic, the way a user would (`npx mocha` in the example's folder).
// It leads with a suite that breaks its sizes (one report box in full) and the fix, keeps every other example to its
// test list, ends on a summary, and exits non-zero if any example's outcome differs from examples/expected-outcomes.json.
import { spawn } from 'node:child_process';
import { lstatSync, readFileSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const examplesDir = join(root, 'examples');
const mochaBin = join(root, 'node_modules', 'mocha', 'bin', 'mocha.js');
const colour = !process.env.NO_COLOR && process.stdout.isTTY;
const bold = (text) => (colour ? `\x1b[1m${text}\x1b[22m` : text);
const red = (text) => (colour ? `\x1b[31m${text}\x1b[39m` : text);
const green = (text) => (colour ? `\x1b[32m${text}\x1b[39m` : text);

/** The example that breaks its sizes, and the one that shows the fix for its first report (an HTTP call, mocked with nock). */
const VIOLATIONS = 'before-violations';
const FIX = 'http-nock';

/**
 * Examples resolve `hermetic` from node_modules as a user's project does; in this repository that is a link, which must
 * point at this package (other tools may have pointed it at a packed copy).
 */
function linkPackageIntoNodeModules() {
  const link = join(root, 'node_modules', 'hermetic');
  let stat;
  try {
    stat = lstatSync(link);
  } catch {
    // No link yet.
  }
  if (stat && !stat.isSymbolicLink()) {
    process.stderr.write(
      `demo: node_modules/hermetic is an installed copy, not this package; remove it (rm -r node_modules/hermetic) and run again\n`,
    );
    process.exit(2);
  }
  if (stat && pointsAtRoot(link)) return;
  if (stat) rmSync(link);
  symlinkSync(root, link, 'dir');
}

function pointsAtRoot(link) {
  try {
    return realpathSync(link) === realpathSync(root);
  } catch {
    return false;
  }
}

function cleanEnv() {
  const env = { ...process.env, NO_COLOR: '1' };
  delete env.FORCE_COLOR;
  // The examples configure hermetic themselves; settings from the caller's shell would change their outcome.
  for (const name of Object.keys(env)) if (name.startsWith('HERMETIC_') || name.startsWith('__HERMETIC')) delete env[name];
  return env;
}

/** Runs Mocha's spec reporter in the example's folder and keeps its whole output, to be shown in part. */
function runExample(dir, args) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [mochaBin, '--reporter', 'spec', '--no-color', ...args], {
      cwd: join(examplesDir, dir),
      env: cleanEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk) => (output += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code, lines: output.split('\n') }));
  });
}

function count(lines, word) {
  const line = lines.find((l) => new RegExp(`^\\s*\\d+ ${word}\\b`).test(l));
  return line ? Number(/\d+/.exec(line)[0]) : 0;
}

/** Mocha's list of suites and tests: what comes before its "N passing" line. */
function testList(lines) {
  const end = lines.findIndex((l) => /^\s*\d+ passing\b/.test(l));
  return lines.slice(0, end < 0 ? lines.length : end).filter((l) => l.trim() !== '');
}

/** Mocha's failure details, one block per failure: from its "  1) " heading to the next. */
function failureBlocks(lines) {
  const start = lines.findIndex((l) => /^\s*\d+ failing\b/.test(l));
  if (start < 0) return [];
  const blocks = [];
  for (const line of lines.slice(start + 1)) {
    if (/^hermetic summary$/.test(line)) break;
    if (/^ {2}\d+\) /.test(line)) blocks.push([]);
    blocks.at(-1)?.push(line);
  }
  return blocks.map((block) => {
    while (block.length > 0 && block.at(-1).trim() === '') block.pop();
    return block;
  });
}

/** One line for a failure: its number and test, what it reached and where. */
function shortFailure(block) {
  const field = (name) =>
    block
      .find((l) => l.startsWith(`${name}:`))
      ?.slice(name.length + 1)
      .trim();
  const number = /\d+\)/.exec(block[0])[0];
  const test = field('Test')?.split(' > ').at(-1) ?? block[0].trim();
  const reached = block.find((l) => l.startsWith('Attempted ')) ?? field('Violation') ?? '';
  return `  ${number} ${test}: ${reached}${field('At') ? ` (at ${field('At')})` : ''}`;
}

function readmeOf(dir) {
  return readFileSync(join(examplesDir, dir, 'README.md'), 'utf8');
}

function headingOf(dir) {
  return /^# (.+)$/m.exec(readmeOf(dir))?.[1] ?? dir;
}

/** The README's first paragraph after its heading: what the example does, in a few lines. */
function introOf(dir) {
  return (
    readmeOf(dir)
      .split(/\n\s*\n/)
      .find((part) => !part.startsWith('#'))
      ?.trim() ?? ''
  );
}

const out = (text = '') => process.stdout.write(`${text}\n`);

/** Runs one example, prints what `show` picks from its output, and says whether it ended as expected. */
async function check(number, title, dir, args, expected, show, intro) {
  out();
  out(bold(`${number}. ${title}`));
  if (intro) out(intro);
  out(`$ cd examples/${dir} && npx mocha${args.length ? ` ${args.join(' ')}` : ''}`);
  const { code, lines } = await runExample(dir, args);
  const passing = count(lines, 'passing');
  const failing = count(lines, 'failing');
  const ok = passing === expected.passing && failing === expected.failing && code === expected.failing;
  show(lines, ok);
  const got = `${passing} passing, ${failing} failing (exit code ${code})`;
  out(
    ok ? green(`as expected: ${got}`) : red(`NOT as expected: ${got}; expected ${expected.passing} passing, ${expected.failing} failing`),
  );
  return { dir, ok, got };
}

/** The test list; when the outcome was not the expected one, everything Mocha printed, to see why. */
function showList(lines, ok) {
  for (const line of ok ? testList(lines) : lines) out(line);
}

function showViolations(lines, ok) {
  showList(lines, ok);
  if (!ok) return;
  const [first, ...others] = failureBlocks(lines);
  if (!first) return;
  out();
  out('The first failure, as Mocha prints it:');
  for (const line of first) out(line);
  out();
  if (others.length > 0) out(`The other ${others.length} failures, each refused the same way before anything left the process:`);
  for (const block of others) out(shortFailure(block));
}

linkPackageIntoNodeModules();
const { examples, services } = JSON.parse(readFileSync(join(examplesDir, 'expected-outcomes.json'), 'utf8'));
const byDir = new Map(examples.map((e) => [e.dir, e]));
const rest = examples.filter((e) => e.dir !== VIOLATIONS && e.dir !== FIX);

out(bold('hermetic demo: the examples under examples/, each run as a user runs it'));
const results = [];
results.push(
  await check(
    1,
    `A suite whose tests reach further than their size allows (examples/${VIOLATIONS})`,
    VIOLATIONS,
    [],
    byDir.get(VIOLATIONS),
    showViolations,
  ),
);
results.push(
  await check(2, `The fix for the first report: ${headingOf(FIX)} (examples/${FIX})`, FIX, [], byDir.get(FIX), showList, introOf(FIX)),
);
let number = 3;
for (const example of rest)
  results.push(await check(number++, `${headingOf(example.dir)} (examples/${example.dir})`, example.dir, [], example, showList));
const skipped = [];
for (const service of services) {
  if (!process.env[service.needs]) {
    skipped.push(
      `the medium tests of examples/${service.dir} need a local server: set ${service.needs}, e.g. with eval "$(scripts/services/start.sh)"`,
    );
    continue;
  }
  results.push(
    await check(
      number++,
      `${headingOf(service.dir)}: the medium tests against a local server`,
      service.dir,
      service.args,
      service,
      showList,
    ),
  );
}

const failed = results.filter((r) => !r.ok);
out();
out(bold(`Summary: ${results.length - failed.length} of ${results.length} examples ended as expected.`));
for (const r of results) out(`  ${r.ok ? green('ok ') : red('NOT')} examples/${r.dir.padEnd(20)} ${r.got}`);
for (const s of skipped) out(`  skipped: ${s}`);
process.exitCode = failed.length === 0 ? 0 : 1;
