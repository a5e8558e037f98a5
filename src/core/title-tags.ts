import { isTestSize, TEST_SIZES, type TestSize } from './size';
import { typoDistance } from './typo';

/** What a `describe`/`it` title says about size: the size it names, and any mistakes in its tags. */
export interface TitleMarkers {
  readonly size?: TestSize;
  readonly problems: readonly string[];
}

const NO_MARKERS: TitleMarkers = Object.freeze({ problems: Object.freeze([]) });
const BRACKETED = /\[([^[\]]{1,24})\]/g;

/**
 * Reads the size tags in a title: `[small]`, `[Medium]`, anywhere in it. Two different sizes,
 * or a near-miss such as `[smal]` or `[Large ]`, are problems; ordinary tags like `[regression]` are left alone.
 */
export function parseTitleMarkers(title: string): TitleMarkers {
  if (!title.includes('[')) return NO_MARKERS;
  const found = new Set<TestSize>();
  const problems: string[] = [];
  for (const match of title.matchAll(BRACKETED)) {
    const inner = match[1]!;
    const lower = inner.toLowerCase();
    if (isTestSize(lower)) {
      found.add(lower);
      continue;
    }
    const guess = nearMiss(lower);
    if (guess) problems.push(`unknown size tag [${inner}]: did you mean [${guess}]?`);
  }
  if (found.size > 1) {
    problems.push(`two different sizes on one title: ${[...found].map((s) => `[${s}]`).join(' and ')}; keep one`);
    return { problems };
  }
  const [size] = found;
  return size === undefined ? { problems } : { size, problems };
}

/** The size a bracketed word was probably meant to be, if it is one typo or some spacing away from one. */
function nearMiss(word: string): TestSize | undefined {
  const squeezed = word.replace(/[\s_-]+/g, '');
  if (isTestSize(squeezed)) return squeezed;
  if (squeezed.length < 4) return undefined;
  let best: TestSize | undefined;
  for (const size of TEST_SIZES) {
    if (typoDistance(squeezed, size) === 1 && (best === undefined || size.length === squeezed.length)) best = size;
  }
  return best;
}
