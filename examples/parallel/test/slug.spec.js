'use strict';
const assert = require('node:assert');
const { slugify } = require('../lib/slug');

describe('slugify [small]', () => {
  it('lower-cases and joins words', () => assert.strictEqual(slugify('Hello World'), 'hello-world'));
  it('drops accents', () => assert.strictEqual(slugify('Crème brûlée'), 'creme-brulee'));
});
