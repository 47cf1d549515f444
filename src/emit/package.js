// @ts-check
/**
 * Emitter: the package around the per-provider modules (package.json, root index, README,
 * the shared runtimes: lossless JSON, validation, receiving), from Handlebars templates in templates/: the text is
 * mostly fixed, the model fills in names.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { banner, formatCode } from '../print/print.js';
import { packagePath } from '../util/paths.js';

/** @typedef {import('../model/types.js').GenModel} GenModel */
/** @typedef {import('../model/types.js').ProviderModel} ProviderModel */

export const PACKAGE_NAME = '@webhook-typegen/generated';
export const PACKAGE_VERSION = '0.1.0';

/**
 * The lossless parser's source: one file, used by the generator itself (drift) and copied
 * into the generated runtime, so both parse captures the same way.
 */
function losslessSource() {
  return readFileSync(packagePath('src', 'model', 'lossless.js'), 'utf8')
    .split('\n')
    .filter((l) => !l.startsWith('// @ts-nocheck'))
    .join('\n');
}

/**
 * @param {GenModel} model
 * @param {(name: string) => (context: object) => string} template compiled template by file name
 * @returns {[string, string][]}
 */
export function emitPackage(model, template) {
  const providers = model.providers.map((p) => ({
    id: p.id,
    title: p.title,
    typePrefix: p.typePrefix,
    valuePrefix: p.valuePrefix,
    parseName: `parse${p.typePrefix}Body`,
    receiverName: `create${p.typePrefix}Receiver`,
    clientName: p.api ? `create${p.typePrefix}Client` : '',
    clientOperations: p.api ? p.api.operations.map((o) => `\`${o.name}\``).join(', ') : '',
    signatureProse:
      p.delivery.signature === 'none'
        ? 'none documented (pass a `verify` hook for a check of your own)'
        : `\`${p.delivery.signature.header}\`, verified over ${p.delivery.signature.signed === 'raw-body' ? 'the raw body' : `\`${p.delivery.signature.signed}\` ({body}: the raw body bytes)`}${p.delivery.signature.tolerance !== undefined ? `, its timestamp within ${p.delivery.signature.tolerance} s` : ''}`,
    topicCount: p.topics.length,
    undocumentedCount: p.topics.filter((t) => t.undocumented).length,
    modelNames: p.models.filter((m) => !p.api?.models.includes(m.name)).map((m) => m.typeName).join(', '),
    exampleTopic: p.topics.find((t) => !t.undocumented)?.topic ?? p.topics[0]?.topic ?? '',
    topicSource: 'header' in p.delivery.topic ? `the \`${p.delivery.topic.header}\` header` : 'field' in p.delivery.topic ? `the body field \`${p.delivery.topic.field}\`` : 'the route you registered the hook with (one URL per event)',
    bodyEncoding: `${p.delivery.body === 'json-string' ? 'a JSON string holding the JSON payload (decoded for you)' : 'JSON'}${p.delivery.envelope ? `, an envelope with the payload at \`${p.delivery.envelope.payload}\`` : ''}`,
  }));
  const ctx = {
    packageName: PACKAGE_NAME,
    version: PACKAGE_VERSION,
    providers,
    providerTitles: model.providers.map((p) => p.title).join(' and '),
  };
  const specFiles = model.providers.map((p) => `${p.specDir}/provider.yaml`);
  const runtimeBanner = banner(['templates/runtime-json.js.hbs']);
  return [
    ['package.json', JSON.stringify(JSON.parse(template('package.json.hbs')(ctx)), null, 2) + '\n'],
    ['README.md', template('README.md.hbs')(ctx)],
    ['index.js', formatCode(template('index.js.hbs')({ ...ctx, banner: banner(specFiles) }))],
    ['index.d.ts', formatCode(template('index.d.ts.hbs')({ ...ctx, banner: banner(specFiles) }))],
    ['runtime/json.js', formatCode(template('runtime-json.js.hbs')({ banner: runtimeBanner, lossless: losslessSource() }))],
    ['runtime/json.d.ts', formatCode(template('runtime-json.d.ts.hbs')({ banner: runtimeBanner }))],
    ['runtime/fixtures.js', formatCode(template('runtime-fixtures.js.hbs')({ banner: banner(['templates/runtime-fixtures.js.hbs']) }))],
    ['runtime/fixtures.d.ts', formatCode(template('runtime-fixtures.d.ts.hbs')({ banner: banner(['templates/runtime-fixtures.d.ts.hbs']) }))],
    ['runtime/shape.js', formatCode(template('runtime-shape.js.hbs')({ banner: banner(['templates/runtime-shape.js.hbs']) }))],
    ['runtime/shape.d.ts', formatCode(template('runtime-shape.d.ts.hbs')({ banner: banner(['templates/runtime-shape.d.ts.hbs']) }))],
    ['testing.js', formatCode(template('testing.js.hbs')({ ...ctx, banner: banner(specFiles) }))],
    ['testing.d.ts', formatCode(template('testing.d.ts.hbs')({ ...ctx, banner: banner(specFiles) }))],
    ['runtime/validate.js', formatCode(template('runtime-validate.js.hbs')({ banner: banner(['templates/runtime-validate.js.hbs']) }))],
    ['runtime/validate.d.ts', formatCode(template('runtime-validate.d.ts.hbs')({ banner: banner(['templates/runtime-validate.d.ts.hbs']) }))],
    ['runtime/receive.js', formatCode(template('runtime-receive.js.hbs')({ banner: banner(['templates/runtime-receive.js.hbs']) }))],
    ['runtime/receive.d.ts', formatCode(template('runtime-receive.d.ts.hbs')({ banner: banner(['templates/runtime-receive.d.ts.hbs']) }))],
    // the API clients' runtime, when a provider has an api.yaml
    ...(/** @type {[string, string][]} */ (
      model.providers.some((p) => p.api)
        ? [
            ['runtime/client.js', formatCode(template('runtime-client.js.hbs')({ banner: banner(['templates/runtime-client.js.hbs']) }))],
            ['runtime/client.d.ts', formatCode(template('runtime-client.d.ts.hbs')({ banner: banner(['templates/runtime-client.d.ts.hbs']) }))],
          ]
        : []
    )),
  ];
}
