// Small statistics for the bench: min / median / max across processes (or rounds).

export interface Range {
  min: number;
  median: number;
  max: number;
}

/** The median of a non-empty list (the mean of the two middle values for an even count). */
export function median(xs: readonly number[]): number {
  if (xs.length === 0) throw new RangeError('median: expected at least one value, received none');
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** min / median / max of a non-empty list, each rounded to `digits` significant digits. */
export function range(xs: readonly number[], digits = 3): Range {
  if (xs.length === 0) throw new RangeError('range: expected at least one value, received none');
  return { min: significant(Math.min(...xs), digits), median: significant(median(xs), digits), max: significant(Math.max(...xs), digits) };
}

/** `x` rounded to `digits` significant digits (integers above that keep their integer part). */
export function significant(x: number, digits = 3): number {
  if (x === 0 || !Number.isFinite(x)) return x;
  const magnitude = Math.floor(Math.log10(Math.abs(x)));
  if (magnitude >= digits - 1) return Math.round(x);
  const f = 10 ** (digits - 1 - magnitude);
  return Math.round(x * f) / f;
}
