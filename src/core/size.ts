/**
 * A test size, in Google's sense: what a test may use and how long it may take.
 * `small` tests reach no network, `medium` tests only this machine, `large` and `xlarge` anything.
 */
export type TestSize = 'small' | 'medium' | 'large' | 'xlarge';

/** Every size, smallest first. */
export const TEST_SIZES: readonly TestSize[] = Object.freeze(['small', 'medium', 'large', 'xlarge'] as const);

/** Whether `value` names a size exactly (lower case, as in config files). */
export function isTestSize(value: unknown): value is TestSize {
  return value === 'small' || value === 'medium' || value === 'large' || value === 'xlarge';
}

/** The size as reports print it: `SMALL`, `MEDIUM`, `LARGE`, `XLARGE`. */
export function categoryOf(size: TestSize): string {
  return size.toUpperCase();
}

/** The size's title tag, e.g. `[small]`. */
export function tagOf(size: TestSize): string {
  return `[${size}]`;
}

/** The size's class decorator, e.g. `@Small`. */
export function decoratorOf(size: TestSize): string {
  return size === 'xlarge' ? '@XLarge' : `@${size[0]!.toUpperCase()}${size.slice(1)}`;
}
