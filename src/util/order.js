// @ts-check
/**
 * The one ordering chokepoint: every emitter iterates maps and sets through these helpers,
 * so output never depends on YAML key order, file-system order or insertion order.
 */

/** Locale-independent string comparison (code-unit order), so every machine sorts alike. */
export function compareStrings(/** @type {string} */ a, /** @type {string} */ b) {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Entries of an object or Map, sorted by key.
 * @template T
 * @param {Record<string, T> | Map<string, T>} obj
 * @returns {[string, T][]}
 */
export function sortedEntries(obj) {
  const entries = obj instanceof Map ? [...obj.entries()] : Object.entries(obj);
  return entries.sort((a, b) => compareStrings(a[0], b[0]));
}

/**
 * Values sorted by a string key.
 * @template T
 * @param {Iterable<T>} items
 * @param {(item: T) => string} key
 * @returns {T[]}
 */
export function sortedBy(items, key) {
  return [...items].sort((a, b) => compareStrings(key(a), key(b)));
}
