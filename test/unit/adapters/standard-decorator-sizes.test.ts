import { strict as assert } from 'node:assert';
import { relative, sep } from 'node:path';
import { decoratorProblems, Medium, Small, sizeOfMethod } from '../../../src/adapters/decorators';

describe('two sizes on one method under TC39 standard decorators [small]', () => {
  it('keep the first size applied and report both, naming the file and the method', () => {
    const before = decoratorProblems().length;
    class TwoSizes {
      @Small
      @Medium
      m(): number {
        return 1;
      }
    }
    // Decorators apply bottom-up: @Medium first, then @Small conflicts with it.
    assert.equal(sizeOfMethod(TwoSizes.prototype.m), 'medium');
    const file = relative(process.cwd(), __filename).split(sep).join('/');
    assert.deepEqual(decoratorProblems().slice(before), [`${file}: method m has two sizes, @Medium and @Small; keep one`]);
  });
});
