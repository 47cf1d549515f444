// shapeOf (runtime/shape.ts): one line per JSON pointer with the JSON types seen there, array
// items merged under `*`, independent of values and key order.

import { describe, expect, it } from 'vitest';
import { shapeOf } from '../../runtime/shape.js';

describe('shapeOf', () => {
  it('lists every pointer with its types, items merged, sorted', () => {
    const shape = shapeOf({ id: 1, price: '1.50', line_items: [{ qty: 1 }, { qty: 2.5, note: null }], 'a/b': { '~': true } });
    expect(shape).toBe(
      ['/: object', '/a~1b: object', '/a~1b/~0: boolean', '/id: integer', '/line_items: array', '/line_items/*: object', '/line_items/*/note: null', '/line_items/*/qty: integer | number', '/price: string'].join('\n'),
    );
  });

  it('does not depend on values or key order', () => {
    expect(shapeOf({ a: 1, b: ['x'] })).toBe(shapeOf({ b: ['y', 'z'], a: 2 }));
  });

  it('a scalar or an empty array is one line', () => {
    expect(shapeOf('x')).toBe('/: string');
    expect(shapeOf([])).toBe('/: array');
  });
});
