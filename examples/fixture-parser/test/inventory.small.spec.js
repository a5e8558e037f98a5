'use strict';
const assert = require('node:assert');
const { parseInventory } = require('../lib/inventory');
const embedded = require('./fixtures/inventory-text');

describe('inventory parser [small]', () => {
  it('parses an in-memory fixture', () => {
    assert.deepStrictEqual(parseInventory('sku,quantity\nA-100,4\n\nB-200,0\n'), [
      { sku: 'A-100', quantity: 4 },
      { sku: 'B-200', quantity: 0 },
    ]);
  });

  it('parses a fixture embedded with require', () => {
    assert.strictEqual(parseInventory(embedded).length, 3);
  });

  it('names the line it cannot read', () => {
    assert.throws(() => parseInventory('sku,quantity\nA-100,four\n'), /line 2: expected sku,quantity/);
  });
});
