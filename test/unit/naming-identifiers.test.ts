// Names derived from spec text are always identifiers: naming maps what the loader lets through.
import { describe, expect, it } from 'vitest';
import { bindingName, isIdentifier, iteratorName, parameterName, topicTypeName } from '../../src/util/naming.js';

describe('names that must be identifiers', () => {
  it.each([
    ['orders/create', 'OrdersCreatePayload'],
    ['2fa/enabled', 'Topic2faEnabledPayload'],
    ['"\'`${x}*/</script>\r\u2028\ud800', 'XScriptPayload'],
  ])('topic %j → %s', (topic, want) => {
    expect(topicTypeName(topic)).toBe(want);
    expect(isIdentifier(topicTypeName(topic))).toBe(true);
  });

  it.each([
    ['hook_id', 'hookId'],
    ['class', '_class'],
    ['_1', '_1'],
    ['default', '_default'],
  ])('path placeholder %s → parameter %s', (name, want) => {
    expect(parameterName(name)).toBe(want);
    expect(isIdentifier(parameterName(name))).toBe(true);
  });

  it('a binding name is the name itself when it can be one', () => {
    expect(bindingName('acme')).toBe('acme');
    expect(bindingName('delete')).toBe('_delete');
    expect(bindingName('a-b')).toBe('_a_b');
  });

  it('iterators', () => {
    expect(iteratorName('listWebhooks')).toBe('iterateWebhooks');
    expect(iteratorName('hooks')).toBe('iterateHooks');
  });
});
