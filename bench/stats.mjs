// Small statistics and formatting helpers for the bench table.

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** (max - min) / median: how far apart repeated measurements of the same thing landed. */
export function scatter(values) {
  if (values.length < 2) return 0;
  return (Math.max(...values) - Math.min(...values)) / median(values);
}

export const MiB = 1024 * 1024;

export function seconds(ms) {
  return `${(ms / 1000).toFixed(3)} s`;
}

/** `0.671 s (0.683 s)`: the fastest run, and the median in brackets. */
export function fastestAndMedian(values, format = seconds) {
  if (values.length === 0) return 'n/a';
  if (values.length === 1) return format(values[0]);
  return `${format(Math.min(...values))} (${format(median(values))})`;
}

export function mib(bytes) {
  const sign = bytes < 0 ? '-' : '+';
  return `${sign}${(Math.abs(bytes) / MiB).toFixed(1)} MiB`;
}

/** Left-aligned text table with a header rule. */
export function table(headers, rows) {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) =>
    cells
      .map((c, i) => String(c).padEnd(widths[i]))
      .join(' | ')
      .trimEnd();
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('-|-'), ...rows.map(line)].join('\n');
}
