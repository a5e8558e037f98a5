// Runs every example under examples/ with hermetic, the way a user would (`npx mocha` in the example's folder),
// prints what Mocha and hermetic print, and exits non-zero if any example's outcome differs from the expected one.
import { spawn } from 'node:child_process';
import { existsSync, lstatSync, readFileSync, symlinkSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const examplesDir = join(root, 'examples');
const mochaBin = join(root, 'node_modules', 'mocha', 'bin', 'mocha.js');
const colour = !process.env.NO_COLOR;
const bold = (text) => (colour ? `\x1b[1m${text}\x1b[22m` : text);
const red = (text) => (colour ? `\x1b[31m${text}\x1b[39m` : text);
const green = (text) => (colour ? `\x1b[32m${text}\x1b[39m` : text);

// Examples resolve `hermetic` from node_modules as a user's project does; in this repository that is a link to the package.
function linkPackageIntoNodeModules() {
  const link = join(root, 'node_modules', 'hermetic');
  if (existsSync(link) || isDanglingLink(link)) return;
  symlinkSync(root, link, 'dir');
}

function isDanglingLink(path) {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

function cleanEnv(extra) {
  const env = { ...process.env, ...extra };
  // The examples configure hermetic themselves; settings from the caller's shell would change their outcome.
  for (const name of Object.keys(env)) if (name.startsWith('HERMETIC_') || name.startsWith('__HERMETIC')) delete env[name];
  return env;
}

function runExample(dir, args) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [mochaBin, '--reporter', 'spec', colour ? '--color' : '--no-color', ...args], {
      cwd: join(examplesDir, dir),
      env: cleanEnv({}),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const forward = (stream, target) =>
      stream.on('data', (chunk) => {
        output += chunk;
        target.write(chunk);
      });
    forward(child.stdout, process.stdout);
    forward(child.stderr, process.stderr);
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code, output }));
  });
}

function count(output, word) {
  const plain = output.replace(/\x1b\[[0-9;]*m/g, '');
  const match = new RegExp(`^\\s*(\\d+) ${word}\\b`, 'm').exec(plain);
  return match ? Number(match[1]) : 0;
}

async function check(title, dir, args, expected) {
  process.stdout.write(`\n${bold('='.repeat(72))}\n${bold(title)}\n${bold('='.repeat(72))}\n`);
  process.stdout.write(`$ cd examples/${dir} && npx mocha${args.length ? ` ${args.join(' ')}` : ''}\n`);
  const { code, output } = await runExample(dir, args);
  const passing = count(output, 'passing');
  const failing = count(output, 'failing');
  const ok = passing === expected.passing && failing === expected.failing && code === expected.failing;
  const verdict = `expected ${expected.passing} passing, ${expected.failing} failing; got ${passing} passing, ${failing} failing (exit code ${code})`;
  process.stdout.write(`\n${ok ? green(`as expected: ${verdict}`) : red(`NOT as expected: ${verdict}`)}\n`);
  return { title, ok };
}

linkPackageIntoNodeModules();
const { examples, services } = JSON.parse(readFileSync(join(examplesDir, 'expected-outcomes.json'), 'utf8'));
const results = [];
for (const example of examples) {
  const readme = readFileSync(join(examplesDir, example.dir, 'README.md'), 'utf8');
  const heading = /^# (.+)$/m.exec(readme)?.[1] ?? example.dir;
  results.push(await check(`examples/${example.dir}: ${heading}`, example.dir, [], example));
}
for (const service of services) {
  if (!process.env[service.needs]) {
    process.stdout.write(`\n(skipped the medium tests of examples/${service.dir}: they need a local server; set ${service.needs}, e.g. with eval "$(scripts/services/start.sh)")\n`);
    continue;
  }
  results.push(await check(`examples/${service.dir}: the medium tests against a local server`, service.dir, service.args, service));
}

const failed = results.filter((r) => !r.ok);
process.stdout.write(`\n${bold('Summary')}: ${results.length - failed.length} of ${results.length} examples ended as expected.\n`);
for (const r of failed) process.stdout.write(red(`  not as expected: ${r.title}\n`));
process.exitCode = failed.length === 0 ? 0 : 1;
