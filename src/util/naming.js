// @ts-check
/**
 * The one naming function family. Every generated identifier comes from a stable id
 * (a topic string, a model name, a JSON path), never from inference.
 */

const WORD = /[A-Za-z0-9]+/g;

/** `widgets/create` → `WidgetsCreate`, `widget_part_removed` → `WidgetPartRemoved`. */
export function pascalCase(/** @type {string} */ id) {
  const words = id.match(WORD) ?? [];
  return words.map((w) => w[0].toUpperCase() + w.slice(1)).join('');
}

/** `Acme` → `acme`, `WidgetsCreate` → `widgetsCreate`. */
export function camelCase(/** @type {string} */ id) {
  const p = pascalCase(id);
  return p.length === 0 ? p : p[0].toLowerCase() + p.slice(1);
}

/**
 * English singular of a property name that holds an array, for the item type's name
 * (`line_items` → `line_item`, `addresses` → `address`, `properties` → `property`).
 * Deliberately small: a wrong guess is fixed with a `name:` hint, not with more rules.
 */
export function singular(/** @type {string} */ word) {
  if (/ies$/i.test(word)) return word.slice(0, -3) + 'y';
  if (/(ss|sh|ch|x|z)es$/i.test(word)) return word.slice(0, -2);
  if (/(ss|us|is)$/i.test(word)) return word;
  if (/s$/i.test(word)) return word.slice(0, -1);
  return word;
}

/** Name of the payload type of a topic: `widgets/create` → `WidgetsCreatePayload`. */
export function topicTypeName(/** @type {string} */ topic) {
  return `${pascalCase(topic)}Payload`;
}

/**
 * Name of a nested object type: the owner's type name plus the property (singular when the
 * object is an array item): `Order` + `line_items` (item) → `OrderLineItem`.
 */
export function nestedTypeName(/** @type {string} */ owner, /** @type {string} */ property, /** @type {boolean} */ isItem) {
  return owner + pascalCase(isItem ? singular(property) : property);
}

/**
 * Names of the provider-level runtime exports of `generated/<id>/index.js`, from the
 * provider's typePrefix: `Acme` → `acmeTopics`, `acmeFixture`, `buildAcmeTestRequest`.
 * Tools that call the generated code (trigger) find its functions by these names.
 * @param {string} typePrefix
 */
export function providerExportNames(typePrefix) {
  const valuePrefix = camelCase(typePrefix);
  return {
    /** prefix of runtime identifiers (`acme`) */
    valuePrefix,
    /** the topic list */
    topics: `${valuePrefix}Topics`,
    /** the per-topic fixture factory */
    fixture: `${valuePrefix}Fixture`,
    /** the signed test-request builder */
    buildTestRequest: `build${pascalCase(typePrefix)}TestRequest`,
  };
}
