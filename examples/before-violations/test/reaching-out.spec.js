'use strict';
const assert = require('node:assert');
const { execFileSync } = require('node:child_process');
const dns = require('node:dns');
const http = require('node:http');
const timersPromises = require('node:timers/promises');
const { getStatus, ping } = require('../lib/clients');

// The outer suite has no size, so its hooks may start a server on this machine for the tests below.
describe('before the fix', () => {
  let server;
  let localUrl;

  before(async () => {
    server = http.createServer((_req, res) => res.end('ok'));
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
    localUrl = `http://127.0.0.1:${server.address().port}/`;
  });

  after(() => new Promise((resolve) => server.close(resolve)));

  describe('[small] tests that reach out', () => {
    it('calls an HTTP API', async () => {
      assert.strictEqual(await getStatus('http://api.example.invalid/users/1'), 200);
    });

    it('connects to a database host', async () => {
      await ping('192.0.2.1', 5432);
    });

    it('resolves a host name', async () => {
      await dns.promises.lookup('cache.example.invalid');
    });

    it('calls a server on localhost', async () => {
      assert.strictEqual(await getStatus(localUrl), 200);
    });

    it('swallows the error and still fails', async () => {
      await ping('192.0.2.1', 6379).catch(() => 'ignored');
    });

    it('runs a command-line tool', () => {
      execFileSync(process.execPath, ['--version']);
    });

    it('writes a report file', () => {
      require('node:fs').writeFileSync('report.csv', 'id,status\n1,ok\n');
    });

    it('waits before trying again', async () => {
      await timersPromises.setTimeout(200);
    });
  });

  describe('[medium] tests that reach out', () => {
    it('calls a server on localhost', async () => {
      assert.strictEqual(await getStatus(localUrl), 200);
    });

    it('calls an HTTP API on another host', async () => {
      assert.strictEqual(await getStatus('http://192.0.2.1/status'), 200);
    });
  });
});
