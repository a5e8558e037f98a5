import { isTestSize, TEST_SIZES, type TestSize } from './size';
import { typoDistance } from './typo';

/** What a `describe`/`it` title says about size: the size it names, and any mistakes in its tags. */
export interface TitleMarkers {
  readonly size?: TestSize;
  readonly problems: readonly string[];
}

const NO_MARKERS: TitleMarkers = Object.freeze({ problems: Object.freeze([]) });

/** Brackets a tag may be written with by mistake: curly, full-width and CJK look-alikes of `[` and `]`. */
const OPENING = '[{［｛【〔〖〘〚⟦⦃﹝';
const CLOSING = ']}］｝】〕〗〙〛⟧⦄﹞';
const TAGGED = new RegExp(`[${escapeClass(OPENING)}]([^${escapeClass(OPENING + CLOSING)}]{1,24})[${escapeClass(CLOSING)}]`, 'g');
const MAY_HOLD_TAG = new RegExp(`[${escapeClass(OPENING)}]`);

/** Whether a title has anything that may be a size tag or a look-alike of one: the cheap test before parsing it. */
export function mayHoldSizeTag(title: string): boolean {
  return MAY_HOLD_TAG.test(title);
}

/**
 * Reads the size tags in a title: `[small]`, `[Medium]`, anywhere in it. Two different sizes,
 * a near-miss such as `[smal]` or `[Large ]`, or a look-alike such as `［small］`, `{small}` or `[smaII]`
 * are problems; ordinary tags like `[regression]` or `[smart]` are left alone.
 */
export function parseTitleMarkers(title: string): TitleMarkers {
  if (!mayHoldSizeTag(title)) return NO_MARKERS;
  const found = new Set<TestSize>();
  const problems: string[] = [];
  for (const match of title.matchAll(TAGGED)) {
    const tag = match[0];
    const inner = match[1]!;
    const lower = inner.toLowerCase();
    const plainBrackets = tag.startsWith('[') && tag.endsWith(']');
    if (plainBrackets && isTestSize(lower)) {
      found.add(lower);
      continue;
    }
    const spelled = lookAlikes(inner, plainBrackets);
    const meant = spelled.find(isSqueezedSize);
    const guess = meant || !plainBrackets ? undefined : nearMiss(lower);
    const near = meant ?? (guess ? undefined : firstDefined(spelled.map(nearMiss)));
    if (near) problems.push(`size tag ${tag} is written with look-alike characters: write [${near}]`);
    else if (guess) problems.push(`unknown size tag [${inner}]: did you mean [${guess}]?`);
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

/**
 * Characters that read as a Latin letter of a size name: digits and capitals (`I` for `l`, `0` for `o`),
 * and Cyrillic and Greek letters drawn the same. Full-width letters are folded by NFKC before this.
 */
const CONFUSABLES: Readonly<Record<string, string>> = {
  I: 'l',
  '1': 'l',
  '|': 'l',
  ӏ: 'l',
  '0': 'o',
  '3': 'e',
  '5': 's',
  а: 'a',
  α: 'a',
  е: 'e',
  ε: 'e',
  о: 'o',
  ο: 'o',
  с: 'c',
  ѕ: 's',
  і: 'i',
  ι: 'i',
  м: 'm',
  г: 'r',
  р: 'p',
  х: 'x',
  ԁ: 'd',
  υ: 'u',
  ɡ: 'g',
};

/**
 * What a tag reads as once look-alike characters are taken for the letters they imitate: `［small］` and
 * `{small}` read `small`, `[smaII]` reads `small`. A tag in plain letters and brackets reads as nothing new.
 */
function lookAlikes(inner: string, plainBrackets: boolean): string[] {
  const folded = inner.normalize('NFKC');
  const asWritten = inner.toLowerCase();
  const plain = [...folded].map((c) => CONFUSABLES[c] ?? c.toLowerCase()).join('');
  return [...new Set([folded.toLowerCase(), plain])].filter((word) => !plainBrackets || word !== asWritten);
}

function isSqueezedSize(word: string): boolean {
  return isTestSize(word.replace(/[\s_-]+/g, ''));
}

function firstDefined<T>(values: readonly (T | undefined)[]): T | undefined {
  return values.find((v) => v !== undefined);
}

function escapeClass(chars: string): string {
  return chars.replace(/[\]\\^[-]/g, '\\$&');
}
