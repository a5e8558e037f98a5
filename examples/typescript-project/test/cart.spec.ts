import { strict as assert } from 'node:assert';
import { sizeOf, type TestSize } from 'hermetic';
import { type Line, total } from '../src/cart';

const lines: Line[] = [
  { sku: 'tea', unitPrice: 4, quantity: 2 },
  { sku: 'cup', unitPrice: 6, quantity: 1 },
];

// No tag here: the project's defaultSize (small, in .mocharc.yml) applies.
describe('cart', () => {
  it('adds up the lines', async () => {
    assert.equal(await total(lines, async () => 0), 14);
  });

  it('applies the discount', async () => {
    assert.equal(await total(lines, async () => 0.5), 7);
  });

  it('is small by default', function () {
    const size: TestSize | undefined = sizeOf(this.test);
    assert.equal(size, 'small');
  });
});
