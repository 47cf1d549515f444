/**
 * The hostile-spec suite, part two: specs that are well-formed files but break a rule of
 * spec/README.md (identifiers, type names, hints that contradict the samples, paths that leave
 * the provider folder, header names and values, prototype-named fields and hint pointers).
 * Each refused case asserts the whole of stderr (file:line:col, message, expected, found, fix,
 * summary), exit 1, and that generated/ and the whole project are byte-identical, with no
 * temporary folder (test/helpers/hostile.ts, `expectRefused`).
 *
 * The last group generates one project that is hostile but valid (a provider id with `-`,
 * prototype-named topics and fields, spec text that would end a string, a template, a comment, a
 * script or a line in every place the spec holds text) and checks that it generates, that
 * every emitted module imports without running anything injected, that the declarations
 * type-check (strict) with a consumer, that the validators and receivers work on the hostile
 * names, and that the Markdown and HTML catalogs show every text as text.
 * (test/cli/hostile-spec.test.ts holds part one: file-system problems, limits and --out.)
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closest } from '../../src/util/diagnostics.js';
import { addHints, at, block, type Case, expectRefused, nameSample, ORDER_MODEL, ORDER_SAMPLE, prependToSample, runInProcess, summary, SUMMARY } from '../helpers/hostile.js';
import { copyProject, locate, REPO_ROOT, type Project } from '../helpers/project.js';

const SPIFFY = 'spec/spiffy/provider.yaml';
const SHIPMENT = 'spec/cratejoy/models/Shipment.yaml';
const CONTRADICTS_FIX = 'correct the hint to what the docs say the field holds, or the sample if the docs print it wrong';
const NAME_EXPECTED = 'a type name that nothing else in generated/spiffy/ uses';
const OUTSIDE_EXPECTED = (id: string) => `a path relative to spec/${id}/ that stays inside it, e.g. samples/order.json`;

/** Where a provider's typePrefix value is. */
const prefixAt = (p: Project, id: string) => at(p, `spec/${id}/provider.yaml`, 'typePrefix: ', { shift: 'typePrefix: '.length });
const setPrefix = (p: Project, id: string, prefix: string) => p.edit(`spec/${id}/provider.yaml`, (t) => t.replace(/^typePrefix: .*$/m, `typePrefix: ${prefix}`));
const PREFIX_EXPECTED = "a typePrefix of its own: every name of the provider comes from it (SpiffyTopic, createSpiffyReceiver, the package root's namespace spiffy)";

/** The Order model copied under another name (its samples and hints too). */
function copyOrderAs(p: Project, name: string): void {
  p.write(`spec/spiffy/models/${name}.yaml`, p.read(ORDER_MODEL).replace(/^model: Order$/m, `model: ${name}`));
}

/** Order's hint `/billing_address` giving the nested type the name `name`. */
function nameBillingAddress(p: Project, name: string): void {
  addHints(p, ORDER_MODEL, `  /billing_address:\n    name: ${name}\n`);
}

const nameHintFix = (pointer: string, name: string) => `give the type another name with a \`name:\` hint in ${ORDER_MODEL}, e.g.\nhints:\n  ${pointer}:\n    name: ${name}Detail`;

/** The enum-value problem for each value of `values` at `enumAt` (`[` of the list). */
function enumValueBlocks(p: Project, file: string, pointer: string, values: number[], type: string, whose: string): string[] {
  const text = p.read(file);
  const start = text.indexOf(`enum: [${values.join(', ')}]`) + 'enum: ['.length;
  return values.map((v, i) => {
    const { line, col } = locate(text, String(v), { from: start + values.slice(0, i).map((x) => `${x}, `).join('').length });
    return block(
      `${file}:${line}:${col}`,
      `enum value ${v} of the hint on ${pointer} is not a value of the field's type`,
      `a value of type ${type} (the field's ${whose})`,
      `number ${v}`,
      `write the values as the field's type (quote them for a string field: "${v}"), or give the hint the values' type`,
    );
  });
}

/** Where `needle` (a JSON value in the Order sample) is, as the problems name it. */
const inOrderSample = (p: Project, pointer: string, needle: string, opts: Parameters<typeof locate>[2] = {}) => `${pointer} in ${at(p, ORDER_SAMPLE, needle, opts)}`;

