'use strict';
const { readFile } = require('node:fs/promises');

/** Parses `sku,quantity` lines (a header first) into `{ sku, quantity }` records; blank lines are skipped. */
function parseInventory(text) {
  const [header, ...lines] = text.split(/\r?\n/).filter((line) => line.trim() !== '');
  if (header?.trim() !== 'sku,quantity') throw new Error(`not an inventory: header is ${JSON.stringify(header)}`);
  return lines.map((line, i) => {
    const [sku, quantity] = line.split(',').map((cell) => cell.trim());
    const count = Number(quantity);
    if (!sku || !Number.isInteger(count)) throw new Error(`line ${i + 2}: expected sku,quantity, got ${JSON.stringify(line)}`);
    return { sku, quantity: count };
  });
}

/** Reads an inventory file: the thin edge that touches the disk, kept apart from the parser. */
async function loadInventory(path) {
  return parseInventory(await readFile(path, 'utf8'));
}

module.exports = { loadInventory, parseInventory };
