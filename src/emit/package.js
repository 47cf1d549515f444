// @ts-check
/**
 * Emitter: the package around the per-provider modules: package.json, root index, README and
 * testing entry from Handlebars templates in templates/ (the text is mostly fixed, the model
 * fills in names), and the shared runtime (lossless JSON, validation, receiving, fixtures,
 * shapes, API clients), copied from its compiled TypeScript in dist/runtime/.
 */
import { readFileSync } from 'node:fs';
import { banner, formatCode } from '../print/print.js';
import { packagePath } from '../util/paths.js';

/** @typedef {import('../model/types.js').GenModel} GenModel */
/** @typedef {import('../model/types.js').ProviderModel} ProviderModel */

export const PACKAGE_NAME = '@webhook-typegen/generated';
export const PACKAGE_VERSION = '0.1.0';

/** The runtime modules every package ships (runtime/<name>.ts); `client` only with an API. */
const RUNTIME_MODULES = ['fixtures', 'json', 'receive', 'shape', 'validate'];

/**
 * One runtime module as the package ships it: tsc's output for runtime/<name>.ts
 * (dist/runtime/<name>.js and .d.ts, built by `npm run build`; the launcher rebuilds when
 * runtime/ changed) under the do-not-edit banner.
 * @param {string} name
 * @returns {[string, string][]}
 */
function runtimeModule(name) {
  const source = `runtime/${name}.ts`;
  return ['js', 'd.ts'].map((ext) => {
    const compiled = `dist/runtime/${name}.${ext}`;
    let text;
    try {
      text = readFileSync(packagePath(compiled), 'utf8');
    } catch (error) {
      const found = /** @type {NodeJS.ErrnoException} */ (error).code === 'ENOENT' ? 'no file' : String(error);
      throw new Error(`${compiled}: expected the compiled ${source}, found ${found}: run \`npm run build\``);
    }
    return /** @type {[string, string]} */ ([`runtime/${name}.${ext}`, `${banner([source])}\n\n${text}`]);
  });
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
  return [
    ['package.json', JSON.stringify(JSON.parse(template('package.json.hbs')(ctx)), null, 2) + '\n'],
    ['README.md', template('README.md.hbs')(ctx)],
    ['index.js', formatCode(template('index.js.hbs')({ ...ctx, banner: banner(specFiles) }))],
    ['index.d.ts', formatCode(template('index.d.ts.hbs')({ ...ctx, banner: banner(specFiles) }))],
    ['testing.js', formatCode(template('testing.js.hbs')({ ...ctx, banner: banner(specFiles) }))],
    ['testing.d.ts', formatCode(template('testing.d.ts.hbs')({ ...ctx, banner: banner(specFiles) }))],
    ...RUNTIME_MODULES.flatMap(runtimeModule),
    // the API clients' runtime, when a provider has an api.yaml
    ...(model.providers.some((p) => p.api) ? runtimeModule('client') : []),
  ];
}
