/**
 * Property access by a name that comes from the spec or a sample. Such a name may be
 * `__proto__`, `constructor` or `toString`: a plain `obj[name]` would read Object.prototype's
 * member, and a plain assignment of `__proto__` would replace the object's prototype instead of
 * adding a field. These two helpers treat every name as an ordinary own property.
 */

/** The own property `key` of `obj`, or undefined (never an inherited member). */
export function own<T>(obj: Readonly<Record<string, T>> | undefined, key: string): T | undefined {
  return obj !== undefined && Object.hasOwn(obj, key) ? obj[key] : undefined;
}

/** Sets the own property `key` of `obj` (a key `__proto__` becomes a field, the prototype stays). */
export function setOwn<T>(obj: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}
