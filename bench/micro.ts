// Micro-benchmarks of the generated runtime code against its baselines, measured in the same
// process and interleaved (A B C A B C ...), repeated in several fresh processes; the figures
// are the medians of the per-process ratios. Merged into bench/results.json.
//
//   is_vs_ajv                          isOrder ÷ Ajv validate (same emitted schema, full formats) on the Order sample
//   validate_invalid_vs_ajv_allerrors  validateOrder ÷ Ajv allErrors on an Order with 5 errors
//   lossless_parse_vs_json_parse       parseLossless ÷ JSON.parse on the Order sample text (and on Product, with 64-bit ids)
//   receive_ops_per_s                  full Spiffy receive (HMAC verify + lossless parse + validate) of the Order sample
//
// Compiled by `npm run build` to dist/bench/micro.js (`npm run bench` builds first); the child
// processes run that plain JavaScript.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { join } from 'node:path';

// the repository: two levels up from dist/bench/
const repo = fileURLToPath(new URL('../..', import.meta.url));
const PROCESSES = Number(process.env.BENCH_PROCESSES ?? 5);

type Ops = Record<string, number>;

if (process.argv[2] === '--child') {
  const { Ajv2020 } = await import('ajv/dist/2020.js');
  const { default: addFormats } = await import('ajv-formats');
  // the generated package, found from the repository (this file runs from dist/bench/)
  const spiffy: typeof import('../generated/spiffy/index.js') = await import(pathToFileURL(join(repo, 'generated/spiffy/index.js')).href);
  const json: typeof import('../generated/runtime/json.js') = await import(pathToFileURL(join(repo, 'generated/runtime/json.js')).href);
  const { isOrder, validateOrder, parseSpiffyBody } = spiffy;
  const { parseLossless } = json;
  const orderText = readFileSync(join(repo, 'spec/spiffy/samples/order.json'), 'utf8');
  const productText = readFileSync(join(repo, 'spec/spiffy/samples/product.json'), 'utf8');
  const order = parseSpiffyBody('orders/create', orderText);
  // the Order with 5 errors, edited in place: Reflect writes the values its type forbids (and
  // the delete leaves the object in V8's dictionary mode, as the .mjs bench measured it)
  const invalid = structuredClone(order);
  Reflect.set(invalid.line_items[0], 'price', 19.99);
  Reflect.deleteProperty(invalid, 'email');
  invalid.closed_at = 'yesterday';
  Reflect.set(invalid, 'total_weight', 'heavy');
  Reflect.set(invalid.billing_address, 'zip', 5);
  const schema = JSON.parse(readFileSync(join(repo, 'generated/spiffy/schemas/Order.schema.json'), 'utf8'));
  const ajv = new Ajv2020({ strict: true });
  addFormats.default(ajv);
  const ajvValidate = ajv.compile(schema);
  const ajvAll = new Ajv2020({ strict: true, allErrors: true });
  addFormats.default(ajvAll);
  const ajvAllValidate = ajvAll.compile(schema);
  const invalidResult = validateOrder(invalid);
  if (!isOrder(order) || !ajvValidate(order) || invalidResult.ok || invalidResult.issues.length !== 5 || ajvAllValidate(invalid)) throw new Error('benchmark inputs are not what they claim');

  const candidates: Record<string, () => unknown> = {
    is: () => isOrder(order),
    ajv: () => ajvValidate(order),
    validate_invalid: () => validateOrder(invalid).ok,
    ajv_allerrors_invalid: () => ajvAllValidate(invalid),
    lossless_order: () => parseLossless(orderText),
    json_parse_order: () => JSON.parse(orderText),
    lossless_product: () => parseLossless(productText),
    json_parse_product: () => JSON.parse(productText),
  };
  const receiver = spiffy.createSpiffyReceiver({ secrets: 'bench-secret' });
  const req = await spiffy.buildSpiffyTestRequest({ topic: 'orders/create', payload: order, secret: 'bench-secret', headers: { shopDomain: 'bench.spiffystores.com' } });
  const body = new TextEncoder().encode(req.body);
  const receive = async (): Promise<void> => {
    const r = await receiver.receive({ headers: req.headers, body });
    if (!r.ok) throw new Error(`receive failed: ${r.reason}`);
  };
  const sink: unknown[] = [];
  const run = (fn: () => unknown, ms: number): number => {
    let n = 0;
    const t0 = performance.now();
    let t = t0;
    while (t - t0 < ms) {
      for (let i = 0; i < 200; i++) sink[i & 7] = fn();
      n += 200;
      t = performance.now();
    }
    return n / ((t - t0) / 1000);
  };
  for (const fn of Object.values(candidates)) run(fn, 300);
  const rounds = 5;
  const ops: Record<string, number[]> = Object.fromEntries(Object.keys(candidates).map((k) => [k, []]));
  for (let r = 0; r < rounds; r++) for (const [k, fn] of Object.entries(candidates)) ops[k].push(run(fn, 120));
  const med = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const out: Ops = Object.fromEntries(Object.entries(ops).map(([k, v]) => [k, med(v)]));
  for (let i = 0; i < 200; i++) await receive();
  const t0 = performance.now();
  let n = 0;
  while (performance.now() - t0 < 600) {
    await receive();
    n++;
  }
  out.receive = n / ((performance.now() - t0) / 1000);
  process.stdout.write(JSON.stringify(out));
  process.exit(0);
}

const runs: Ops[] = [];
for (let i = 0; i < PROCESSES; i++) {
  const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--child'], { cwd: repo, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  runs.push(JSON.parse(r.stdout));
  process.stderr.write(`process ${i + 1}/${PROCESSES} done\n`);
}
const stats = (xs: number[]): { min: number; median: number; max: number } => {
  const s = [...xs].sort((a, b) => a - b);
  const r = (x: number): number => Math.round(x * 100) / 100;
  return { min: r(s[0]), median: r(s[Math.floor(s.length / 2)]), max: r(s[s.length - 1]) };
};
const ratio = (a: string, b: string) => stats(runs.map((x) => x[a] / x[b]));
const opsOf = (k: string) => stats(runs.map((x) => x[k]));
const micro = {
  is_vs_ajv: ratio('is', 'ajv').median,
  validate_invalid_vs_ajv_allerrors: ratio('validate_invalid', 'ajv_allerrors_invalid').median,
  lossless_parse_vs_json_parse: ratio('lossless_order', 'json_parse_order').median,
  lossless_parse_vs_json_parse_with_64bit_ids: ratio('lossless_product', 'json_parse_product').median,
  receive_ops_per_s: Math.round(opsOf('receive').median),
  micro_detail: {
    processes: PROCESSES,
    ratios: {
      is_vs_ajv: ratio('is', 'ajv'),
      validate_invalid_vs_ajv_allerrors: ratio('validate_invalid', 'ajv_allerrors_invalid'),
      lossless_parse_vs_json_parse: ratio('lossless_order', 'json_parse_order'),
      lossless_parse_vs_json_parse_with_64bit_ids: ratio('lossless_product', 'json_parse_product'),
    },
    ops_per_s: Object.fromEntries(Object.keys(runs[0]).map((k) => [k, opsOf(k)])),
    goals: { is_vs_ajv: '>= 3', validate_invalid_vs_ajv_allerrors: '>= 2', lossless_parse_vs_json_parse: '>= 0.5' },
  },
};
const file = join(repo, 'bench/results.json');
const prev: Record<string, unknown> = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
writeFileSync(file, JSON.stringify({ ...prev, ...micro }, null, 2) + '\n');
console.log(JSON.stringify(micro, null, 2));
