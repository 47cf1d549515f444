/** The data of a drift run: one difference as found, findings as grouped, the report. */

/**
 * The kinds of drift, in report order: a topic the spec does not list at all, then what makes
 * a generated receiver reject a delivery, then what makes the types lie about it, then what the
 * types do not know yet.
 */
export const DRIFT_KINDS = ['unknown-topic', 'missing', 'nullability', 'retyped', 'value', 'precision', 'rounded', 'added'] as const;

export type DriftKind = (typeof DRIFT_KINDS)[number];

/** One difference at one place of one payload, before grouping. */
export interface Occurrence {
  kind: DriftKind;
  /** JSON pointer with array indices (and map keys) as `*` */
  path: string;
  /** the concrete pointer (with indices) in this payload */
  example: string;
  /** what the spec says */
  expected: string;
  /** what the payload has, without the value itself (`string`, `null`, `absent`, ...) */
  received: string;
  /** the value itself, shortened (absent when `received` says it all) */
  value?: string;
  /** the hint or sample change that would absorb it */
  fix: string;
  /** for a value outside an enum: the fix of the group lists every new value at once */
  enumFix?: { known: unknown[]; value: unknown };
  /** times it was seen in this payload (array items merged; 1 when absent) */
  times?: number;
}

/** One distinct value of a finding, with the payloads that had it. */
export interface FindingValue {
  value: string;
  /** payloads with this value here */
  count: number;
  files: string[];
}

/** Differences of one kind, at one path pattern of one topic's model, across every payload. */
export interface Finding {
  kind: DriftKind;
  topic: string;
  model: string;
  /** JSON pointer with array indices as `*` */
  path: string;
  /** one concrete pointer (with indices), in `files[0]` */
  example: string;
  expected: string;
  /** what the payloads have (types, `absent`, `null`), without values: see `values` */
  received: string;
  fix: string;
  /** payloads with this finding */
  count: number;
  /** times it was seen (an array's items count one each) */
  occurrences: number;
  /** those payloads' files (relative, sorted) */
  files: string[];
  /** every distinct value seen, most payloads first (empty when the kind has no value to show) */
  values: FindingValue[];
}

/** Counts of one kind. */
export interface KindSummary {
  kind: DriftKind;
  /** findings (groups) of this kind */
  findings: number;
  /** payloads with at least one finding of this kind */
  payloads: number;
  occurrences: number;
}

/** Counts of one topic. */
export interface TopicSummary {
  topic: string;
  /** payloads of this topic that were compared */
  payloads: number;
  /** of those, payloads with at least one finding */
  drifting: number;
  /** findings per kind (kinds without findings are left out) */
  kinds: Partial<Record<DriftKind, number>>;
  findings: number;
}

export interface DriftSummary {
  /** payloads with at least one finding */
  drifting: number;
  /** kinds with findings, in DRIFT_KINDS order */
  kinds: KindSummary[];
  /** topics compared, sorted */
  topics: TopicSummary[];
}

export interface DriftReport {
  version: 2;
  provider: string;
  /** payloads compared */
  payloads: number;
  /** true when a finding of a kind not allowed remains, or an input could not be compared */
  drift: boolean;
  summary: DriftSummary;
  findings: Finding[];
  /** inputs that could not be compared */
  errors: { file: string; message: string }[];
}

/** A usage problem (bad provider, no inputs): the CLI prints the message alone. */
export class DriftUsageError extends Error {}