const cases: Record<string, [string, Case][]> = {
  'identifiers: typePrefix': [
    [
      'two providers with one typePrefix (a duplicate export of every name)',
      {
        break: (p) => setPrefix(p, 'lemonsqueezy', 'Spiffy'),
        stderr: (p) =>
          [
            block(prefixAt(p, 'lemonsqueezy'), 'typePrefix "Spiffy" is also the typePrefix of spec/spiffy/provider.yaml', PREFIX_EXPECTED, `"Spiffy", as at ${prefixAt(p, 'spiffy')}`, 'write e.g. `typePrefix: Lemonsqueezy`'),
            block(prefixAt(p, 'spiffy'), 'typePrefix "Spiffy" is also the typePrefix of spec/lemonsqueezy/provider.yaml', PREFIX_EXPECTED, `"Spiffy", as at ${prefixAt(p, 'lemonsqueezy')}`, 'keep it here, and give spec/lemonsqueezy/provider.yaml another one'),
            summary(2),
          ].join('\n'),
      },
    ],
    [
      'three providers with one typePrefix: each names the next',
      {
        break: (p) => {
          setPrefix(p, 'lemonsqueezy', 'Spiffy');
          setPrefix(p, 'cratejoy', 'Spiffy');
        },
        stderr: (p) =>
          [
            block(prefixAt(p, 'cratejoy'), 'typePrefix "Spiffy" is also the typePrefix of spec/lemonsqueezy/provider.yaml', PREFIX_EXPECTED, `"Spiffy", as at ${prefixAt(p, 'lemonsqueezy')}`, 'write e.g. `typePrefix: Cratejoy`'),
            block(prefixAt(p, 'lemonsqueezy'), 'typePrefix "Spiffy" is also the typePrefix of spec/spiffy/provider.yaml', PREFIX_EXPECTED, `"Spiffy", as at ${prefixAt(p, 'spiffy')}`, 'write e.g. `typePrefix: Lemonsqueezy`'),
            block(prefixAt(p, 'spiffy'), 'typePrefix "Spiffy" is also the typePrefix of spec/cratejoy/provider.yaml', PREFIX_EXPECTED, `"Spiffy", as at ${prefixAt(p, 'cratejoy')}`, 'keep it here, and give spec/cratejoy/provider.yaml another one'),
            summary(3),
          ].join('\n'),
      },
    ],
    [
      'a typePrefix whose namespace is an export of the package root (ShapeOf → shapeOf)',
      {
        break: (p) => setPrefix(p, 'lemonsqueezy', 'ShapeOf'),
        stderr: (p) =>
          [
            block(prefixAt(p, 'lemonsqueezy'), 'typePrefix "ShapeOf" gives the provider the namespace shapeOf in the package root, which already exports shapeOf', 'a typePrefix whose camelCase form is not one of: shapeOf', '"ShapeOf"', 'write e.g. `typePrefix: ShapeOfWebhooks`'),
            SUMMARY,
          ].join('\n'),
      },
    ],
  ],
  'type names that clash with generated names: located where the name is given': [
    [
      'a name: hint naming a provider-level type (SpiffyPayload)',
      {
        break: (p) => nameBillingAddress(p, 'SpiffyPayload'),
        stderr: (p) =>
          [
            block(at(p, ORDER_MODEL, 'name: SpiffyPayload', { shift: 6 }), 'the type of Order /billing_address is named SpiffyPayload, which is a provider-level type', NAME_EXPECTED, 'SpiffyPayload', nameHintFix('/billing_address', 'SpiffyPayload')),
            SUMMARY,
          ].join('\n'),
      },
    ],
    [
      'a model named like a provider-level type (SpiffyModel)',
      {
        break: (p) => copyOrderAs(p, 'SpiffyModel'),
        stderr: () =>
          [
            block('spec/spiffy/models/SpiffyModel.yaml:1:8', 'model SpiffyModel is named like a provider-level type', NAME_EXPECTED, 'SpiffyModel', 'rename the model (spec/spiffy/models/SpiffyModel.yaml and its `model:`, and where topics.yaml names it)'),
            SUMMARY,
          ].join('\n'),
      },
    ],
    [
      'a model named like a type of the generated runtime (ValidationIssue: once an internal error)',
      {
        break: (p) => copyOrderAs(p, 'ValidationIssue'),
        stderr: () =>
          [
            block('spec/spiffy/models/ValidationIssue.yaml:1:8', 'model ValidationIssue is named like a type of the generated runtime', NAME_EXPECTED, 'ValidationIssue', 'rename the model (spec/spiffy/models/ValidationIssue.yaml and its `model:`, and where topics.yaml names it)'),
            SUMMARY,
          ].join('\n'),
      },
    ],
    [
      'a nested field named schema (Order /schema → OrderSchema, the validator schema object): located in the sample',
      {
        break: (p) => prependToSample(p, '"schema": {"a": 1},'),
        stderr: (p) =>
          [
            block(at(p, ORDER_SAMPLE, '{"a": 1}'), 'the type of Order /schema is named OrderSchema, which is the validator schema object of model Order', NAME_EXPECTED, 'OrderSchema', nameHintFix('/schema', 'OrderSchema')),
            SUMMARY,
          ].join('\n'),
      },
    ],
    [
      "a name: hint naming a client type of api.yaml (ListWebhooksQuery)",
      {
        break: (p) => nameBillingAddress(p, 'ListWebhooksQuery'),
        stderr: (p) =>
          [
            block(at(p, ORDER_MODEL, 'name: ListWebhooksQuery', { shift: 6 }), 'the type of Order /billing_address is named ListWebhooksQuery, which is the query type of listWebhooks (api.yaml)', NAME_EXPECTED, 'ListWebhooksQuery', nameHintFix('/billing_address', 'ListWebhooksQuery')),
            SUMMARY,
          ].join('\n'),
      },
    ],
    [
      'a name: hint naming a topic payload type (OrdersCreatePayload): located at the topic',
      {
        break: (p) => nameBillingAddress(p, 'OrdersCreatePayload'),
        stderr: (p) =>
          [
            block(at(p, 'spec/spiffy/topics.yaml', '\n  orders/create:', { shift: 3 }), 'topic "orders/create" gets the type name OrdersCreatePayload, which is already the type at Order /billing_address', 'distinct names for topic payload types and model types', 'OrdersCreatePayload', 'rename the model (or add a `name:` hint to the nested type) so that the names differ'),
            SUMMARY,
          ].join('\n'),
      },
    ],
    [
      'a model name with a backtick',
      {
        break: (p) => p.write('spec/spiffy/models/Ord`er.yaml', p.read(ORDER_MODEL).replace(/^model: Order$/m, 'model: "Ord`er"')),
        stderr: () => [block('spec/spiffy/models/Ord`er.yaml:1:8', 'invalid model name', 'a PascalCase name (letters and digits, starting upper-case)', '"Ord`er"', 'rename the model and its file, e.g. "Order" in models/Order.yaml'), SUMMARY].join('\n'),
      },
    ],
  ],
  'hints that contradict the samples or themselves': [
    [
      'enum: [1, 2] on a string field: the sample contradicts it, and neither value is a string',
      {
        break: (p) => addHints(p, ORDER_MODEL, '  /email:\n    enum: [1, 2]\n'),
        stderr: (p) =>
          [
            block(at(p, ORDER_MODEL, '[1, 2]'), 'the hint on /email contradicts the sample spec/spiffy/samples/order.json', 'one of 1 | 2, as the hint says', `"jon@doe.ca" at ${inOrderSample(p, '/email', '"jon@doe.ca"')}`, CONTRADICTS_FIX),
            ...enumValueBlocks(p, ORDER_MODEL, '/email', [1, 2], 'string', 'type in the samples'),
            summary(3),
          ].join('\n'),
      },
    ],
    [
      'an enum that leaves out the value the sample shows',
      {
        break: (p) => addHints(p, ORDER_MODEL, '  /email:\n    enum: [a, b]\n'),
        stderr: (p) => [block(at(p, ORDER_MODEL, '[a, b]'), 'the hint on /email contradicts the sample spec/spiffy/samples/order.json', 'one of "a" | "b", as the hint says', `"jon@doe.ca" at ${inOrderSample(p, '/email', '"jon@doe.ca"')}`, CONTRADICTS_FIX), SUMMARY].join('\n'),
      },
    ],
    [
      'type: integer over a string value',
      {
        break: (p) => addHints(p, ORDER_MODEL, '  /email:\n    type: integer\n'),
        stderr: (p) => [block(at(p, ORDER_MODEL, 'integer', { from: '  /email:' }), 'the hint on /email contradicts the sample spec/spiffy/samples/order.json', 'a value of type integer, as the hint says', `"jon@doe.ca" at ${inOrderSample(p, '/email', '"jon@doe.ca"')}`, CONTRADICTS_FIX), SUMMARY].join('\n'),
      },
    ],
    [
      'format: date over a date-time value',
      {
        break: (p) => addHints(p, ORDER_MODEL, '  /updated_at:\n    type: string\n    format: date\n'),
        stderr: (p) =>
          [
            block(at(p, ORDER_MODEL, 'format: date\n', { from: '  /updated_at:\n    type: string', shift: 'format: '.length }), 'the hint on /updated_at contradicts the sample spec/spiffy/samples/order.json', 'a date string (RFC 3339), as the hint says', `"2017-03-20T16:02:31-04:00" at ${inOrderSample(p, '/updated_at', '"2017', { from: '"updated_at"' })}`, CONTRADICTS_FIX),
            SUMMARY,
          ].join('\n'),
      },
    ],
    [
      'an enum on every item of an array: the first misfit, and how many more',
      {
        break: (p) => addHints(p, ORDER_MODEL, '  /line_items/*/title:\n    enum: [x]\n'),
        stderr: (p) =>
          [
            block(at(p, ORDER_MODEL, '[x]'), 'the hint on /line_items/*/title contradicts the sample spec/spiffy/samples/order.json', 'one of "x", as the hint says', `"IPod Nano - 8GB" at ${inOrderSample(p, '/line_items/0/title', '"IPod Nano - 8GB"')} (and 1 more value)`, CONTRADICTS_FIX),
            SUMMARY,
          ].join('\n'),
      },
    ],
    [
      'optional: false on a field one of the samples lacks',
      {
        break: (p) => {
          p.edit('spec/cratejoy/samples/shipment_2.json', (t) => t.replace('\n  "is_ecom": false,', ''));
          p.edit(SHIPMENT, (t) => t.replace('  /is_ecom:\n', '  /is_ecom:\n    optional: false\n'));
        },
        stderr: (p) =>
          [
            block(at(p, SHIPMENT, 'false', { from: '  /is_ecom:\n    optional: ' }), 'the hint on /is_ecom contradicts the sample spec/cratejoy/samples/shipment_2.json', 'a member "is_ecom", as the hint says', 'an object without it at / in spec/cratejoy/samples/shipment_2.json:1:1', CONTRADICTS_FIX),
            SUMMARY,
          ].join('\n'),
      },
    ],
    [
      'enum values of another type than the hint gives, on a field no sample shows',
      {
        break: (p) => addHints(p, ORDER_MODEL, '  /extra_field:\n    type: [string, "null"]\n    enum: [1, 2]\n'),
        stderr: (p) => [...enumValueBlocks(p, ORDER_MODEL, '/extra_field', [1, 2], 'string | null', 'type in this hint'), summary(2)].join('\n'),
      },
    ],
    [
      'format on an integer (a check that would check nothing)',
      {
        break: (p) => addHints(p, ORDER_MODEL, '  /total_weight:\n    type: integer\n    format: date-time\n'),
        stderr: (p) =>
          [block(at(p, ORDER_MODEL, 'format', { from: '  /total_weight:' }), '`format` applies to strings, and this schema allows none', '`format` next to `type: string` (or a type list with it)', 'type "integer"', 'remove `format`, or correct the type'), SUMMARY].join('\n'),
      },
    ],
    [
      'a pattern JavaScript cannot compile (once an internal error of the guards emitter)',
      {
        break: (p) => p.edit(ORDER_MODEL, (t) => t.replace('        name:\n          type: string\n', "        name:\n          type: string\n          pattern: '(unclosed'\n")),
        stderr: (p) =>
          [
            block(at(p, ORDER_MODEL, "'(unclosed'"), 'the pattern is not a regular expression JavaScript accepts', 'an ECMA-262 regular expression (the validators compile it with new RegExp)', '"(unclosed" (Invalid regular expression: /(unclosed/: Unterminated group)', 'correct the pattern (escape a literal ( [ { . * + ? with a backslash)'),
            SUMMARY,
          ].join('\n'),
      },
    ],
    [
      'a range that holds no value, and a minimum that is not a number',
      {
        break: (p) => addHints(p, ORDER_MODEL, '  /extra_count:\n    type: object\n    properties:\n      a: { type: integer, minimum: 10, maximum: 1 }\n      b: { type: integer, minimum: ten }\n'),
        stderr: (p) =>
          [
            block(at(p, ORDER_MODEL, '10', { from: '      a: {' }), 'the range holds no value: `minimum` is above `maximum`', 'a minimum of at most 1', '10', 'swap them, or correct the one the docs state differently'),
            block(at(p, ORDER_MODEL, 'ten'), '`minimum` must be a number', 'a finite number', '"ten"', 'write the documented minimum as a number'),
            summary(2),
          ].join('\n'),
      },
    ],
  ],
  'paths that leave the provider folder: refused, never read': [
    [
      'a sample path ../../../outside.json (the issue\'s own example)',
      {
        break: (p) => {
          p.write('outside.json', '{"secret": "must not be read"}');
          nameSample(p, '../../../outside.json');
        },
        stderr: (p) =>
          [block(at(p, ORDER_MODEL, '"../../../outside.json"'), 'the path "../../../outside.json" leaves the provider folder spec/spiffy/', OUTSIDE_EXPECTED('spiffy'), '"../../../outside.json"', 'copy the file into spec/spiffy/ and name it from there'), SUMMARY].join('\n'),
      },
    ],
    [
      'an api.yaml model sample (file#/pointer) outside the provider folder',
      {
        break: (p) => {
          p.write('outside.json', '{"webhook": {"id": 1}}');
          p.edit('spec/spiffy/api.yaml', (t) => t.replace('  Webhook:\n    description: >-\n', '  Webhook:\n    samples: ["../../outside.json#/webhook"]\n    description: >-\n'));
        },
        stderr: (p) =>
          [block(at(p, 'spec/spiffy/api.yaml', '"../../outside.json#/webhook"'), 'the path "../../outside.json" leaves the provider folder spec/spiffy/', OUTSIDE_EXPECTED('spiffy'), '"../../outside.json"', 'copy the file into spec/spiffy/ and name it from there'), SUMMARY].join('\n'),
      },
    ],
    [
      'an api.yaml request sample outside the provider folder',
      {
        break: (p) => p.edit('spec/spiffy/api.yaml', (t) => t.replace('request: api/webhooks.create.request.json', 'request: ../../../etc/passwd')),
        stderr: (p) =>
          [block(at(p, 'spec/spiffy/api.yaml', '../../../etc/passwd'), 'the path "../../../etc/passwd" leaves the provider folder spec/spiffy/', OUTSIDE_EXPECTED('spiffy'), '"../../../etc/passwd"', 'copy the file into spec/spiffy/ and name it from there'), SUMMARY].join('\n'),
      },
    ],
  ],
  'header names and values a request cannot carry': [
    [
      'a delivery header name with a space',
      {
        break: (p) => p.edit(SPIFFY, (t) => t.replace('    - name: X-Spiffy-Shop-Domain', '    - name: X-Spiffy Shop-Domain')),
        stderr: (p) => [block(at(p, SPIFFY, 'X-Spiffy Shop-Domain'), 'invalid HTTP header name', HEADER_NAME_EXPECTED, '"X-Spiffy Shop-Domain" (with " ")', HEADER_NAME_FIX), SUMMARY].join('\n'),
      },
    ],
    [
      'a header name with a quote, a comment end, ${…} and U+2028',
      {
        break: (p) => p.edit(SPIFFY, (t) => t.replace('    - name: X-Spiffy-Shop-Domain', '    - name: "X-Evil\\"*/${x}\\u2028"')),
        stderr: (p) => [block(at(p, SPIFFY, '"X-Evil'), 'invalid HTTP header name', HEADER_NAME_EXPECTED, '"X-Evil\\"*/${x}\u2028" (with "\\"")', HEADER_NAME_FIX), SUMMARY].join('\n'),
      },
    ],
    [
      'a topic header with a colon',
      {
        break: (p) => p.edit(SPIFFY, (t) => t.replace('    header: X-Spiffy-Topic', '    header: "X-Spiffy-Topic:"')),
        stderr: (p) => [block(at(p, SPIFFY, '"X-Spiffy-Topic:"'), 'invalid HTTP header name', HEADER_NAME_EXPECTED, '"X-Spiffy-Topic:" (with ":")', HEADER_NAME_FIX), SUMMARY].join('\n'),
      },
    ],
    [
      'a header example with CR LF (a second header injected into every test request)',
      {
        break: (p) => p.edit(SPIFFY, (t) => t.replace('      example: johns-apparel.spiffystores.com', '      example: "shop\\r\\nX-Injected: 1"')),
        stderr: (p) =>
          [
            block(at(p, SPIFFY, '"shop\\r\\n'), 'a header value must be printable ASCII', 'visible ASCII characters, spaces and tabs (what an HTTP header can carry)', '"shop\\r\\nX-Injected: 1" (with "\\r")', 'write the example as the header carries it (non-ASCII text percent-encoded, as the provider sends it)'),
            SUMMARY,
          ].join('\n'),
      },
    ],
    [
      'a topic sent in a header, with a line break in its name',
      {
        break: (p) => p.edit('spec/spiffy/topics.yaml', (t) => t.replace(/^topics:\n/m, 'topics:\n  "orders/evil\\nX-Injected: 1":\n    payload: [Order]\n')),
        stderr: (p) =>
          [
            block(at(p, 'spec/spiffy/topics.yaml', '"orders/evil\\n'), 'topic "orders/evil\\nX-Injected: 1" cannot arrive in the X-Spiffy-Topic header', 'a topic of printable ASCII without spaces around it (the provider sends it as a header value)', '"orders/evil\\nX-Injected: 1" (with "\\n")', 'write the topic exactly as the provider sends it in the header'),
            SUMMARY,
          ].join('\n'),
      },
    ],
  ],
  'prototype-named hint pointers: a field of that name or nothing, never Object.prototype': [
    ...(['__proto__', 'constructor', 'toString'] as const).map((name): [string, Case] => [
      `a hint /${name} when no sample has the field (once: ${name === '__proto__' ? 'an internal error after writing Object.prototype' : 'the hint applied to an inherited member, exit 0'})`,
      {
        break: (p) => addHints(p, ORDER_MODEL, `  /${name}:\n    description: polluted\n    nullable: true\n`),
        stderr: (p) => {
          const keys = Object.keys(JSON.parse(p.read(ORDER_SAMPLE)) as object).sort();
          const guess = closest(name, keys);
          return [
            block(at(p, ORDER_MODEL, `  /${name}:`, { shift: 2 }), `hint /${name} matches no field of Order`, `a field that the samples have at /: ${keys.slice(0, 12).join(', ')}, ...`, JSON.stringify(name), guess ? `did you mean /${guess}?` : 'correct the pointer, or add a sample that has this field'),
            SUMMARY,
          ].join('\n');
        },
      },
    ]),
  ],
};
const HEADER_NAME_EXPECTED = "a header name (RFC 9110 token): letters, digits and ! # $ % & ' * + - . ^ _ ` | ~";
const HEADER_NAME_FIX = 'write the header name as the docs print it, without spaces, quotes or separators';

