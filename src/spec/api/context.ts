/**
 * What the readers of one api.yaml share: the file, the provider's topics and model names,
 * the checks that wait until every sample is known, and the sample files read so far.
 */
import type { Document } from 'yaml';
import type { Problem } from '../../util/diagnostics.js';
import type { Reader } from '../reader.js';
import type { SampleSpec } from '../types.js';
import type { YamlPath, YamlSource } from '../yaml.js';

/** A parsed response or request file: its text, its value and its YAML document (for ranges). */
export interface SampleFile {
  text: string;
  value: unknown;
  doc: Document.Parsed;
}

export interface ApiContext {
  src: YamlSource;
  r: Reader;
  problems: Problem[];
  /** project root */
  root: string;
  /** the provider folder, relative */
  dir: string;
  /** the provider's topics (the values of `type: topic`) */
  topics: string[];
  /** every model a type may name: models/ and api.yaml `models:`, sorted */
  modelNames: string[];
  /** body fields, checked once every sample is known */
  bodyChecks: { path: YamlPath; model: string; names: string[] }[];
  /** cursor fields, checked once every sample is known */
  cursorChecks: { path: YamlPath; model: string; field: string }[];
  /** samples of api.yaml models, collected from examples */
  samples: Map<string, SampleSpec[]>;
  /** sample files by path; null when the file has a problem (reported once) */
  files: Map<string, SampleFile | null>;
}

/** A value an enum, a default or an example may hold. */
export function isScalarValue(v: unknown): v is string | number | boolean {
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
}
