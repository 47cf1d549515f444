// The figures of `npm run bench`, each a ratio of two candidates measured in the same process
// (or, for generate, in the same round of interleaved processes), with its goal (issues 12, 17).
import { HOSTILE_BENCH_IDS } from './lib/hostile.js';
import type { Group } from './lib/types.js';

export interface Goal {
  op: '>=' | '<=';
  value: number;
}

export interface FigureDef {
  id: string;
  title: string;
  group: Group | 'generate';
  numerator: string;
  denominator: string;
  /**
   * speed: ops/s ÷ ops/s (higher is better); time: wall ms ÷ wall ms (lower is better); cost:
   * the numerator's time per call ÷ the denominator's (both measured as ops/s; lower is better)
   */
  kind: 'speed' | 'time' | 'cost';
  /** none: a figure that explains another one (shown with a dash) */
  goal: Goal | undefined;
}

const speed = (id: string, title: string, group: Group, numerator: string, denominator: string, min: number): FigureDef => ({ id, title, group, numerator, denominator, kind: 'speed', goal: { op: '>=', value: min } });
const info = (id: string, title: string, group: Group, numerator: string, denominator: string): FigureDef => ({ id, title, group, numerator, denominator, kind: 'speed', goal: undefined });
const time = (id: string, title: string, numerator: string, denominator: string, max: number): FigureDef => ({ id, title, group: 'generate', numerator, denominator, kind: 'time', goal: { op: '<=', value: max } });
const cost = (id: string, title: string, group: Group, numerator: string, denominator: string, max: number): FigureDef => ({ id, title, group, numerator, denominator, kind: 'cost', goal: { op: '<=', value: max } });

/**
 * A receiver's cost for a hostile body, as a multiple of JSON.parse of the same bytes (issue
 * 13: "within a small multiple"). The goal, 10, leaves room for what JSON.parse does not do and
 * a receiver must: the HMAC of the raw bytes and a strict UTF-8 decode, which on a body that is
 * mostly one long string each cost about as much as JSON.parse itself.
 */
export const HOSTILE_COST_GOAL = 10;

export const FIGURES: readonly FigureDef[] = [
  speed('receive_vs_hand_rolled', 'receive() ÷ hand-rolled HMAC+JSON.parse+Ajv, Order delivery', 'receive', 'receive', 'hand_rolled', 1),
  speed('is_vs_typia_is_order', 'isOrder ÷ typia is, Order', 'validate-order', 'is', 'typia_is', 1),
  speed('is_vs_typia_is_250', 'isOrder ÷ typia is, 250 line items', 'validate-250', 'is', 'typia_is', 1),
  speed('strict_is_vs_typia_equals_order', 'strict isOrder ÷ typia equals, Order', 'validate-order', 'is_strict', 'typia_equals', 1),
  speed('strict_is_vs_typia_equals_250', 'strict isOrder ÷ typia equals, 250 line items', 'validate-250', 'is_strict', 'typia_equals', 1),
  speed('is_vs_ajv_order', 'isOrder ÷ Ajv, Order', 'validate-order', 'is', 'ajv', 4),
  speed('is_vs_ajv_250', 'isOrder ÷ Ajv, 250 line items', 'validate-250', 'is', 'ajv', 4),
  speed('validate_5_errors_vs_ajv_all_errors', 'validateOrder ÷ Ajv allErrors, 5 errors', 'validate-order', 'validate_5_errors', 'ajv_all_5_errors', 6),
  speed('parse_vs_json_parse_order', 'parseSpiffyBody ÷ JSON.parse, Order 4.8 KB', 'parse', 'parse_order', 'json_parse_order', 0.9),
  speed('parse_vs_json_parse_product', 'parseSpiffyBody ÷ JSON.parse, Product 2.2 KB (64-bit ids)', 'parse', 'parse_product', 'json_parse_product', 0.7),
  speed('parse_vs_json_parse_order_1mb', 'parseSpiffyBody ÷ JSON.parse, Order 1 MiB', 'parse-1mb', 'parse_order_1mb', 'json_parse_order_1mb', 0.9),
  speed('parse_vs_json_parse_product_1mb', 'parseSpiffyBody ÷ JSON.parse, Product 1 MiB (64-bit ids)', 'parse-1mb', 'parse_product_1mb', 'json_parse_product_1mb', 0.7),
  // where the parse time goes: the runtime's parser alone, before parseSpiffyBody's id paths
  info('runtime_parse_vs_json_parse_order', '  of which parseLossless alone, Order 4.8 KB', 'parse', 'parse_lossless_order', 'json_parse_order'),
  info('runtime_parse_vs_json_parse_product', '  of which parseLossless alone, Product 2.2 KB', 'parse', 'parse_lossless_product', 'json_parse_product'),
  info('runtime_parse_vs_json_parse_order_1mb', '  of which parseLossless alone, Order 1 MiB', 'parse-1mb', 'parse_lossless_order_1mb', 'json_parse_order_1mb'),
  info('runtime_parse_vs_json_parse_product_1mb', '  of which parseLossless alone, Product 1 MiB', 'parse-1mb', 'parse_lossless_product_1mb', 'json_parse_product_1mb'),
  ...HOSTILE_BENCH_IDS.map((id) => cost(`hostile_${id}`, `receive ÷ JSON.parse, ${id}`, 'hostile', `receive_${id}`, `json_parse_${id}`, HOSTILE_COST_GOAL)),
  cost('signature_330_items_standard_webhooks', 'verify, 330 signatures ÷ 1, Standard Webhooks header', 'hostile', 'verify_std_330', 'verify_std_1', 1.5),
  cost('signature_330_items_pairs', 'verify, 330 v1 items ÷ 1, t=…,v1=… header', 'hostile', 'verify_pairs_330', 'verify_pairs_1', 1.5),
  time('generate_cold_vs_quicktype', 'generate --no-cache ÷ quicktype-core alone (wall)', 'generate_cold', 'quicktype_baseline', 1),
  time('generate_warm_vs_quicktype', 'generate, warm cache ÷ quicktype-core alone (wall)', 'generate_warm', 'quicktype_baseline', 0.5),
  // bench/scale.ts: 30 providers (10 copies of three) ÷ the three, --no-cache into an empty folder
  time('generate_scale_30_vs_3', 'generate --no-cache, 30 providers ÷ 3 (wall)', 'scale_large', 'scale_small', 4),
];

export function meets(goal: Goal, x: number): boolean {
  return goal.op === '>=' ? x >= goal.value : x <= goal.value;
}

export const goalText = (goal: Goal | undefined): string | null => (goal ? `${goal.op} ${goal.value}` : null);
