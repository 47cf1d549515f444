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

/**
 * Name of the payload type of a topic: `widgets/create` → `WidgetsCreatePayload`. A topic is
 * any text: one that starts with a digit gets `Topic` in front (`2fa/enabled` →
 * `Topic2faEnabledPayload`), so the name is always an identifier.
 */
export function topicTypeName(/** @type {string} */ topic) {
  const p = pascalCase(topic);
  return `${/^[0-9]/.test(p) ? 'Topic' : ''}${p}Payload`;
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const RESERVED = new Set(
  ('break case catch class const continue debugger default delete do else enum export extends false finally for function if import in ' +
    'instanceof new null return super switch this throw true try typeof var void while with as implements interface let package private ' +
    'protected public static yield await').split(' '),
);

/** True when `name` can be written as a bare identifier (a variable, a parameter, a namespace). */
export function isIdentifier(/** @type {string} */ name) {
  return IDENTIFIER.test(name) && !RESERVED.has(name);
}

/**
 * A name that must be a binding identifier (a parameter, a namespace export): the name itself
 * when it is one, else with `_` in front (`class` → `_class`, `1st` → `_1st`).
 */
export function bindingName(/** @type {string} */ name) {
  return isIdentifier(name) ? name : `_${name.replace(/[^A-Za-z0-9_$]/g, '_')}`;
}

/** The parameter of a path placeholder: `hook_id` → `hookId` (a binding name, see {@link bindingName}). */
export function parameterName(/** @type {string} */ placeholder) {
  return bindingName(placeholder.replace(/_([a-z0-9])/g, (_m, c) => c.toUpperCase()));
}

/** The client method that walks the pages of a list operation: `listWebhooks` → `iterateWebhooks`; `hooks` → `iterateHooks`. */
export function iteratorName(/** @type {string} */ op) {
  const rest = op.startsWith('list') && /^[A-Z]/.test(op.slice(4)) ? op.slice(4) : op[0].toUpperCase() + op.slice(1);
  return `iterate${rest}`;
}

/**
 * Name of a nested object type: the owner's type name plus the property (singular when the
 * object is an array item): `Order` + `line_items` (item) → `OrderLineItem`.
 */
export function nestedTypeName(/** @type {string} */ owner, /** @type {string} */ property, /** @type {boolean} */ isItem) {
  return owner + pascalCase(isItem ? singular(property) : property);
}
