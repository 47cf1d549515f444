/**
 * Emitter: the shared runtime of the generated package (lossless JSON, validation, receiving,
 * fixtures, shapes, the API client, XML bodies), copied from its compiled TypeScript in dist/runtime/.
 * package.json, the README and the root index/testing modules are emitted by root.ts.
 */
import { readFileSync } from 'node:fs';
import { banner } from '../print/print.js';
import { packagePath } from '../util/paths.js';
import type { GenModel } from '../model/types.js';

export { PACKAGE_NAME, PACKAGE_VERSION } from './root.js';

/** The runtime modules every package ships (runtime/<name>.ts); `client` only with an API. */
const RUNTIME_MODULES = ['fixtures', 'json', 'receive', 'shape', 'validate', 'webhooks'];

/**
 * One runtime module as the package ships it: tsc's output for runtime/<name>.ts
 * (dist/runtime/<name>.js and .d.ts, built by `npm run build`; the launcher rebuilds when
 * runtime/ changed) under the do-not-edit banner.
 */
function runtimeModule(name: string): [string, string][] {
  const source = `runtime/${name}.ts`;
  return ['js', 'd.ts'].map((ext): [string, string] => {
    const compiled = `dist/runtime/${name}.${ext}`;
    let text: string;
    try {
      text = readFileSync(packagePath(compiled), 'utf8');
    } catch (error) {
      const found = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no file' : String(error);
      throw new Error(`${compiled}: expected the compiled ${source}, found ${found}: run \`npm run build\``);
    }
    return [`runtime/${name}.${ext}`, `${banner([source])}\n\n${text}`];
  });
}

/** The runtime files of the package, with the API client's only when a provider has an api.yaml, the XML body reader's only when a provider delivers XML. */
export function emitPackage(model: GenModel): [string, string][] {
  return [
    ...RUNTIME_MODULES.flatMap(runtimeModule),
    ...(model.providers.some((p) => p.api) ? runtimeModule('client') : []),
    ...(model.providers.some((p) => p.delivery.formats?.some((f) => f.format === 'xml')) ? runtimeModule('xml') : []),
  ];
}
