'use strict';
const assert = require('node:assert');
const dns = require('node:dns');
const sinon = require('sinon');
const { isInternalHost, addressOf } = require('../lib/mail-routing');

describe('mail routing [small]', () => {
  afterEach(() => sinon.restore());

  it('treats a 10.x address as internal', async () => {
    sinon.stub(dns.promises, 'lookup').resolves({ address: '10.1.2.3', family: 4 });

    assert.strictEqual(await isInternalHost('mx.corp.example.com'), true);
  });

  it('treats a public address as external', async () => {
    sinon.stub(dns.promises, 'lookup').resolves({ address: '203.0.113.9', family: 4 });

    assert.strictEqual(await isInternalHost('mx.example.org'), false);
  });

  it('resolves with the callback API', (done) => {
    sinon.stub(dns, 'lookup').yields(null, '10.9.8.7', 4);

    addressOf('relay.corp.example.com', (err, address) => {
      assert.ifError(err);
      assert.strictEqual(address, '10.9.8.7');
      done();
    });
  });
});
