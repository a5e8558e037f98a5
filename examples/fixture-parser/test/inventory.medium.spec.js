'use strict';
const assert = require('node:assert');
const { join } = require('node:path');
const { loadInventory } = require('../lib/inventory');

// A medium test may read files: this one reads the real fixture through the code that touches the disk.
describe('inventory file [medium]', () => {
  it('loads the inventory from a real file', async () => {
    const records = await loadInventory(join(__dirname, 'fixtures', 'inventory.csv'));
    assert.deepStrictEqual(records.at(-1), { sku: 'C-300', quantity: 12 });
  });
});
