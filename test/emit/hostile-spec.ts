/**
 * A copy of test/fixtures/spec/acme whose spec text is hostile: the provider title,
 * descriptions, topic names, field names, enum values, hint descriptions, a pattern, header examples and a
 * sample folder name contain quotes, a backtick, `${x}`, `*\/`, `</script>`, a carriage return,
 * U+2028 and a lone surrogate. Used by test/emit/injection.test.ts.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';
import { escapeToken } from '../../src/util/pointer.js';

/** Every hostile piece at once. Each would end a literal, a comment, a script or a line. */
export const HOSTILE = `q"s'b\`t\${globalThis.pwned=1}c*/e</script>r\rl\u2028s\ud800z`;

/** A regular expression that is also hostile text (a tag matches it, or is lower-case letters). */
export const PATTERN = '^(?:q"s\'b`t\\$\\{x\\}c\\*/e</script>)?[a-z]*$';

/** HOSTILE without the characters a file name cannot hold (`/`; a lone surrogate is not UTF-8). */
const FOLDER = [`q"s'b\`t\${globalThis.pwned=1}c*`, `e<`, `script>\r\u2028*`];

const ACME = fileURLToPath(new URL('../fixtures/spec/acme', import.meta.url));

type Doc = Record<string, unknown>;

/** `value` as a YAML map (the fixture's shape; anything else is a broken fixture). */
function map(value: unknown): Doc {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error(`test setup: expected a map, found ${JSON.stringify(value)}`);
  return value as Doc;
}

function list(value: unknown): unknown[] {
  if (!Array.isArray(value)) throw new Error(`test setup: expected a list, found ${JSON.stringify(value)}`);
  return value;
}

function editYaml(file: string, change: (doc: Doc) => void): void {
  const doc = map(YAML.parse(readFileSync(file, 'utf8')));
  change(doc);
  writeFileSync(file, YAML.stringify(doc));
}

/** Adds members at the top of a JSON sample, as text: a parse and re-stringify would round 64-bit ids. */
function addJsonMembers(file: string, members: Record<string, unknown>): void {
  const text = readFileSync(file, 'utf8');
  const added = Object.entries(members).map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)},`).join('\n');
  writeFileSync(file, text.replace(/^\{/, `{\n${added}`));
}

/** Writes the hostile spec under a fresh temp folder; returns the project root (holding spec/acme). */
export function writeHostileSpec(): string {
  const root = mkdtempSync(join(tmpdir(), 'webhook-typegen-hostile-'));
  const dir = join(root, 'spec', 'acme');
  cpSync(ACME, dir, { recursive: true });
  editYaml(join(dir, 'provider.yaml'), (p) => {
    p.title = `Acme ${HOSTILE}`;
    p.description = `Provider ${HOSTILE}`;
    for (const h of list(map(p.delivery).headers).map(map)) {
      h.description = `${String(h.description)} ${HOSTILE}`;
      if (h.name === 'X-Acme-Shop') h.example = `shop ${HOSTILE}`;
    }
  });
  editYaml(join(dir, 'topics.yaml'), (t) => {
    const topics = map(t.topics);
    topics[`widgets/${HOSTILE}`] = { payload: ['Widget'], description: `Topic ${HOSTILE}` };
    map(topics['widgets/create']).description = `Created ${HOSTILE}`;
  });
  editYaml(join(dir, 'models', 'Widget.yaml'), (m) => {
    const hints = map(m.hints);
    m.description = `Widget ${HOSTILE}`;
    hints['/color'] = { enum: ['red', 'green', HOSTILE], description: `Colour ${HOSTILE}` };
    hints[`/${escapeToken(HOSTILE)}`] = { description: `Field ${HOSTILE}` };
    map(hints['/parts/*/note']).description = `Note ${HOSTILE}`;
    hints['/tags'] = { type: 'array', items: { type: 'string', pattern: PATTERN } };
    m.samples = list(m.samples).map((f) => (f === 'samples/widget-2.json' ? `samples/${FOLDER.join('/')}/widget-2.json` : f));
  });
  addJsonMembers(join(dir, 'samples', 'widget.json'), { [HOSTILE]: 'hostile field', color: HOSTILE, sizes: { [HOSTILE]: 1 } });
  addJsonMembers(join(dir, 'samples', 'widget-2.json'), { [HOSTILE]: 'another' });
  mkdirSync(join(dir, 'samples', ...FOLDER), { recursive: true });
  renameSync(join(dir, 'samples', 'widget-2.json'), join(dir, 'samples', ...FOLDER, 'widget-2.json'));
  return root;
}
