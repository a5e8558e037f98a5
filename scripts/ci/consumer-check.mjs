#!/usr/bin/env node
// Installs the packed hermetic into fresh projects outside the repository, as a user would, and runs a small suite in
// each on every given Node: a CommonJS project (https.get), an ESM project (fetch) and a TypeScript project (tsx,
// @testdeck/mocha classes with @Small/@Medium). Each suite must show a real violation report, with its line and a
// documentation path that opens from the project, and pass its nock-mocked small test.
//
//   node scripts/ci/consumer-check.mjs [--tarball hermetic-x.y.z.tgz] [--node /path/to/node]... [--nock15 15.x.y]
//
// Without --tarball it runs `npm pack` (which builds first); without --node it uses the Node that runs it. mocha, nock,
// typescript, @types/node, tsx, @testdeck/mocha and reflect-metadata come from the npm registry at the repository's locked versions.
// The projects are installed once with nock 14 and run on every Node, then get nock 15 and run again on Node 22 and later
// (nock 15 needs Node 22). One line per project, Node and nock; the exit code is non-zero if any run was not as expected.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { packTarball } from './pack.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const USAGE =
  'usage: node scripts/ci/consumer-check.mjs [--tarball <file.tgz>] [--node <node binary or its bin folder>]... [--nock15 <version>]';

function fail(message) {
  console.error(`consumer check: ${message}`);
  process.exit(2);
}

function parseArgs(argv) {
  const options = { tarball: undefined, nodes: [], nock15: undefined };
  for (let i = 0; i < argv.length; i++) {
    const [flag, joined] = argv[i].split(/=(.*)/s, 2);
    const value = () => joined ?? argv[++i] ?? fail(`${flag} needs a value\n${USAGE}`);
    if (flag === '--tarball') options.tarball = resolve(value());
    else if (flag === '--node') options.nodes.push(nodeBinary(value()));
    else if (flag === '--nock15') options.nock15 = value();
    else fail(`unknown argument "${argv[i]}"\n${USAGE}`);
  }
  if (options.tarball && !existsSync(options.tarball)) fail(`--tarball ${options.tarball} does not exist`);
  if (options.nodes.length === 0) options.nodes.push(process.execPath);
  return options;
}

function nodeBinary(path) {
  const file = existsSync(path) && statSync(path).isDirectory() ? join(path, 'node') : path;
  const version = spawnSync(file, ['--version'], { encoding: 'utf8' });
  if (version.status !== 0) fail(`--node ${path} is not a Node binary (or a folder holding one)`);
  return resolve(file);
}

/** The versions the repository's tests run with, so that a consumer project meets no untested combination. */
function lockedVersions() {
  const { packages } = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8'));
  const names = ['mocha', 'nock', 'typescript', '@types/node', 'tsx', '@testdeck/mocha', 'reflect-metadata'];
  return Object.fromEntries(names.map((name) => [name, packages[`node_modules/${name}`].version]));
}

/** The newest nock 15, asked explicitly: npm on Node 20 would pick an older one whose engines field admits Node 20. */
function newestNock15() {
  const result = spawnSync('npm', ['view', 'nock@15', 'version', '--json'], { encoding: 'utf8' });
  if (result.status !== 0) fail(`npm view nock@15 failed: ${result.stderr.trim()}`);
  return []
    .concat(JSON.parse(result.stdout))
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))
    .at(-1);
}

// The suites. `// violation` marks the line the report's `At:` must name.
const SMALL_SUITE_CJS = `const assert = require('node:assert');
const https = require('node:https');
// nock 15 is an ES module: require() gives its namespace.
const nock = require('nock').default ?? require('nock');

describe('UserApi [small]', () => {
  afterEach(() => nock.cleanAll());

  it('reads a user through a nock mock', async () => {
    nock('https://api.example.com').get('/users/1').reply(200, { id: 1 });
    const response = await fetch('https://api.example.com/users/1');
    assert.deepEqual(await response.json(), { id: 1 });
  });

  it('reaches the real network', () =>
    new Promise((resolve, reject) => {
      https.get('https://api.example.com/users/2', resolve).on('error', reject); // violation
    }));
});
`;

const SMALL_SUITE_ESM = `import assert from 'node:assert';
import nock from 'nock';

describe('UserApi [small]', () => {
  afterEach(() => nock.cleanAll());

  it('reads a user through a nock mock', async () => {
    nock('https://api.example.com').get('/users/1').reply(200, { id: 1 });
    const response = await fetch('https://api.example.com/users/1');
    assert.deepEqual(await response.json(), { id: 1 });
  });

  it('reaches the real network', async () => {
    await fetch('https://api.example.com/users/2'); // violation
  });
});
`;

