import type { DistributionTargets } from './config';
import type { TestSize } from './size';

/** How many tests of each size a run had; `unsized` are tests with no marker and no default size. */
export type SizeCounts = Record<TestSize | 'unsized', number>;

export type ShareStatus = 'on target' | 'below target' | 'above target' | 'no sized tests';

export interface ShareRow {
  readonly bucket: 'small' | 'medium' | 'large';
  readonly count: number;
  /** Percent of sized tests. */
  readonly percent: number;
  readonly target: number;
  readonly status: ShareStatus;
}

export interface Distribution {
  readonly total: number;
  readonly sized: number;
  readonly counts: SizeCounts;
  readonly rows: readonly ShareRow[];
  /** True when every share is within its target ± tolerance (and there is at least one sized test). */
  readonly onTarget: boolean;
  readonly tolerance: number;
}

export function emptyCounts(): SizeCounts {
  return { small: 0, medium: 0, large: 0, xlarge: 0, unsized: 0 };
}

/** Shares of sized tests against the targets; large and xlarge are one bucket, as in Google's pyramid. */
export function computeDistribution(counts: SizeCounts, targets: DistributionTargets, tolerance: number): Distribution {
  const sized = counts.small + counts.medium + counts.large + counts.xlarge;
  const bucketCounts = { small: counts.small, medium: counts.medium, large: counts.large + counts.xlarge };
  const rows = (['small', 'medium', 'large'] as const).map((bucket): ShareRow => {
    const count = bucketCounts[bucket];
    const percent = sized === 0 ? 0 : (count / sized) * 100;
    const target = targets[bucket];
    const status: ShareStatus =
      sized === 0
        ? 'no sized tests'
        : percent < target - tolerance - 1e-9
          ? 'below target'
          : percent > target + tolerance + 1e-9
            ? 'above target'
            : 'on target';
    return { bucket, count, percent, target, status };
  });
  return {
    total: sized + counts.unsized,
    sized,
    counts,
    rows,
    onTarget: sized > 0 && rows.every((r) => r.status === 'on target'),
    tolerance,
  };
}
