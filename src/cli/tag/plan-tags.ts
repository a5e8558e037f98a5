import type { ReportTitle } from '../../core/json-report';
import { TEST_SIZES, type TestSize } from '../../core/size';
import type { Edit, Site } from './source-sites';

/** A size is written only where the suggest run took at most this share of its time limit: one slow run cannot cross it. */
export const DURATION_MARGIN = 0.5;

export interface PlanOptions {
  readonly timeouts: Readonly<Record<TestSize, number>>;
  readonly defaultSize: TestSize | undefined;
  /** Lower declared sizes too: off by default, since one run's evidence is thin for that. */
  readonly lower: boolean;
}

/** What `tag` will do to one file. */
export interface FilePlan {
  readonly edits: readonly Edit[];
  /** Decorators the edits use, to import where missing. */
  readonly decorators: readonly TestSize[];
  /** Sites that need a size but whose title is built at run time: their line and the title as written. */
  readonly untaggable: readonly { readonly line: number; readonly title: string; readonly size: TestSize }[];
  /** Report titles found nowhere in the file. */
  readonly notFound: readonly ReportTitle[];
  readonly tagged: { suites: number; tests: number };
}

const rank = (size: TestSize): number => TEST_SIZES.indexOf(size);
const larger = (a: TestSize, b: TestSize): TestSize => (rank(a) >= rank(b) ? a : b);

/** The smallest size whose time limit the run's duration stays within by the margin. */
function sizeWithMargin(durationMs: number, timeouts: PlanOptions['timeouts']): TestSize {
  return TEST_SIZES.find((s) => durationMs <= timeouts[s] * DURATION_MARGIN) ?? 'xlarge';
}

/** The report's titles of one file, each tied to the site that declares it. */
function matchTitles(
  sites: readonly Site[],
  titles: readonly ReportTitle[],
): { bySite: Map<Site, ReportTitle[]>; notFound: ReportTitle[] } {
  const bySite = new Map<Site, ReportTitle[]>();
  const notFound: ReportTitle[] = [];
  for (const title of titles) {
    const site = siteOf(sites, title);
    if (!site) notFound.push(title);
    else bySite.set(site, [...(bySite.get(site) ?? []), title]);
  }
  return { bySite, notFound };
}

const covers = (site: Site, line: number | undefined): boolean => line !== undefined && site.startLine <= line && line <= site.endLine;

/** The site whose title path is the title's (the nearest to its reported line among equals), else the one at its line. */
function siteOf(sites: readonly Site[], title: ReportTitle): Site | undefined {
  const own = withoutSize(title.titlePath.at(-1));
  const same = sites.filter((s) => s.kind === title.kind && withoutSize(s.title) === own);
  const exact = same.filter((s) => samePath(staticPath(s), title.titlePath));
  const distance = (s: Site): number => (title.line === undefined ? 0 : Math.abs(s.startLine - title.line));
  if (exact.length > 0) return [...exact].sort((a, b) => distance(a) - distance(b))[0];
  const atLine = sites.filter((s) => s.kind === title.kind && covers(s, title.line));
  // At the reported line: the same title under parents built at run time, or a title built at run time itself.
  const found = atLine.find((s) => withoutSize(s.title) === own) ?? atLine.find((s) => s.title === undefined);
  if (found) return found;
  // A title declared in a helper that several suites call: the only site with that title.
  return same.length === 1 && same[0]!.parent === undefined ? same[0] : undefined;
}

function staticPath(site: Site): (string | undefined)[] {
  const path: (string | undefined)[] = [];
  for (let s: Site | undefined = site; s; s = s.parent) path.unshift(s.title);
  return path;
}

