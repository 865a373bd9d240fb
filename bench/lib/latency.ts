/**
 * Latency figures for the search benchmarks: p50 / p95 / max of a list of
 * milliseconds (nearest rank), and a fixed-width cell to print them in.
 * @module
 */

export function stats(ms: number[]): { p50: number; p95: number; max: number } {
  const s = [...ms].sort((a, b) => a - b);
  const at = (p: number) => s[Math.min(s.length - 1, Math.floor(p * (s.length - 1) + 0.5))]!;
  return { p50: at(0.5), p95: at(0.95), max: s[s.length - 1]! };
}

export const fmt = (x: number) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2)).padStart(7);
