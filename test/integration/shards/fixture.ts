/**
 * A suite of mixed sizes over seven files (unsized tests and DNS violations in more than one file, so the order of
 * files shows in the summary), whose violations in warn mode (loopback from small tests, DNS, a subprocess,
 * an address outside this machine from a medium test) and unsized tests show in every part of the summary.
 */
export const MIXED_SUITE: Record<string, string> = {
  // No spec here: Mocha adds a config file's spec to the files on its command line, so every shard would run the whole suite.
  '.mocharc.json': JSON.stringify({ require: 'hermetic/mocha' }),
  'test/a-math.spec.js': `
describe('Math [small]', () => {
  for (let i = 0; i < 6; i++) it('adds ' + i, () => {});
  it('fails when asked to', () => { if (process.env.FAIL_ONE === '1') throw new Error('asked to fail'); });
});
describe('rounding helpers', () => {
  it('rounds half up', () => {});
});
`,
  'test/b-repository.spec.js': `
const net = require('node:net');
const reach = (port) => () => new Promise((resolve) => {
  const socket = net.connect(port, '127.0.0.1');
  socket.on('connect', () => { socket.destroy(); resolve(); }).on('error', () => resolve());
});
describe('Repository [small]', () => {
  it('loads a row', reach(5432));
  it('caches it', reach(6379));
  it('maps a row', () => {});
});
`,
  'test/c-dns.spec.js': `
const dns = require('node:dns');
describe('Resolver [small]', () => {
  it('resolves localhost', () => dns.promises.lookup('localhost').catch(() => {}));
  it('formats a name', () => {});
  it('formats an address', () => {});
});
describe('Resolver [medium]', () => {
  it('resolves through the system', () => dns.promises.lookup('localhost').catch(() => {}));
});
`,
  'test/d-legacy.spec.js': `
describe('legacy helpers', () => {
  it('pads a string', () => {});
  it('parses a date', () => {});
  it('trims', () => {});
  it('joins', () => {});
  it('splits', () => {});
  it('counts', () => {});
});
`,
  'test/e-outside.spec.js': `
const net = require('node:net');
describe('Payments [medium]', () => {
  it('charges the card', () => new Promise((resolve) => {
    const socket = net.connect(443, '192.0.2.10').on('error', () => resolve());
    setTimeout(() => { socket.destroy(); resolve(); }, 50);
  }));
  it('refunds', () => {});
});
describe('Payments end to end [large]', () => {
  it('runs the whole flow', () => {});
});
`,
  'test/f-tools.spec.js': `
const { spawnSync } = require('node:child_process');
const dns = require('node:dns');
describe('Tools [small]', () => {
  it('runs a tool', () => { spawnSync(process.execPath, ['-e', '']); });
  it('reads its output', () => dns.promises.lookup('localhost').catch(() => {}));
});
describe('Tools [medium]', () => {
  it('runs the tool for real', () => { spawnSync(process.execPath, ['-e', '']); });
});
`,
  'test/g-strings.spec.js': `
describe('Strings [small]', () => {
  for (let i = 0; i < 2; i++) it('cases ' + i, () => {});
});
describe('Strings [xlarge]', () => {
  it('loads every locale', () => {});
});
`,
};