function samePath(a: readonly (string | undefined)[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((part, i) => part !== undefined && withoutSize(part) === withoutSize(b[i]));
}

/** A title as it reads without its size tag: the report may predate a tag that this command, or a person, wrote since. */
function withoutSize(title: string | undefined): string | undefined {
  return title
    ?.replace(/\[(small|medium|large|xlarge)\]/gi, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Decides the edits for one file. A suite whose tests (and hooks, which run at the suite's size) all come to one size gets
 * that size, and its tests keep none of their own unless one differs; otherwise each test is sized alone. Unsized tests get
 * their size, tests sized too small are raised, and a declared size is lowered only with `lower`.
 */
export function planFile(sites: readonly Site[], titles: readonly ReportTitle[], options: PlanOptions): FilePlan {
  const { bySite, notFound } = matchTitles(sites, titles);
  const edits: Edit[] = [];
  const decorators = new Set<TestSize>();
  const untaggable: { line: number; title: string; size: TestSize }[] = [];
  const tagged = { suites: 0, tests: 0 };

  const declared = (site: Site, inherited: TestSize | undefined): TestSize | undefined => site.own ?? inherited;
  const inheritedNow = (site: Site): TestSize | undefined => {
    for (let s = site.parent; s; s = s.parent) if (s.own) return s.own;
    return options.defaultSize;
  };

  /** The size a test should end with: undefined when the run did not see it, or it never runs. */
  const target = (test: Site): TestSize | undefined => {
    const seen = (bySite.get(test) ?? []).filter((t) => t.fits !== undefined);
    if (seen.length === 0) return undefined;
    const needs = seen.map((t) => larger(t.fits!, sizeWithMargin(t.durationMs ?? 0, options.timeouts))).reduce(larger);
    const now = declared(test, inheritedNow(test));
    if (now === undefined || rank(needs) > rank(now) || options.lower) return needs;
    return now;
  };
  const hooksFit = (suite: Site): TestSize | undefined =>
    (bySite.get(suite) ?? []).map((t) => t.fits).reduce<TestSize | undefined>((a, b) => (a && b ? larger(a, b) : (a ?? b)), undefined);

  const retag = (site: Site, size: TestSize): void => {
    if (site.own === size) return;
    if (!site.retag) {
      untaggable.push({ line: site.startLine, title: site.titleText, size });
      return;
    }
    edits.push(site.retag(size));
    if (site.style === 'class') decorators.add(size);
    tagged[site.kind === 'suite' ? 'suites' : 'tests']++;
  };

  /** One size for every test and hook under `suite`, when there is one; undefined when they differ or one was not seen. */
  const uniform = (suite: Site): TestSize | undefined => {
    let size: TestSize | undefined;
    let hooks: TestSize | undefined;
    let unseen = false;
    const visit = (site: Site): void => {
      if (site.skipped) return;
      if (site.kind === 'suite') {
        const fit = hooksFit(site);
        if (fit) hooks = hooks ? larger(hooks, fit) : fit;
        for (const child of site.children) visit(child);
        return;
      }
      const wanted = target(site);
      if (wanted === undefined) unseen = true;
      else if (size === undefined) size = wanted;
      else if (size !== wanted) unseen = true;
    };
    visit(suite);
    if (unseen || size === undefined || (hooks && rank(hooks) > rank(size))) return undefined;
    return size;
  };

  const allDeclare = (site: Site, size: TestSize): boolean =>
    site.kind === 'test'
      ? site.skipped || declared(site, inheritedNow(site)) === size
      : hooksSized(site) && site.children.every((c) => allDeclare(c, size));
  /** Whether a suite's hooks run at a size they fit (an unsized suite's hooks run unrestricted). */
  const hooksSized = (suite: Site): boolean => {
    const fit = hooksFit(suite);
    const now = declared(suite, inheritedNow(suite));
    return !fit || !now || rank(now) >= rank(fit);
  };

  const setSubtree = (site: Site, size: TestSize): void => {
    for (const child of site.children) {
      if (child.own && child.own !== size) retag(child, size);
      setSubtree(child, size);
    }
  };

  const visitSuite = (suite: Site, inherited: TestSize | undefined): void => {
    const size = uniform(suite);
    if (size) {
      // Tests that each declare the size already (a run of tag before, or by hand) are left as they are.
      if (!allDeclare(suite, size)) {
        if (declared(suite, inherited) !== size) retag(suite, size);
        setSubtree(suite, size);
      }
      return;
    }
    let now = declared(suite, inherited);
    const hooks = hooksFit(suite);
    // The suite's hooks run at its size: a size they do not fit is raised on the suite itself.
    if (hooks && now && rank(hooks) > rank(now)) {
      retag(suite, hooks);
      now = hooks;
    }
    for (const child of suite.children) visitSite(child, now);
  };

  const visitSite = (site: Site, inherited: TestSize | undefined): void => {
    if (site.kind === 'suite') {
      visitSuite(site, inherited);
      return;
    }
    const wanted = target(site);
    if (wanted && wanted !== declared(site, inherited)) retag(site, wanted);
  };

  for (const site of sites) if (!site.parent) visitSite(site, options.defaultSize);
  return { edits, decorators: [...decorators], untaggable, notFound, tagged };
}
