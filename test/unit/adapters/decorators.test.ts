import { strict as assert } from 'node:assert';
import { join, relative, sep } from 'node:path';
import { runInThisContext } from 'node:vm';
import * as ts from 'typescript';
import * as decorators from '../../../src/adapters/decorators';
import {
  decoratorProblems,
  decoratorSizeOfSuite,
  decoratorSizeOfTest,
  Large,
  Medium,
  onSuiteLinked,
  Small,
  sizeOfClass,
  sizeOfMethod,
  XLarge,
} from '../../../src/adapters/decorators';

/**
 * Compiles `source` the way `experimentalDecorators` does and runs it as if it were the file `fileName`,
 * with `hermetic` resolving to the decorators under test. Returns the module's exports.
 */
function loadExperimental(source: string, fileName: string): Record<string, any> {
  const { outputText } = ts.transpileModule(source, {
    compilerOptions: { experimentalDecorators: true, module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
  });
  const wrapper = runInThisContext(`(function (exports, require) {${outputText}\n})`, { filename: fileName }) as (
    exports: object,
    require: (id: string) => unknown,
  ) => void;
  const exports: Record<string, any> = {};
  wrapper(exports, (id) => {
    if (id === 'hermetic') return decorators;
    throw new Error(`unexpected require(${id})`);
  });
  return exports;
}

/** A Mocha suite as testdeck creates one for a class: a "setup instance" beforeEach, tests, parameterised child suites. */
function fakeClassSuite(title: string, file: string, testTitles: string[], childTitles: string[] = []): any {
  const suite: any = { title, file, tests: [], suites: [], _beforeEach: [] };
  suite._beforeEach.push({ type: 'hook', title: '"before each" hook: setup instance', parent: suite, fn: function setupInstance() {} });
  for (const t of testTitles) suite.tests.push({ type: 'test', title: t, parent: suite });
  for (const c of childTitles) {
    const child: any = { title: c, file, tests: [], suites: [], parent: suite, _beforeEach: [] };
    child.tests.push({ type: 'test', title: `${c} 0`, parent: child });
    suite.suites.push(child);
  }
  return suite;
}

/** The Mocha context testdeck assigns while the suite's "setup instance" hook runs. */
function contextOfHook(suite: any): object {
  return { test: suite._beforeEach[0], currentTest: suite.tests[0] };
}

function markAsTestdeckSuite(ctor: Function): void {
  (ctor as any).__testdeck_suite = true;
}

const FILE_A = join(__dirname, 'virtual', 'a.spec.js');
const FILE_B = join(__dirname, 'virtual', 'b.spec.js');

describe('size decorators [small]', () => {
  describe('under experimentalDecorators', () => {
    it('record the size of a class and of a method, and return nothing', () => {
      const { Sized } = loadExperimental(
        `import { Small, Large } from 'hermetic';
         @Small export class Sized { @Large m() { return 1; } }`,
        FILE_A,
      );
      assert.equal(sizeOfClass(Sized), 'small');
      assert.equal(sizeOfMethod(Sized.prototype.m), 'large');
      assert.equal(new Sized().m(), 1);
      assert.equal(Small(class {}), undefined);
    });

    it('give each of the four decorators its own size', () => {
      const sized = [Small, Medium, Large, XLarge].map((decorate) => {
        const ctor = class {};
        decorate(ctor);
        return sizeOfClass(ctor);
      });
      assert.deepEqual(sized, ['small', 'medium', 'large', 'xlarge']);
    });

    it('let a subclass inherit the size of its decorated base unless it declares its own', () => {
      const { Sub, Own } = loadExperimental(
        `import { Medium, Large } from 'hermetic';
         @Medium class Base {}
         export class Sub extends Base {}
         @Large export class Own extends Base {}`,
        FILE_A,
      );
      assert.equal(sizeOfClass(Sub), 'medium');
      assert.equal(sizeOfClass(Own), 'large');
    });

    it('report two different sizes on one class, naming the file and the class', () => {
      const before = decoratorProblems().length;
      const { Twice } = loadExperimental(
        `import { Small, Medium } from 'hermetic';
         @Small @Medium export class Twice {}`,
        FILE_A,
      );
      assert.equal(sizeOfClass(Twice), 'medium');
      assert.deepEqual(decoratorProblems().slice(before), [
        `${relativeToCwd(FILE_A)}: class Twice has two sizes, @Medium and @Small; keep one`,
      ]);
    });

    it('report two different sizes on one method', () => {
      const before = decoratorProblems().length;
      loadExperimental(
        `import { Small, Large } from 'hermetic';
         export class Methods { @Small @Large m() {} }`,
        FILE_A,
      );
      assert.deepEqual(decoratorProblems().slice(before), [
        `${relativeToCwd(FILE_A)}: method Methods.m has two sizes, @Large and @Small; keep one`,
      ]);
    });

    it('accept the same size twice without a problem', () => {
      const before = decoratorProblems().length;
      loadExperimental(`import { Small } from 'hermetic'; @Small @Small export class Twice {}`, FILE_A);
      assert.equal(decoratorProblems().length, before);
    });

    it('call reflect-metadata when the project loaded it', () => {
      const calls: unknown[][] = [];
      const reflect = Reflect as unknown as { defineMetadata?: (...args: unknown[]) => void };
      reflect.defineMetadata = (...args: unknown[]) => void calls.push(args);
      try {
        const { WithMetadata } = loadExperimental(
          `import { Small, Medium } from 'hermetic';
           @Small export class WithMetadata { @Medium m() {} }`,
          FILE_A,
        );
        assert.deepEqual(calls, [
          ['hermetic:size', 'medium', WithMetadata.prototype, 'm'],
          ['hermetic:size', 'small', WithMetadata],
        ]);
      } finally {
        delete reflect.defineMetadata;
      }
    });

    it('report a size on a field, which sizes nothing', () => {
      const before = decoratorProblems().length;
      loadExperimental(`import { Small } from 'hermetic'; export class Fields { @Small field = 1; }`, FILE_A);
      assert.deepEqual(decoratorProblems().slice(before), [
        `${relativeToCwd(FILE_A)}: @Small marks a class or a test method, not the property field of Fields; move it to the class or the @test method`,
      ]);
    });

    it('mark themselves as decorators for testdeck, so @suite(Small) does not take them for the class', () => {
      for (const decorate of [Small, Medium, Large, XLarge]) assert.equal((decorate as any).__testdeck_isDecorator, true);
    });
  });

  describe('under TC39 standard decorators', () => {
    it('record the size of a class and of a method, and keep both usable', () => {
      @XLarge
      class Standard {
        @Medium
        m(): number {
          return 2;
        }
      }
      assert.equal(sizeOfClass(Standard), 'xlarge');
      assert.equal(sizeOfMethod(Standard.prototype.m), 'medium');
      assert.equal(new Standard().m(), 2);
    });

    it('call reflect-metadata for a class when the project loaded it', () => {
      const calls: unknown[][] = [];
      const reflect = Reflect as unknown as { defineMetadata?: (...args: unknown[]) => void };
      reflect.defineMetadata = (...args: unknown[]) => void calls.push(args);
      try {
        @Large
        class WithMetadata {}
        assert.deepEqual(calls, [['hermetic:size', 'large', WithMetadata]]);
      } finally {
        delete reflect.defineMetadata;
      }
    });

    it('report a size on an accessor, which sizes nothing', () => {
      const before = decoratorProblems().length;
      (Medium as unknown as (value: unknown, context: object) => void)(undefined, { kind: 'accessor', name: 'count' });
      assert.equal(decoratorProblems().length, before + 1);
      assert.match(decoratorProblems()[before]!, /@Medium marks a class or a test method, not the accessor count;/);
    });

    it('report two different sizes on one class', () => {
      const before = decoratorProblems().length;
      @Small
      @Large
      class TwiceStandard {}
      assert.equal(sizeOfClass(TwiceStandard), 'large');
      assert.equal(decoratorProblems().length, before + 1);
      assert.match(decoratorProblems()[before]!, /decorators\.test\.ts: class TwiceStandard has two sizes, @Large and @Small; keep one$/);
    });
  });

  describe('linking testdeck suites', () => {
    it('links a suite titled with its class name in the same file, and its sized methods', () => {
      const { Linked } = loadExperimental(
        `import { Small, Medium } from 'hermetic';
         @Small export class Linked { plain() {} @Medium sized() {} @Medium withParams() {} }`,
        FILE_A,
      );
      markAsTestdeckSuite(Linked);
      const suite = fakeClassSuite('Linked', FILE_A, ['plain', 'sized'], ['withParams']);
      assert.equal(decoratorSizeOfTest(suite.tests[0]), undefined);
      assert.equal(decoratorSizeOfTest(suite.tests[1]), 'medium');
      assert.equal(decoratorSizeOfSuite(suite), 'small');
      assert.equal(decoratorSizeOfSuite(suite.suites[0]), 'medium');
    });

    it('finds a method by the title testdeck gives it with @test("title")', () => {
      const { Named } = loadExperimental(
        `import { Medium } from 'hermetic';
         export class Named { @Medium renamed() {} }`,
        FILE_A,
      );
      markAsTestdeckSuite(Named);
      Named.prototype.renamed.__testdeck_name = 'a named test';
      const suite = fakeClassSuite('Named', FILE_A, ['a named test']);
      assert.equal(decoratorSizeOfTest(suite.tests[0]), 'medium');
      assert.equal(decoratorSizeOfSuite(suite), undefined);
    });

    it('does not link a plain describe that shares the class name', () => {
      const { Shared } = loadExperimental(`import { Small } from 'hermetic'; @Small export class Shared {}`, FILE_A);
      markAsTestdeckSuite(Shared);
      const plain = { title: 'Shared', file: FILE_A, tests: [], suites: [], _beforeEach: [] };
      assert.equal(decoratorSizeOfSuite(plain), undefined);
    });

    it('does not link a suite to a same-named class of another file', () => {
      const { Elsewhere } = loadExperimental(`import { Small } from 'hermetic'; @Small export class Elsewhere {}`, FILE_A);
      markAsTestdeckSuite(Elsewhere);
      assert.equal(decoratorSizeOfSuite(fakeClassSuite('Elsewhere', FILE_B, [])), undefined);
      assert.equal(decoratorSizeOfSuite(fakeClassSuite('Elsewhere', FILE_A, [])), 'small');
    });

    it('links a custom-titled suite when testdeck assigns its context, and tells the listeners', () => {
      const { Custom } = loadExperimental(
        `import { Small, Medium } from 'hermetic';
         @Small export class Custom { @Medium sized() {} }`,
        FILE_A,
      );
      markAsTestdeckSuite(Custom);
      const suite = fakeClassSuite('A custom title', FILE_A, ['sized', 'other']);
      const linked: object[] = [];
      onSuiteLinked((s) => linked.push(s));
      assert.equal(decoratorSizeOfSuite(suite), undefined);

      const context = contextOfHook(suite);
      Custom.prototype.__testdeck_context = context;
      assert.deepEqual(linked, [suite]);
      assert.equal(decoratorSizeOfSuite(suite), 'small');
      assert.equal(decoratorSizeOfTest(suite.tests[0]), 'medium');
      assert.equal(decoratorSizeOfTest(suite.tests[1]), undefined);

      Custom.prototype.__testdeck_context = contextOfHook(suite);
      assert.equal(linked.length, 1, 'a suite already linked is not announced again');
    });

    it("keeps testdeck's context values: per object, exactly as assigned", () => {
      const { Kept } = loadExperimental(`import { Small } from 'hermetic'; @Small export class Kept {}`, FILE_A);
      const suite = fakeClassSuite('Kept', FILE_A, ['t']);
      const forPrototype = contextOfHook(suite);
      const forInstance = { test: suite.tests[0] };
      const forClass = contextOfHook(suite);
      const instance = new Kept();
      Kept.prototype.__testdeck_context = forPrototype;
      instance.__testdeck_context = forInstance;
      Kept.__testdeck_context = forClass;
      assert.equal(Kept.prototype.__testdeck_context, forPrototype);
      assert.equal(instance.__testdeck_context, forInstance);
      assert.equal(Kept.__testdeck_context, forClass);
      Kept.prototype.__testdeck_context = undefined;
      assert.equal(Kept.prototype.__testdeck_context, undefined);
      assert.equal(instance.__testdeck_context, forInstance);
    });

    it('links through a static hook, whose context is assigned to the class itself', () => {
      const { StaticOnly } = loadExperimental(`import { Large } from 'hermetic'; @Large export class StaticOnly {}`, FILE_A);
      const suite = fakeClassSuite('Some other title', FILE_A, ['t']);
      StaticOnly.__testdeck_context = { test: { type: 'hook', title: '"before all" hook: static before', parent: suite } };
      assert.equal(decoratorSizeOfSuite(suite), 'large');
    });
  });
});

function relativeToCwd(file: string): string {
  return relative(process.cwd(), file).split(sep).join('/');
}
