// Types shared by the bench's orchestrator (bench/run.ts) and its measuring processes.
import type { Measured } from './measure.js';

/** The in-process groups: each runs in its own processes (bench/micro.ts). */
export const GROUPS = ['receive', 'validate-order', 'validate-250', 'parse', 'parse-1mb', 'hostile'] as const;
export type Group = (typeof GROUPS)[number];

/** A check that passed before timing: what was verified, for which candidates. */
export interface Check {
  candidates: string[];
  what: string;
}

/** What one measuring process prints. */
export interface GroupResult {
  group: Group;
  checks: Check[];
  measured: Measured;
  /** facts about the inputs and baselines, for results.json */
  notes: Record<string, string | number>;
}