describe.each(Object.entries(cases))('hostile spec, %s: a located problem, exit 1, nothing touched', (_group, list) => {
  it.each(list)('%s', async (_name, c) => {
    await expectRefused(c, 'typegen-hostile-rules-');
  });
});

// ---------------------------------------------------------------------------------------------
// One hostile but valid project: it must generate, import, type-check and run nothing injected.

/** Ends a string, a template, a comment, a script, an HTML tag or a Markdown line; runs code if evaluated. */
const HOSTILE = `q"s'b\`t\${globalThis.pwned=1}c*/e</script><img src=x onerror=globalThis.pwned=2><!--r\rl\u2028s\u2029[l](javascript:globalThis.pwned=3) | *x* \\ \n# h`;
/** The same, as a YAML double-quoted scalar (JSON's escapes, and the line separators escaped). */
const yq = (s: string): string => JSON.stringify(s).replace(/[\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`);
/** HOSTILE in what a header carries (printable ASCII): for a topic that arrives in a header, a header example. */
const ASCII_HOSTILE = `q"s'b\`t\${globalThis.pwned=1}c*/e</script><img src=x onerror=globalThis.pwned=2>[l](javascript:x)|*x*\\`;
/** A header name that is a valid token and still holds every token character a printer could trip on. */
const HEADER = "X-'`$|*^~!#&%";
const ROUTE_TOPICS = ['__proto__', 'constructor', 'toString', `hook/${HOSTILE}\ud800`];
const SPIFFY_TOPIC = `orders/${ASCII_HOSTILE}`;
const FIELD = `${HOSTILE}`;

function writeHostileValid(p: Project): void {
  // a provider id with '-': paths and strings only (spec/README.md, "Identifiers")
  renameSync(p.path('spec/lemonsqueezy'), p.path('spec/lemon-squeezy'));
  p.edit('spec/lemon-squeezy/provider.yaml', (t) => t.replace(/^provider: lemonsqueezy$/m, 'provider: lemon-squeezy'));
  // cratejoy learns its topics from the route: any text is a topic there
  p.edit('spec/cratejoy/topics.yaml', (t) =>
    t.replace(
      /^topics:\n/m,
      `topics:\n${ROUTE_TOPICS.map((n) => `  ${yq(n)}:\n    payload: [Customer]\n    resource: ${yq(`R ${HOSTILE}`)}\n    description: ${yq(`D ${HOSTILE}`)}\n    payloadProse: ${yq(`P ${HOSTILE}`)}\n    assumption: ${yq(`A ${HOSTILE}`)}\n`).join('')}`,
    ),
  );
  p.edit('spec/cratejoy/provider.yaml', (t) => t.replace(/^title: .*$/m, `title: ${yq(`Cratejoy ${HOSTILE}`)}`).replace(/^description: >-\n(?: {2}.*\n)+/m, `description: ${yq(`Provider ${HOSTILE}`)}\n`));
  // spiffy sends the topic in a header: printable ASCII there
  p.edit('spec/spiffy/topics.yaml', (t) => t.replace(/^topics:\n/m, `topics:\n  ${yq(SPIFFY_TOPIC)}:\n    payload: [Order]\n    description: ${yq(HOSTILE)}\n`));
  p.edit(SPIFFY, (t) =>
    t.replace('    - name: X-Spiffy-Shop-Domain', `    - name: ${yq(HEADER)}\n      description: ${yq(HOSTILE)}\n      example: ${yq(ASCII_HOSTILE)}\n      required: true\n    - name: X-Spiffy-Shop-Domain`),
  );
  p.edit(ORDER_MODEL, (t) => t.replace(/^description: .*$/m, `description: ${yq(`Order ${HOSTILE}`)}`));
  // prototype-named members of an api.yaml type (once lost: a plain assignment set the prototype)
  p.edit('spec/cratejoy/api.yaml', (t) => t.replace('        description: The error messages.\n    required: [errors]', '        description: The error messages.\n      __proto__: { type: string }\n      constructor: { type: integer }\n    required: [errors]'));
  // the client's TSDoc: the API's title and an operation's summary
  p.edit('spec/spiffy/api.yaml', (t) => t.replace(/^title: .*$/m, `title: ${yq(`API ${HOSTILE}`)}`).replace('    summary: Receive a list of all Webhooks', `    summary: ${yq(`List ${HOSTILE}`)}`));
  prependToSample(p, `"__proto__": {"a": 1}, "constructor": null, ${JSON.stringify(FIELD)}: "v",`);
  addHints(
    p,
    ORDER_MODEL,
    [
      `  /__proto__/a:\n    enum: [1, 2]\n    description: ${yq(`Proto ${HOSTILE}`)}`,
      `  /constructor:\n    type: [string, "null"]\n    description: ${yq(`Ctor ${HOSTILE}`)}`,
      `  /email:\n    enum: ["jon@doe.ca", ${yq(HOSTILE)}]\n    description: ${yq(`Email ${HOSTILE}`)}`,
      `  ${yq(`/${FIELD.replace(/~/g, '~0').replace(/\//g, '~1')}`)}:\n    description: ${yq(`Field ${HOSTILE}`)}`,
    ].join('\n'),
  );
}

/** Every file under `dir`, relative, sorted. */
function walk(dir: string, base = dir): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name), base) : [relative(base, join(dir, e.name))]))
    .sort();
}

