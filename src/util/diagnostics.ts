/**
 * Problems found in the spec. Every problem carries a location and says what was expected,
 * what was found and how to fix it; the CLI prints them all, then exits 1.
 */

import { editDistance } from './text.js';

export interface Location {
  /** path relative to the project root, with `/` separators */
  file: string;
  /** 1-based */
  line?: number;
  /** 1-based */
  col?: number;
}

export interface Problem {
  at: Location;
  /** one line: what is wrong */
  message: string;
  expected?: string;
  found?: string;
  fix?: string;
}

/** Thrown when the spec has problems; carries all of them. */
export class SpecProblems extends Error {
  readonly problems: Problem[];

  constructor(problems: Problem[]) {
    super(`${problems.length} problem${problems.length === 1 ? '' : 's'} in the spec`);
    this.name = 'SpecProblems';
    this.problems = problems;
  }
}

/** `file:line:col` (or `file` when the position is unknown). */
export function formatLocation(at: Location): string {
  return at.line ? `${at.file}:${at.line}:${at.col ?? 1}` : at.file;
}

/** Renders one problem as the user sees it. */
export function formatProblem(p: Problem): string {
  const lines = [`${formatLocation(p.at)}: error: ${p.message}`];
  if (p.expected !== undefined) lines.push(`  expected: ${p.expected}`);
  if (p.found !== undefined) lines.push(`  found:    ${p.found}`);
  if (p.fix !== undefined) lines.push(`  fix:      ${p.fix.replace(/\n/g, '\n            ')}`);
  return lines.join('\n');
}

/** Sorts problems by file, line, column, message so reports are stable. */
export function sortProblems(problems: readonly Problem[]): Problem[] {
  return [...problems].sort(
    (a, b) =>
      (a.at.file < b.at.file ? -1 : a.at.file > b.at.file ? 1 : 0) ||
      (a.at.line ?? 0) - (b.at.line ?? 0) ||
      (a.at.col ?? 0) - (b.at.col ?? 0) ||
      (a.message < b.message ? -1 : a.message > b.message ? 1 : 0),
  );
}

/** Short, quoted rendering of a found value for messages. */
export function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return v.length === 0 ? 'an empty list []' : `a list (${v.length} items)`;
  if (typeof v === 'object') return Object.keys(v).length === 0 ? 'an empty map {}' : 'a map';
  if (typeof v === 'string') return JSON.stringify(v.length > 60 ? v.slice(0, 57) + '...' : v);
  return `${typeof v} ${String(v)}`;
}

/** The closest candidate by edit distance, for "did you mean" hints. */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const [a, b] = [word.toLowerCase(), c.toLowerCase()];
    // a prefix (`closed` for `closed_at`) is as good a guess as a one-letter typo
    const d = a.length >= 3 && (b.startsWith(a) || a.startsWith(b)) ? 1 : editDistance(a, b);
    if (d < bestD || (d === bestD && best !== undefined && c < best)) [best, bestD] = [c, d];
  }
  return best !== undefined && bestD <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}
