// @ts-check
/** Emitter: per-provider webhook receiving (placeholder until the receive emitter lands). */
import { banner } from '../print.js';

/** @typedef {import('../types.js').ProviderModel} ProviderModel */

/**
 * @param {ProviderModel} p
 * @returns {[string, string][]}
 */
export function emitReceive(p) {
  const b = banner([`${p.specDir}/provider.yaml`]);
  return [
    [`${p.id}/receive.js`, `${b}\n\nexport {};\n`],
    [`${p.id}/receive.d.ts`, `${b}\n\nexport {};\n`],
  ];
}
