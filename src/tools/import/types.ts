/**
 * The importer's report types, in a module of their own so that import.ts, skeleton.ts and
 * report.ts share them without importing each other.
 */
import type { FieldFinding } from './analyze.js';
import type { DeliveryFacts } from './delivery.js';
import type { Page } from './document.js';
import type { TopicInfo } from './topics.js';

/** One JSON block of the page. */
export interface BlockReport {
  /** page line of its opening bracket */
  line: number;
  endLine: number;
  status: 'verbatim' | 'repaired' | 'skipped';
  /** why it was skipped, e.g. "truncated: unclosed { opened at line 12" */
  reason?: string;
  /** more on the reason */
  detail?: string;
  repairs: { line: number; col: number; kind: string; detail: string }[];
  notes: { line: number; col: number; detail: string }[];
  /** the sample text (verbatim, or repaired), ending with a newline */
  sample?: string;
  /** the topics it was paired with */
  topics: string[];
  model?: string;
  /** the sample file written, relative to the provider folder */
  file?: string;
  pairedBy?: 'line above' | 'heading' | 'table row' | 'resource name' | 'previous block';
  /** the nearest line above it */
  context?: string;
  /** in a table cell */
  inline: boolean;
}

export interface TopicReport {
  topic: string;
  line: number;
  via: TopicInfo['via'];
  models: string[];
  /** provider-relative sample files */
  samples: string[];
  description?: string;
  payloadProse?: string;
}

export interface ModelReport {
  name: string;
  /** provider-relative, models/<Name>.yaml */
  file: string;
  /** provider-relative */
  samples: string[];
  topics: string[];
  /** page lines of its samples */
  lines: number[];
}

/** Everything the import found, before the report text is rendered from it. */
export interface ImportFindings {
  provider: string;
  /** the page, as given */
  source: string;
  format: Page['format'];
  /** the provider folder as messages name it, e.g. spec/acme */
  dir: string;
  /** in the order of topics.yaml */
  topics: TopicReport[];
  /** in page order */
  blocks: BlockReport[];
  models: ModelReport[];
  fields: FieldFinding[];
  /** samples that several topics share */
  shared: { sample: string; topics: string[] }[];
  delivery: DeliveryFacts;
}

export interface ImportReport extends ImportFindings {
  /** the report, as printed and saved as IMPORT-REPORT.md */
  text: string;
}