const SUITE_TS = `import 'reflect-metadata';
import { strict as assert } from 'node:assert';
import { createServer, type Server } from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { suite, test } from '@testdeck/mocha';
import { Medium, Small } from 'hermetic';
import nock from 'nock';

@suite
@Small
class UserApiSpec {
  after(): void {
    nock.cleanAll();
  }

  @test async 'reads a user through a nock mock'(): Promise<void> {
    nock('https://api.example.com').get('/users/1').reply(200, { id: 1 });
    const response = await fetch('https://api.example.com/users/1');
    assert.deepEqual(await response.json(), { id: 1 });
  }

  @test 'reaches the real network'(): Promise<void> {
    return new Promise((resolve, reject) => {
      https.get('https://api.example.com/users/2', () => resolve()).on('error', reject); // violation
    });
  }
}

@suite
@Medium
class LocalServerSpec {
  static server: Server;

  static async before(): Promise<void> {
    LocalServerSpec.server = createServer((_, res) => res.end('ok'));
    await new Promise<void>((resolve) => LocalServerSpec.server.listen(0, '127.0.0.1', resolve));
  }

  static after(): void {
    LocalServerSpec.server.close();
  }

  @test async 'calls a server on 127.0.0.1'(): Promise<void> {
    nock.enableNetConnect('127.0.0.1');
    const { port } = LocalServerSpec.server.address() as AddressInfo;
    const response = await fetch(\`http://127.0.0.1:\${port}/\`);
    assert.equal(await response.text(), 'ok');
  }
}
`;

function projects(versions) {
  const mochaAndNock = { mocha: versions.mocha, nock: versions.nock };
  return [
    {
      name: 'commonjs',
      devDependencies: mochaAndNock,
      files: {
        'package.json': { type: 'commonjs' },
        '.mocharc.yml': 'require: hermetic/mocha\nspec: test/**/*.spec.js\n',
        'test/user-api.spec.js': SMALL_SUITE_CJS,
      },
      spec: 'test/user-api.spec.js',
      passing: 1,
    },
    {
      name: 'esm',
      devDependencies: mochaAndNock,
      files: {
        'package.json': { type: 'module' },
        '.mocharc.yml': 'require: hermetic/mocha\nspec: test/**/*.spec.js\n',
        'test/user-api.spec.js': SMALL_SUITE_ESM,
      },
      spec: 'test/user-api.spec.js',
      passing: 1,
    },
    {
      name: 'typescript',
      devDependencies: {
        ...mochaAndNock,
        typescript: versions.typescript,
        '@types/node': versions['@types/node'],
        tsx: versions.tsx,
        '@testdeck/mocha': versions['@testdeck/mocha'],
        'reflect-metadata': versions['reflect-metadata'],
      },
      files: {
        'package.json': { type: 'commonjs' },
        'tsconfig.json': `${JSON.stringify(
          {
            compilerOptions: {
              target: 'ES2022',
              module: 'preserve',
              strict: true,
              experimentalDecorators: true,
              esModuleInterop: true,
              skipLibCheck: true,
              noEmit: true,
            },
          },
          null,
          2,
        )}\n`,
        '.mocharc.yml': 'require:\n  - tsx/cjs\n  - hermetic/mocha\nextension: ts\nspec: test/**/*.spec.ts\n',
        'test/user-api.spec.ts': SUITE_TS,
      },
      spec: 'test/user-api.spec.ts',
      passing: 2,
      typeCheck: true,
    },
  ];
}

function writeProject(dir, project, tarball) {
  for (const [path, content] of Object.entries(project.files)) {
    const full = join(dir, path);
    mkdirSync(dirname(full), { recursive: true });
    const text =
      path === 'package.json'
        ? `${JSON.stringify({ name: `consumer-${project.name}`, private: true, ...content, devDependencies: { hermetic: `file:${tarball}`, ...project.devDependencies } }, null, 2)}\n`
        : content;
    writeFileSync(full, text);
  }
}

/** Runs a command to its end; resolves with its exit code and everything it printed. */
function run(command, args, options) {
  return new Promise((resolvePromise) => {
    const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', (err) => resolvePromise({ code: -1, output: String(err) }));
    child.on('close', (code, signal) => resolvePromise({ code: code ?? signal, output }));
  });
}

async function npmInstall(dir, args) {
  const result = await run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', ...args], { cwd: dir });
  if (result.code !== 0) throw new Error(`npm install ${args.join(' ')} failed in ${dir}:\n${result.output}`);
}

/** The environment of a user's shell: none of the caller's hermetic, Mocha or Node settings, and `node` is the one under test. */
function cleanEnv(node) {
  const env = { ...process.env, NO_COLOR: '1', PATH: `${dirname(node)}:${process.env.PATH}` };
  for (const name of Object.keys(env)) {
    if (/^(HERMETIC_|__HERMETIC|MOCHA_|NODE_OPTIONS$|FORCE_COLOR$|npm_)/.test(name)) delete env[name];
  }
  return env;
}

