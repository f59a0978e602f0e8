/** The value below which `p` (0..1) of the samples fall (nearest rank); NaN for no samples. */
export function percentile(samples: number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
}

/** Prints a suite's figures so that they appear in the test output (numbers rounded to 0.1). */
export function report(title: string, figures: Record<string, number | string>): void {
  const lines = Object.entries(figures).map(([k, v]) => `  ${k}: ${typeof v === 'number' ? Math.round(v * 10) / 10 : v}`);
  process.stdout.write(`\n[faults] ${title}\n${lines.join('\n')}\n`);
}
