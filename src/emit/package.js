// @ts-check
/**
 * Emitter: the shared runtimes of the generated package (lossless JSON, validation, receiving,
 * fixtures, shapes, the API client), from templates/runtime-*. package.json, the README and the
 * root index/testing modules are emitted by root.ts.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { banner, formatCode } from '../print/print.js';
import { packagePath } from '../util/paths.js';

/** @typedef {import('../model/types.js').GenModel} GenModel */
/** @typedef {import('../model/types.js').ProviderModel} ProviderModel */

export { PACKAGE_NAME, PACKAGE_VERSION } from './root.js';

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
  const runtimeBanner = banner(['templates/runtime-json.js.hbs']);
  return [
    ['runtime/json.js', formatCode(template('runtime-json.js.hbs')({ banner: runtimeBanner, lossless: losslessSource() }))],
    ['runtime/json.d.ts', formatCode(template('runtime-json.d.ts.hbs')({ banner: runtimeBanner }))],
    ['runtime/fixtures.js', formatCode(template('runtime-fixtures.js.hbs')({ banner: banner(['templates/runtime-fixtures.js.hbs']) }))],
    ['runtime/fixtures.d.ts', formatCode(template('runtime-fixtures.d.ts.hbs')({ banner: banner(['templates/runtime-fixtures.d.ts.hbs']) }))],
    ['runtime/shape.js', formatCode(template('runtime-shape.js.hbs')({ banner: banner(['templates/runtime-shape.js.hbs']) }))],
    ['runtime/shape.d.ts', formatCode(template('runtime-shape.d.ts.hbs')({ banner: banner(['templates/runtime-shape.d.ts.hbs']) }))],
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
