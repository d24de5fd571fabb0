/** Percentile of already-sorted samples, nearest-rank. */
export function percentile(sorted: number[], p: number): number {
	if (sorted.length === 0) return NaN;
	const rank = Math.ceil((p / 100) * sorted.length) - 1;
	return sorted[Math.min(sorted.length - 1, Math.max(0, rank))]!;
}

export interface Summary {
	n: number;
	p50: number;
	p95: number;
	p99: number;
	mean: number;
	max: number;
}

export function summarize(samples: number[]): Summary {
	const sorted = [...samples].sort((a, b) => a - b);
	const mean = sorted.reduce((sum, x) => sum + x, 0) / (sorted.length || 1);
	return {
		n: sorted.length,
		p50: percentile(sorted, 50),
		p95: percentile(sorted, 95),
		p99: percentile(sorted, 99),
		mean,
		max: sorted[sorted.length - 1] ?? NaN
	};
}

export function formatMs(value: number): string {
	return value.toFixed(2).padStart(8);
}

export function row(label: string, s: Summary): string {
	return `${label.padEnd(34)}${formatMs(s.p50)}${formatMs(s.p95)}${formatMs(s.p99)}${formatMs(s.mean)}${formatMs(s.max)}${String(s.n).padStart(7)}`;
}

export const HEADER = `${''.padEnd(34)}${'p50'.padStart(8)}${'p95'.padStart(8)}${'p99'.padStart(8)}${'mean'.padStart(8)}${'max'.padStart(8)}${'n'.padStart(7)}   (ms)`;