function installedVersion(dir, name) {
  return JSON.parse(readFileSync(join(dir, 'node_modules', name, 'package.json'), 'utf8')).version;
}

/** What a run must show; each mismatch is one reason the run is not as expected. */
function judge(project, dir, result) {
  const problems = [];
  const passing = Number(/^\s*(\d+) passing/m.exec(result.output)?.[1] ?? 0);
  const failing = Number(/^\s*(\d+) failing/m.exec(result.output)?.[1] ?? 0);
  if (passing !== project.passing || failing !== 1)
    problems.push(`expected ${project.passing} passing and 1 failing, got ${passing} and ${failing}`);
  if (result.code !== 1) problems.push(`expected exit code 1 (one failing test), got ${result.code}`);
  const lines = readFileSync(join(dir, project.spec), 'utf8').split('\n');
  const line = lines.findIndex((text) => text.includes('// violation')) + 1;
  const box = [
    /^HermeticityViolationError$/m,
    /^Category: SMALL$/m,
    /^Attempted connection to: api\.example\.com:443$/m,
    new RegExp(`^At: ${project.spec.replace(/\./g, '\\.')}:${line}:\\d+$`, 'm'),
    /^Documentation: /m,
  ];
  for (const pattern of box) if (!pattern.test(result.output)) problems.push(`no line matching ${pattern} in the violation report`);
  const docs = /^Documentation: See (.+)#(.+)$/m.exec(result.output);
  if (docs && !existsSync(join(dir, docs[1]))) problems.push(`the documentation path ${docs[1]} does not open from the project`);
  else if (
    docs &&
    !readFileSync(join(dir, docs[1]), 'utf8')
      .toLowerCase()
      .includes(`# ${docs[2].replace(/-/g, ' ')}`)
  ) {
    problems.push(`${docs[1]} has no section #${docs[2]}`);
  }
  return problems;
}

async function runProject(project, dir, node, nodeVersion) {
  const env = cleanEnv(node);
  const result = await run(node, [join(dir, 'node_modules', 'mocha', 'bin', 'mocha.js'), '--reporter', 'spec'], { cwd: dir, env });
  const problems = judge(project, dir, result);
  if (project.typeCheck) {
    const tsc = await run(node, [join(dir, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], { cwd: dir, env });
    if (tsc.code !== 0) problems.push(`tsc --noEmit failed:\n${tsc.output}`);
  }
  const title = `${project.name.padEnd(10)}  node ${nodeVersion.padEnd(8)}  mocha ${installedVersion(dir, 'mocha')}  nock ${installedVersion(dir, 'nock')}`;
  if (problems.length === 0) {
    console.log(`PASS  ${title}: ${project.passing} passing, 1 failing with the violation report`);
    return true;
  }
  console.log(`FAIL  ${title}: ${problems.join('; ')}`);
  console.log(result.output.replace(/^/gm, '      | '));
  return false;
}

const options = parseArgs(process.argv.slice(2));
const work = mkdtempSync(join(tmpdir(), 'hermetic-consumer-'));
let ok = true;
try {
  const started = Date.now();
  const tarball = options.tarball ?? packTarball(root, work);
  const versions = lockedVersions();
  const nock15 = options.nock15 ?? newestNock15();
  const all = projects(versions);
  const dirOf = (project) => join(work, project.name);
  for (const project of all) writeProject(dirOf(project), project, tarball);
  await Promise.all(all.map((project) => npmInstall(dirOf(project), [])));
  console.log(`installed ${all.length} projects from ${tarball} in ${Math.round((Date.now() - started) / 1000)}s`);

  const nodes = options.nodes.map((node) => {
    const version = spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout.trim();
    return { node, version, major: Number(version.slice(1).split('.')[0]) };
  });
  for (const { node, version } of nodes) {
    for (const project of all) ok = (await runProject(project, dirOf(project), node, version)) && ok;
  }
  const nock15Nodes = nodes.filter(({ major }) => major >= 22);
  if (nock15Nodes.length > 0) {
    await Promise.all(all.map((project) => npmInstall(dirOf(project), ['--no-save', `nock@${nock15}`])));
    for (const { node, version } of nock15Nodes) {
      for (const project of all) ok = (await runProject(project, dirOf(project), node, version)) && ok;
    }
  }
  for (const { version } of nodes.filter(({ major }) => major < 22))
    console.log(`skip  nock ${nock15} on node ${version}: nock 15 needs Node 22`);
  console.log(`consumer check ${ok ? 'passed' : 'FAILED'} in ${Math.round((Date.now() - started) / 1000)}s`);
} catch (err) {
  console.error(`consumer check: ${err.message}`);
  ok = false;
} finally {
  rmSync(work, { recursive: true, force: true });
}
process.exitCode = ok ? 0 : 1;
