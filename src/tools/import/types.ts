/**
 * The importer's report types, in a module of their own so that import.ts, skeleton.ts and
 * report.ts share them without importing each other.
 */
import type { FieldFinding } from './analyze.js';
import type { DeliveryFacts } from './delivery.js';
import type { Page } from './document.js';
import type { BodyField, EnvelopeFinding } from './envelope.js';
import type { SkippedName, TopicInfo } from './topics.js';

export type { SkippedName } from './topics.js';
export type { BodyField, EnvelopeFinding } from './envelope.js';

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
  pairedBy?: 'line above' | 'heading' | 'section' | 'bullet list' | 'table row' | 'resource name' | 'previous block' | 'body field';
  /** the topic the sample's body field names (with a topic field) */
  bodyTopic?: string;
  /** with an envelope: what the sample holds at the payload pointer */
  payloadKind?: 'object' | 'array' | 'scalar' | 'missing';
  /** the model file's reference to it: the file, or `file#/pointer` inside an envelope */
  ref?: string;
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

/** Where the skeleton says the receiver reads the topic. */
export type TopicSource =
  | { kind: 'header'; name: string; line: number }
  | { kind: 'field'; field: BodyField; header?: { name: string; line: number } }
  | { kind: 'route' };

/**
 * One thing the importer could not decide. Written to provider.yaml's `unconfirmed:` (and so
 * a problem of `npm run generate` until a person deletes it) and listed in the report.
 */
export interface OpenQuestion {
  /** what it is about: a key path of provider.yaml (`delivery.signature.encoding`) or `topics.<topic>` */
  subject: string;
  /** what the skeleton says now */
  value: string;
  /** why it is a guess */
  why: string;
  /** where the page says something about it, if anywhere */
  line?: number;
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
  /** names that look like topics but were not taken (wildcards, unreadable table cells) */
  skippedNames: SkippedName[];
  envelope?: EnvelopeFinding;
  topicSource: TopicSource;
  /** samples whose body field names a topic they are not paired with */
  conflicts: { sample: string; line: number; bodyTopic: string; topics: string[] }[];
  /** the guesses a person must confirm, in the order provider.yaml lists them */
  questions: OpenQuestion[];
}

export interface ImportReport extends ImportFindings {
  /** the report, as printed and saved as IMPORT-REPORT.md */
  text: string;
}