/** Markdown without its fenced blocks and code spans: what a renderer reads as text and markup. */
function markdownText(md: string): string {
  const out: string[] = [];
  let fence: string | undefined;
  for (const line of md.split('\n')) {
    const open = /^(`{3,})/.exec(line)?.[1];
    if (fence) {
      if (open && line.trim() === fence) fence = undefined;
      continue;
    }
    if (open) {
      fence = open;
      continue;
    }
    out.push(withoutCodeSpans(line));
  }
  return out.join('\n');
}

/**
 * A line without its code spans, as CommonMark reads them: outside a span a backslash escapes
 * the next character (an escaped backtick opens nothing); a run of n backticks opens a span
 * that the next run of exactly n backticks closes (inside, backslashes are literal); a run
 * with no closing run is literal text.
 */
function withoutCodeSpans(line: string): string {
  let out = '';
  let i = 0;
  while (i < line.length) {
    const c = line.charAt(i);
    if (c === '\\') {
      out += line.slice(i, i + 2);
      i += 2;
      continue;
    }
    if (c !== '`') {
      out += c;
      i++;
      continue;
    }
    let n = 0;
    while (line.charAt(i + n) === '`') n++;
    const close = new RegExp(`(?<!\`)\`{${n}}(?!\`)`, 'g');
    close.lastIndex = i + n;
    const m = close.exec(line);
    if (m) i = m.index + n;
    else {
      out += '`'.repeat(n);
      i += n;
    }
  }
  return out;
}

