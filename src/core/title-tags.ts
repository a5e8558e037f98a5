import { TEST_SIZES, isTestSize, type TestSize } from './size';

/** What a `describe`/`it` title says about size: the size it names, and any mistakes in its tags. */
export interface TitleMarkers {
  readonly size?: TestSize;
  readonly problems: readonly string[];
}

const NO_MARKERS: TitleMarkers = Object.freeze({ problems: Object.freeze([]) });
const BRACKETED = /\[([^\[\]]{1,24})\]/g;

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

/** Optimal-string-alignment distance: insertions, deletions, substitutions and adjacent swaps. */
function typoDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 1) return 2;
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]!;
}
