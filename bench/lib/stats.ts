/** Percentiles and timing for the benchmarks (figures are printed, never asserted). */
export function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[idx]!;
}

export function ms(n: number): string {
  return `${n.toFixed(2)} ms`;
}

export function now(): number {
  return performance.now();
}

export function row(label: string, ...cells: string[]): void {
  console.log(`  ${label.padEnd(52)} ${cells.map((c) => c.padStart(14)).join(' ')}`);
}