describe('a hostile but valid spec: generates, imports, type-checks, runs nothing injected', () => {
  let p: Project;
  let result: { code: number; stdout: string; stderr: string };
  const g = (rel: string) => pathToFileURL(p.path(`generated/${rel}`)).href;

  beforeAll(async () => {
    p = copyProject({ prefix: 'typegen-hostile-valid-' });
    writeHostileValid(p);
    delete (globalThis as { pwned?: unknown }).pwned;
    result = await runInProcess(p, []);
  }, 180_000);
  afterAll(() => p?.cleanup());

  it('generates (exit 0, nothing on stderr), with the provider id lemon-squeezy as a folder and an export', () => {
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const pkg = JSON.parse(p.read('generated/package.json')) as { exports: Record<string, unknown> };
    expect(pkg.exports['./lemon-squeezy']).toEqual({ types: './lemon-squeezy/index.d.ts', default: './lemon-squeezy/index.js' });
    expect(readdirSync(p.path('generated'))).toContain('lemon-squeezy');
  });

  it('every emitted module imports without running anything injected', async () => {
    const modules = walk(p.path('generated')).filter((f) => f.endsWith('.js'));
    expect(modules.length).toBeGreaterThan(20);
    for (const m of modules) await import(g(m));
    expect((globalThis as { pwned?: unknown }).pwned).toBeUndefined();
  });

  it('the declarations type-check (strict), with a consumer of the hostile names', () => {
    const topic = JSON.stringify(SPIFFY_TOPIC);
    writeFileSync(
      p.path('consumer.ts'),
      [
        `import { validateLemonSqueezyPayload, type LemonSqueezyTopic } from './generated/lemon-squeezy/index.js';`,
        `import { createCratejoyReceiver, type CratejoyPayload, type CratejoyTopic } from './generated/cratejoy/index.js';`,
        `import { buildSpiffyTestRequest, type SpiffyPayload, type Order } from './generated/spiffy/index.js';`,
        `import { toMatchWebhookShape } from './generated/testing.js';`,
        `declare const v: unknown;`,
        `const t: LemonSqueezyTopic = 'order_created';`,
        `const r = validateLemonSqueezyPayload(t, v);`,
        `const route: CratejoyTopic[] = [${ROUTE_TOPICS.slice(0, 3).map((n) => JSON.stringify(n)).join(', ')}];`,
        `declare const c: CratejoyPayload<'__proto__'>;`,
        `declare const o: SpiffyPayload<${topic}>;`,
        `const proto: 1 | 2 | null | undefined = o.__proto__?.a;`,
        `const email: Order['email'] = ${JSON.stringify(HOSTILE)};`,
        `const field: string | null | undefined = o[${JSON.stringify(FIELD)}];`,
        `void toMatchWebhookShape(v, 'lemon-squeezy', 'order_created');`,
        `void buildSpiffyTestRequest({ topic: ${topic}, payload: o });`,
        `void r; void route; void c; void proto; void email; void field; void createCratejoyReceiver;`,
        '',
      ].join('\n'),
    );
    writeFileSync(p.path('tsconfig.json'), JSON.stringify({ compilerOptions: { target: 'es2022', module: 'nodenext', moduleResolution: 'nodenext', lib: ['es2022'], types: [], strict: true, exactOptionalPropertyTypes: true, noUncheckedIndexedAccess: true, noEmit: true, skipLibCheck: false }, include: ['generated/**/*.d.ts', 'consumer.ts'] }));
    const tsc = spawnSync(join(REPO_ROOT, 'node_modules', '.bin', 'tsc'), ['-p', p.path('tsconfig.json')], { encoding: 'utf8', cwd: p.root, timeout: 300_000 });
    if (tsc.error) throw tsc.error;
    expect(`${tsc.stdout}${tsc.stderr}`).toBe('');
    expect(tsc.status).toBe(0);
  }, 300_000);

  it('prototype-named topics and fields are ordinary ones in the validators, fixtures and types', async () => {
    const cj = (await import(g('cratejoy/index.js'))) as Record<string, unknown> & { cratejoyTopics: string[]; customerFixture: { sample(): unknown }; validateCratejoyPayload(t: string, v: unknown): { ok: boolean } };
    const customer = cj.customerFixture.sample();
    for (const t of ROUTE_TOPICS) {
      expect(cj.cratejoyTopics).toContain(t);
      expect(cj.validateCratejoyPayload(t, customer).ok).toBe(true);
    }
    expect(cj.validateCratejoyPayload('valueOf', customer).ok).toBe(false);
    const sp = (await import(g('spiffy/index.js'))) as { orderFixture: { sample(): Record<string, unknown> }; validateOrder(v: unknown): { ok: boolean; issues?: { path: string }[] } };
    const order = sp.orderFixture.sample();
    expect(Object.hasOwn(order, '__proto__')).toBe(true);
    expect(Object.hasOwn(order, FIELD)).toBe(true);
    expect(sp.validateOrder(order).ok).toBe(true);
    const wrong = JSON.parse(JSON.stringify(order).replace('"__proto__":{"a":1}', '"__proto__":{"a":3}')) as unknown;
    expect(sp.validateOrder(wrong)).toMatchObject({ ok: false, issues: [{ path: '/__proto__/a' }] });
    expect(sp.validateOrder({ ...order, email: HOSTILE }).ok).toBe(true);
    expect(({} as { a?: unknown }).a).toBeUndefined();
    const errorBody = /export interface CratejoyErrors \{[^}]*\}/.exec(p.read('generated/cratejoy/client.d.ts'))?.[0] ?? '';
    expect(errorBody).toContain("  ['__proto__']?: string;\n");
    expect(errorBody).toContain('  constructor?: number;\n');
  });

  it('a signed test request with the hostile topic and header arrives at the receiver as sent', async () => {
    const sp = (await import(g('spiffy/index.js'))) as {
      orderFixture: { sample(): unknown };
      buildSpiffyTestRequest(o: { topic: string; payload: unknown; secret?: string }): Promise<{ headers: Record<string, string>; body: string | Uint8Array }>;
      createSpiffyReceiver(o: { secrets: string[] }): { receive(i: { headers: Record<string, string>; body: string | Uint8Array }): Promise<{ ok: boolean; topic?: string; valid?: boolean }> };
    };
    const req = await sp.buildSpiffyTestRequest({ topic: SPIFFY_TOPIC, payload: sp.orderFixture.sample(), secret: 'test-secret' });
    expect(Object.entries(req.headers).find(([k]) => k.toLowerCase() === HEADER.toLowerCase())?.[1]).toBe(ASCII_HOSTILE);
    const r = await sp.createSpiffyReceiver({ secrets: ['test-secret'] }).receive({ headers: req.headers, body: typeof req.body === 'string' ? Buffer.from(req.body) : req.body });
    expect(r).toMatchObject({ ok: true, topic: SPIFFY_TOPIC, valid: true });
  });

  it('the testing matchers know the provider id lemon-squeezy', async () => {
    const testing = (await import(g('testing.js'))) as { toMatchWebhookShape(v: unknown, provider: string, topic: string): { pass: boolean } };
    const ls = (await import(g('lemon-squeezy/index.js'))) as { lemonSqueezyFixture(topic: string): { sample(): unknown } };
    expect(testing.toMatchWebhookShape(ls.lemonSqueezyFixture('order_created').sample(), 'lemon-squeezy', 'order_created').pass).toBe(true);
  });

  it('the Markdown catalogs and README show spec text as text: no raw HTML, link or heading outside code', () => {
    const docs = walk(p.path('generated')).filter((f) => f.endsWith('.md'));
    expect(docs).toEqual(expect.arrayContaining(['README.md', 'catalog/cratejoy.md', 'catalog/lemon-squeezy.md', 'catalog/spiffy.md']));
    for (const f of docs) {
      // the generator's own banner comment is the one piece of HTML it writes
      const text = markdownText(p.read(`generated/${f}`).replace(/^<!-- Generated by webhook-typegen[^\n]*? -->\n/, ''));
      const lines = text.split('\n');
      expect(lines.filter((l) => /<[A-Za-z!/]/.test(l)), f).toEqual([]);
      expect(lines.filter((l) => /(?<!\\)\]\(javascript:/.test(l)), f).toEqual([]);
      expect(lines.filter((l) => /[\r\u2028\u2029]/.test(l)), f).toEqual([]);
    }
    const cratejoy = p.read('generated/catalog/cratejoy.md');
    // the topic names are shown, in code spans
    for (const t of ROUTE_TOPICS.slice(0, 3)) expect(cratejoy).toContain(`\`${t}\``);
    // a line break in spec text never starts a line (a heading `# h`, a list, a table row) of its own
    expect(markdownText(cratejoy).split('\n').filter((l) => /^\s*# h/.test(l))).toEqual([]);
  });

  it('the HTML catalog holds no element, script, comment or handler from the spec: only the tags of the plain page', () => {
    const html = p.read('generated/catalog/index.html');
    const plain = readFileSync(join(REPO_ROOT, 'generated', 'catalog', 'index.html'), 'utf8');
    const tags = (t: string) => new Set([...t.matchAll(/<([A-Za-z][A-Za-z0-9-]*)/g)].map((m) => m[1]));
    expect([...tags(html)].filter((t) => !tags(plain).has(t))).toEqual([]);
    expect(html).toContain('&lt;img src=x onerror=globalThis.pwned=2&gt;');
    // every start tag parses as name + attributes (values quoted), and no attribute is a handler
    const starts = html.match(/<[A-Za-z]/g)?.length ?? 0;
    const parsed = [...html.matchAll(/<([A-Za-z][A-Za-z0-9-]*)((?:\s+[^\s=>"'/]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>"']+))?)*)\s*\/?>/g)];
    expect(parsed.length).toBe(starts);
    const attributes = parsed.flatMap((m) => [...(m[2] ?? '').matchAll(/\s+([^\s=>"'/]+)(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>"']+))?/g)].map((a) => a[1] ?? ''));
    expect(attributes.filter((a) => /^on/i.test(a))).toEqual([]);
    for (const marker of ['<script', '</script>', '<!--']) expect(html.split(marker).length, marker).toBe(plain.split(marker).length);
  });
});

// keeps the hostile text honest: every piece the cases above rely on is in it
it('HOSTILE holds every piece the valid-project cases rely on', () => {
  for (const piece of ['"', "'", '`', '${', '*/', '</script>', '<img', '<!--', '\r', '\n', '\u2028', '\u2029', '](javascript:', '|', '*x*', '\\', '# h']) expect(HOSTILE).toContain(piece);
  expect(readFileSync(join(REPO_ROOT, 'spec', 'README.md'), 'utf8')).toContain('### Identifiers');
});
