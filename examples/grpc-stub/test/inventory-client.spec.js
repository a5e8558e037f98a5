'use strict';
const assert = require('node:assert');
const sinon = require('sinon');
const { createInventoryClient, isInStock } = require('../lib/inventory-client');

describe('inventory client [small]', () => {
  let client;

  beforeEach(() => {
    client = createInventoryClient();
  });

  afterEach(() => {
    sinon.restore();
    client.close();
  });

  it('reads a positive quantity as in stock', async () => {
    const getStock = sinon.stub(client, 'GetStock').yields(null, { sku: 'A-1', quantity: 3 });

    assert.strictEqual(await isInStock(client, 'A-1'), true);
    sinon.assert.calledWith(getStock, { sku: 'A-1' });
  });

  it('passes a gRPC error on', async () => {
    const notFound = Object.assign(new Error('5 NOT_FOUND: no such sku'), { code: 5 });
    sinon.stub(client, 'GetStock').yields(notFound);

    await assert.rejects(isInStock(client, 'Z-9'), /NOT_FOUND/);
  });
});
