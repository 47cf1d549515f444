// The type names a model may not take (src/util/naming.ts: RUNTIME_TYPE_NAMES, providerTypeNames,
// schemaTypeName, ROOT_EXPORTS; src/spec/api.ts: clientOperationTypeNames) are a list kept by
// hand beside the emitters. This test reads the declarations the emitters wrote for every
// provider of the repository and checks that every name they declare, export or import next to
// the model types is on that list: an emitter that gains a name fails here until the list has
// it, so the spec check (src/model/build.ts) never lets a model shadow it.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ts } from '@ts-morph/common';
import { describe, expect, it } from 'vitest';
import { loadSpec } from '../../src/spec/load.js';
import { clientOperationTypeNames } from '../../src/spec/api.js';
import { camelCase, providerTypeNames, ROOT_EXPORTS, RUNTIME_TYPE_NAMES, schemaTypeName, topicTypeName } from '../../src/util/naming.js';
import { REPO_ROOT } from '../helpers/project.js';

const GENERATED = join(REPO_ROOT, 'generated');
const MODULES = ['index', 'guards', 'fixtures', 'receive', 'webhooks', 'xml', 'client'];

/** Names a declaration file declares, exports, re-exports or imports (not those imported from ./models.js). */
function namesOf(file: string): string[] {
  const sf = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
  const out: string[] = [];
  for (const s of sf.statements) {
    if (ts.isImportDeclaration(s)) {
      const from = (s.moduleSpecifier as ts.StringLiteral).text;
      const bindings = s.importClause?.namedBindings;
      if (from !== './models.js' && bindings && ts.isNamedImports(bindings)) for (const e of bindings.elements) out.push(e.name.text);
    } else if (ts.isExportDeclaration(s) && s.exportClause && ts.isNamedExports(s.exportClause)) {
      for (const e of s.exportClause.elements) out.push(e.name.text);
    } else if ((ts.isInterfaceDeclaration(s) || ts.isTypeAliasDeclaration(s) || ts.isClassDeclaration(s) || ts.isFunctionDeclaration(s) || ts.isEnumDeclaration(s)) && s.name) {
      out.push(s.name.text);
    } else if (ts.isVariableStatement(s)) {
      for (const d of s.declarationList.declarations) if (ts.isIdentifier(d.name)) out.push(d.name.text);
    }
  }
  return out;
}

const { providers, problems } = loadSpec(REPO_ROOT, 'spec');

describe('the reserved type names cover every name the emitters write beside the model types', () => {
  it('the spec loads cleanly', () => expect(problems).toEqual([]));

  it.each(providers.map((p) => [p.id, p] as const))('%s', (id, p) => {
    const reserved = new Set([...RUNTIME_TYPE_NAMES, ...providerTypeNames(p.typePrefix), ...p.topics.map((t) => topicTypeName(t.topic)), ...p.models.map((m) => schemaTypeName(m.name))]);
    if (p.api) for (const n of clientOperationTypeNames(p.api.operations, p.api.errors).keys()) reserved.add(n);
    const written = MODULES.map((m) => join(GENERATED, id, `${m}.d.ts`)).filter(existsSync).flatMap(namesOf);
    // type names are PascalCase, as model names are: camelCase values and UPPER_CASE constants cannot clash
    const types = [...new Set(written.filter((n) => /^[A-Z][A-Za-z0-9]*$/.test(n)))];
    expect(types.length).toBeGreaterThan(20);
    expect(types.filter((n) => !reserved.has(n))).toEqual([]);
  });

  it('the package root exports one namespace per provider (camelCase of its typePrefix) and ROOT_EXPORTS', () => {
    const names = new Set<string>();
    const sf = ts.createSourceFile('index.d.ts', readFileSync(join(GENERATED, 'index.d.ts'), 'utf8'), ts.ScriptTarget.ES2022, true);
    for (const s of sf.statements) {
      if (!ts.isExportDeclaration(s) || !s.exportClause) continue;
      if (ts.isNamespaceExport(s.exportClause)) names.add(s.exportClause.name.text);
      else for (const e of s.exportClause.elements) names.add(e.name.text);
    }
    expect([...names].sort()).toEqual([...providers.map((p) => camelCase(p.typePrefix)), ...ROOT_EXPORTS].sort());
  });
});
