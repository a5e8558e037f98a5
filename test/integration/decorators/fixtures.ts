/**
 * TypeScript sources of the fixture projects, compiled at test time in one decorator flavour each.
 * Every test that should be small connects to a loopback server whose port comes from SERVER_PORT:
 * it fails as a small test and passes as a medium one.
 */

/**
 * Connects to the loopback server the test run started; resolves once connected. Also writes, after the run,
 * the size hermetic resolved for every test (`sizeOf`) to SIZES_FILE, so resolution is checked apart from enforcement.
 */
const CONNECT = `
import * as net from 'node:net';
import { writeFileSync } from 'node:fs';
import { sizeOf } from 'hermetic';

const sizes: Record<string, string> = {};
afterEach(function () {
  const test = this.currentTest!;
  sizes[test.fullTitle()] = sizeOf(test) ?? 'unsized';
});
after(() => writeFileSync(process.env.SIZES_FILE!, JSON.stringify(sizes)));

export function connectToServer(): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(process.env.SERVER_PORT), '127.0.0.1');
    socket.once('connect', () => { socket.end(); resolve(); });
    socket.once('error', reject);
  });
}
`;

/** testdeck classes under experimentalDecorators, in every form hermetic supports. */
const TESTDECK_SUITES = `
import 'reflect-metadata';
import { suite, test, params } from '@testdeck/mocha';
import { Small, Medium, sizeOf } from 'hermetic';
import { connectToServer } from './connect';

@suite
@Small
export class SmallBelowSuite {
  @test async connects() { await connectToServer(); }
  @test reportsItsSize() { if (sizeOf((this as any).__testdeck_context.test) !== 'small') throw new Error('size ' + sizeOf((this as any).__testdeck_context.test)); }
}

@Small
@suite
export class SmallAboveSuite {
  @test async connects() { await connectToServer(); }
}

@suite('Custom title for a small class')
@Small
export class CustomTitled {
  @test async connects() { await connectToServer(); }
}

@Small
@suite('Custom title with the size above')
export class CustomTitledAbove {
  @test async connects() { await connectToServer(); }
}

@suite(Small)
export class SmallInsideSuite {
  @test async connects() { await connectToServer(); }
}

@suite('Custom title with the size inside', Small)
export class CustomTitledInside {
  @test async connects() { await connectToServer(); }
}

@suite
@Small
export class SmallWithMediumMethod {
  @test async connectsAsSmall() { await connectToServer(); }
  @test @Medium async connectsAsMedium() { await connectToServer(); }
  @Medium @test('named medium test') async connectsUnderItsTitle() { await connectToServer(); }
  @params({ n: 1 }) @params({ n: 2 }) @Medium async connectsWithParams() { await connectToServer(); }
}

@suite('Custom title with a medium method')
@Small
export class CustomTitledWithMediumMethod {
  @test async connectsAsSmall() { await connectToServer(); }
  @test @Medium async connectsAsMedium() { await connectToServer(); }
}

@suite('Static hooks under a custom title')
@Small
export class StaticHooks {
  static connected = false;
  static async before() { await connectToServer().then(() => { StaticHooks.connected = true; }, () => undefined); }
  @test staticBeforeRanAsSmall() { if (StaticHooks.connected) throw new Error('static before reached the server'); }
}

@suite
export class OnlyAMediumMethod {
  @test @Medium async connectsAsMedium() { await connectToServer(); }
}

describe('reflect-metadata', () => {
  it('holds the sizes of classes and methods', () => {
    const found = [
      Reflect.getMetadata('hermetic:size', SmallBelowSuite as any),
      Reflect.getMetadata('hermetic:size', SmallAboveSuite as any),
      Reflect.getMetadata('hermetic:size', SmallWithMediumMethod.prototype, 'connectsAsMedium'),
    ];
    if (found.join() !== 'small,small,medium') throw new Error('metadata: ' + found.join());
  });
});

describe('SmallBelowSuite', () => {
  it('is a plain describe with the same title as a class, left unsized', async function () {
    if (sizeOf(this.test) !== undefined) throw new Error('size ' + sizeOf(this.test));
    await connectToServer();
  });
});
`;

/** Two sizes on one class: a problem the run reports. */
const TWO_SIZES = `
import { suite, test } from '@testdeck/mocha';
import { Small, Medium } from 'hermetic';

@suite
@Small
@Medium
export class TwoSizes {
  @test passes() {}
}
`;

/** TC39 standard decorators on plain classes: storage in hermetic and in reflect-metadata. */
const STANDARD_CLASSES = `
import 'reflect-metadata';
import { Small, Medium, Large, XLarge } from 'hermetic';

@Small class SmallThing {}
@Medium class MediumThing {}
@Large class LargeThing {}
@XLarge class XLargeThing {}
class WithMethods {
  @Medium connects() { return 'still callable'; }
}

describe('standard decorators [small]', () => {
  it('record each size with reflect-metadata', () => {
    const got = [SmallThing, MediumThing, LargeThing, XLargeThing].map((c) => Reflect.getMetadata('hermetic:size', c));
    if (got.join() !== 'small,medium,large,xlarge') throw new Error('metadata: ' + got.join());
  });
  it('leave the classes and methods usable', () => {
    if (new WithMethods().connects() !== 'still callable') throw new Error('method replaced');
    if (typeof new SmallThing() !== 'object') throw new Error('class replaced');
  });
});
`;

/** TC39 standard decorators on a @testdeck/mocha class: what the docs say happens (testdeck needs experimentalDecorators). */
const STANDARD_TESTDECK = `
import { suite, test } from '@testdeck/mocha';
import { Small } from 'hermetic';
import { connectToServer } from './connect';

@suite
@Small
export class StandardSuite {
  @test async connects() { await connectToServer(); }
}
`;

/** TC39 @Small on a plain class, and a describe titled with the class name: the class sizes no test. */
const STANDARD_PLAIN_SUITE = `
import { Small } from 'hermetic';
import { connectToServer } from './connect';

@Small
export class Api {
  connects() { return connectToServer(); }
}

describe('Api', () => {
  it('connects', () => new Api().connects());
});
`;

export const FIXTURES = { CONNECT, TESTDECK_SUITES, TWO_SIZES, STANDARD_CLASSES, STANDARD_TESTDECK, STANDARD_PLAIN_SUITE };
