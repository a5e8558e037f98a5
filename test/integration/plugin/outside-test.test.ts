import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { existsSync } from 'node:fs';
import { type AddressInfo, createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { createProject, type Project, runMocha } from '../../helpers/run-mocha';

/** A local TCP server and UDP socket that count what reaches them, by the first word each client sends. */
class CountingServer {
  connections = 0;
  datagrams: string[] = [];
  private tcp: Server | undefined;
  private udp: UdpSocket | undefined;
  tcpPort = 0;
  udpPort = 0;

  async start(): Promise<void> {
    this.tcp = createServer((socket) => {
      this.connections++;
      socket.on('error', () => {}).end();
    });
    await new Promise<void>((resolve) => this.tcp!.listen(0, '127.0.0.1', resolve));
    this.tcpPort = (this.tcp.address() as AddressInfo).port;
    this.udp = createSocket('udp4', (message) => this.datagrams.push(message.toString()));
    await new Promise<void>((resolve) => this.udp!.bind(0, '127.0.0.1', resolve));
    this.udpPort = this.udp.address().port;
  }

  get env(): Record<string, string> {
    return { TCP_PORT: String(this.tcpPort), UDP_PORT: String(this.udpPort) };
  }

  async stop(): Promise<void> {
    this.udp?.close();
    await new Promise<void>((resolve) => (this.tcp ? this.tcp.close(() => resolve()) : resolve()));
  }
}

/** The fixtures' way to the counting server: a connect that settles either way, and a datagram. */
const CLIENT = `const net = require('node:net');
const dgram = require('node:dgram');
const TCP_PORT = Number(process.env.TCP_PORT);
const UDP_PORT = Number(process.env.UDP_PORT);
const connect = () => new Promise((resolve) => net.connect(TCP_PORT, '127.0.0.1').on('error', resolve).on('connect', function () { this.destroy(); resolve(); }));
`;

const OUTSIDE = /^When: while the test ran, from work started outside any test/m;

describe('work started outside any test [medium]', function () {
  let project: Project | undefined;
  const server = new CountingServer();
  beforeEach(() => server.start());
  afterEach(async () => {
    project?.remove();
    await server.stop();
    server.connections = 0;
    server.datagrams = [];
  });

  it('charges an import-time job queue to the small test running when it connects and sends, and nothing arrives', async () => {
    project = createProject({
      '.mocharc.yml': 'require: hermetic/mocha\nhermetic:\n  sleepThreshold: 1h\n',
      'test/jobs.spec.js': `${CLIENT}
// A module-level job queue and metrics client, as many services start at import.
const jobs = [];
const metrics = dgram.createSocket('udp4');
const worker = setInterval(() => { for (const job of jobs.splice(0)) job(); }, 10);
after(() => { clearInterval(worker); metrics.close(); });
describe('Checkout [small]', function () {
  it('enqueues a connection', (done) => { jobs.push(() => connect()); setTimeout(done, 150); });
  it('enqueues a datagram', (done) => { jobs.push(() => metrics.send('from-queue', UDP_PORT, '127.0.0.1', () => {})); setTimeout(done, 150); });
  it('enqueues nothing', (done) => setTimeout(done, 50));
});`,
    });
    const r = await runMocha(project.dir, { env: server.env });
    assert.equal(r.json?.stats.failures, 2, r.stdout + r.stderr);
    const [tcp, udp] = r.json!.failures;
    assert.equal(tcp!.title, 'enqueues a connection');
    assert.match(tcp!.err.message ?? '', /^Test: test\/jobs\.spec\.js > Checkout \[small\] > enqueues a connection$/m);
    assert.match(tcp!.err.message ?? '', new RegExp(`^Attempted connection to: 127\\.0\\.0\\.1:${server.tcpPort}$`, 'm'));
    assert.match(tcp!.err.message ?? '', OUTSIDE);
    assert.equal(udp!.title, 'enqueues a datagram');
    assert.match(udp!.err.message ?? '', OUTSIDE);
    assert.equal(r.json?.stats.passes, 1, 'the test that enqueued nothing passes');
    assert.equal(server.connections, 0, 'no connection reached the server');
    assert.deepEqual(server.datagrams, [], 'no datagram reached the server');
  });

  it('charges a process start and a file write from an import-time job queue to the small test running, and neither happens', async () => {
    project = createProject({
      '.mocharc.yml': 'require: hermetic/mocha\nhermetic:\n  sleepThreshold: 1h\n',
      'test/jobs.spec.js': `const { execFileSync } = require('node:child_process');
const { writeFileSync } = require('node:fs');
const { join } = require('node:path');
const jobs = [];
const worker = setInterval(() => { for (const job of jobs.splice(0)) { try { job(); } catch {} } }, 10);
after(() => clearInterval(worker));
describe('Export [small]', function () {
  it('enqueues a child process', (done) => {
    jobs.push(() => execFileSync(process.execPath, ['-e', "require('fs').writeFileSync('child-ran.txt', 'x')"]));
    setTimeout(done, 150);
  });
  it('enqueues a file write', (done) => { jobs.push(() => writeFileSync(join(process.cwd(), 'written.txt'), 'x')); setTimeout(done, 150); });
});`,
    });
    const r = await runMocha(project.dir);
    assert.equal(r.json?.stats.failures, 2, r.stdout + r.stderr);
    const [child, file] = r.json!.failures;
    assert.match(child!.err.message ?? '', /^Violation: Subprocess attempted$/m);
    assert.match(child!.err.message ?? '', OUTSIDE);
    assert.match(file!.err.message ?? '', /^Attempted write of: written\.txt$/m);
    assert.match(file!.err.message ?? '', OUTSIDE);
    assert.equal(existsSync(join(project.dir, 'child-ran.txt')), false, 'no child process ran');
    assert.equal(existsSync(join(project.dir, 'written.txt')), false, 'no file was written');
  });

  it('blocks functions bound at top level with AsyncResource.bind and AsyncLocalStorage.snapshot when a small test calls them', async () => {
    project = createProject({
      '.mocharc.yml': 'require: hermetic/mocha\n',
      'test/bound.spec.js': `${CLIENT}
const { AsyncLocalStorage, AsyncResource } = require('node:async_hooks');
const boundConnect = AsyncResource.bind(connect);
const atImport = AsyncLocalStorage.snapshot();
describe('Bound [small]', function () {
  it('calls a bound function', () => boundConnect());
  it('runs in a snapshot', () => atImport(connect));
});`,
    });
    const r = await runMocha(project.dir, { env: server.env });
    assert.equal(r.json?.stats.failures, 2, r.stdout + r.stderr);
    for (const failure of r.json!.failures) assert.match(failure.err.message ?? '', OUTSIDE);
    assert.equal(server.connections, 0);
  });

  it("leaves alone what root hooks, Mocha's reporter, tsx and a medium test do on this machine", async () => {
    project = createProject({
      '.mocharc.yml': 'require: [tsx/cjs, hermetic/mocha]\nhermetic:\n  sleepThreshold: 1h\nextension: [ts, js]\nspec: test/**/*.spec.*\n',
      // A live-dashboard reporter: it sends a datagram for every test from a timer it started as the run began.
      'reporter.js': `const { reporters } = require('mocha');
const dgram = require('node:dgram');
module.exports = class extends reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    const socket = dgram.createSocket('udp4');
    const queue = [];
    const flush = setInterval(() => { for (const m of queue.splice(0)) socket.send(m, Number(process.env.UDP_PORT), '127.0.0.1'); }, 5);
    runner.on('test', (test) => queue.push('reporter ' + test.title));
    runner.on('end', () => setTimeout(() => { clearInterval(flush); socket.close(); }, 50));
  }
};`,
      'test/root-hooks.spec.js': `${CLIENT}
// The user's own infrastructure: a pool a root-level hook opens, which keeps connecting while tests run.
let pool;
before(async () => { await connect(); pool = setInterval(connect, 10); });
after(() => clearInterval(pool));`,
      'test/typed.spec.ts': `const wait = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
describe('Typed [small]', function () {
  it('waits while the pool connects', () => wait(100));
});`,
      'test/local.spec.js': `${CLIENT}
describe('Local [medium]', function () {
  it('connects to this machine', () => connect());
  it('sends to this machine', () => new Promise((resolve) => { const s = dgram.createSocket('udp4'); s.send('medium', UDP_PORT, '127.0.0.1', () => { s.close(); resolve(); }); }));
});`,
    });
    const r = await runMocha(project.dir, { env: server.env, args: ['--reporter', './reporter.js'] });
    assert.match(r.stdout, /3 passing/, r.stdout + r.stderr);
    assert.doesNotMatch(r.stdout + r.stderr, /HermeticityViolationError|failing/);
    assert.equal(r.code, 0);
    assert.ok(server.connections >= 5, `the root hook's pool kept connecting (${server.connections} connections)`);
    assert.ok(server.datagrams.includes('medium'));
    for (const title of ['waits while the pool connects', 'connects to this machine'])
      assert.ok(server.datagrams.includes(`reporter ${title}`), server.datagrams.join(', '));
  });
});

/** Runs a Node script in the project, with the counting server's ports. */
function runScript(dir: string, script: string, env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env };
    for (const name of Object.keys(childEnv)) if (name.startsWith('__HERMETIC') || name.startsWith('HERMETIC_')) delete childEnv[name];
    const child = spawn(process.execPath, [script], { cwd: dir, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (output += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (output += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

describe('two programmatic runs in one process [medium]', function () {
  let project: Project | undefined;
  const server = new CountingServer();
  beforeEach(() => server.start());
  afterEach(async () => {
    project?.remove();
    await server.stop();
    server.connections = 0;
  });

  it("leaves Node's modules and the environment as it found them after each run, and enforces the next run", async () => {
    const spec = (name: string) => `${CLIENT}
describe('${name} [small]', function () {
  it('connects', () => connect());
});`;
    project = createProject({
      'test/first.spec.js': spec('First'),
      'test/second.spec.js': spec('Second'),
      'run-twice.js': `const net = require('node:net');
const dns = require('node:dns');
const dgram = require('node:dgram');
const exported = require('mocha');
// Mocha 11 exports its constructor, Mocha 12 an object that holds it.
const Mocha = typeof exported === 'function' ? exported : exported.Mocha;
const handles = { tcp: process.binding('tcp_wrap').TCP.prototype, udp: process.binding('udp_wrap').UDP.prototype };
const originals = () => ({
  'net.Socket.prototype.connect': net.Socket.prototype.connect,
  'net.Socket.prototype._write': net.Socket.prototype._write,
  'dns.lookup': dns.lookup,
  'dns.promises.lookup': dns.promises.lookup,
  'dgram.Socket.prototype.send': dgram.Socket.prototype.send,
  'TCP.prototype.connect': handles.tcp.connect,
  'UDP.prototype.send': handles.udp.send,
});
const before = originals();
const envBefore = Object.keys(process.env).filter((k) => k.startsWith('__HERMETIC'));
const { mochaHooks } = require('hermetic/mocha');
const changed = () => Object.entries(originals()).filter(([k, v]) => v !== before[k]).map(([k]) => k);
const hermeticEnv = () => Object.keys(process.env).filter((k) => k.startsWith('__HERMETIC') && !envBefore.includes(k));
console.log('patched while loaded: ' + changed().join(', '));
const run = (file) => new Promise((resolve) => {
  const mocha = new Mocha({ rootHooks: mochaHooks, reporter: 'dot' });
  mocha.addFile(file);
  mocha.run(resolve);
});
(async () => {
  console.log('first run failures: ' + (await run('test/first.spec.js')));
  console.log('after the first run, changed: [' + changed().join(', ') + '], environment: [' + hermeticEnv().join(', ') + ']');
  console.log('second run failures: ' + (await run('test/second.spec.js')));
  console.log('after the second run, changed: [' + changed().join(', ') + ']');
})();`,
    });
    const r = await runScript(project.dir, 'run-twice.js', server.env);
    assert.match(r.output, /^patched while loaded: net\.Socket\.prototype\.connect, /m, r.output);
    assert.match(r.output, /^first run failures: 1$/m, r.output);
    assert.match(r.output, /^after the first run, changed: \[\], environment: \[\]$/m);
    assert.match(r.output, /^second run failures: 1$/m, 'the second run still blocks a small test');
    assert.match(r.output, /^after the second run, changed: \[\]$/m);
    assert.match(r.output, /Test: test\/second\.spec\.js > Second \[small\] > connects/);
    assert.equal(server.connections, 0, 'neither small test reached the server');
    assert.equal(r.code, 0);
  });
});
