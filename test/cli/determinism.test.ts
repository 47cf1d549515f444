/**
 * The output depends on the spec only: not on where the project lives, not on the working
 * directory, not on the order of keys in any YAML file. And generating leaves no temp folders.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isMap, isSeq, isPair, parseDocument, type Node as YamlNode } from 'yaml';
import { copyProject, hashTree, leftoverTempDirs, listTree, REPO_ROOT, type Project } from '../helpers/project.js';

/** Reverses the key order of every mapping in a YAML document (comments travel with their pairs). */
function reverseKeys(node: unknown): void {
  if (isPair(node)) {
    reverseKeys(node.key);
    reverseKeys(node.value);
  } else if (isMap(node)) {
    node.items.reverse();
    for (const pair of node.items) reverseKeys(pair);
  } else if (isSeq(node)) {
    for (const item of node.items) reverseKeys(item);
  }
}

function reverseYamlFile(file: string): boolean {
  const text = readFileSync(file, 'utf8');
  const doc = parseDocument(text);
  if (doc.errors.length) throw new Error(`test setup: ${file} does not parse: ${doc.errors[0].message}`);
  reverseKeys(doc.contents as YamlNode | null);
  const out = doc.toString();
  // the rewrite must be the same data
  expect(parseDocument(out).toJS()).toEqual(doc.toJS());
  writeFileSync(file, out);
  return out !== text;
}

describe('determinism', () => {
  const committed = hashTree(`${REPO_ROOT}/generated`);
  let a: Project;
  let b: Project;
  beforeAll(() => {
    // spec only: each copy must generate its generated/ from nothing
    a = copyProject({ prefix: 'typegen-det-a-', include: ['spec'] });
    b = copyProject({ prefix: 'typegen-det-second-copy-', include: ['spec'] });
  });
  afterAll(() => {
    a?.cleanup();
    b?.cleanup();
  });

  it('two copies in different folders, run from different cwds, generate identical trees, equal to the committed generated/', () => {
    const ra = a.run([], { cwd: a.root });
    const rb = b.run([], { cwd: tmpdir() });
    expect(ra.status, ra.stdout + ra.stderr).toBe(0);
    expect(rb.status, rb.stdout + rb.stderr).toBe(0);
    expect(ra.stdout).toMatch(/^generate: wrote generated\//m);

    expect(listTree(a.path('generated'))).toEqual(listTree(`${REPO_ROOT}/generated`));
    expect(a.hash()).toBe(b.hash());
    expect(a.hash()).toBe(committed);

    expect(leftoverTempDirs(a.root)).toEqual([]);
    expect(leftoverTempDirs(b.root)).toEqual([]);
  });

  it('reversing the key order of every YAML file under spec/ changes no output byte', () => {
    const yamlFiles = listTree(a.path('spec')).filter((f) => /\.ya?ml$/.test(f));
    expect(yamlFiles.length).toBeGreaterThan(0);
    const changed = yamlFiles.filter((f) => reverseYamlFile(a.path(`spec/${f}`)));
    // sanity: the rewrite really moved keys around in the model, topic and provider files
    expect(changed.length).toBeGreaterThan(yamlFiles.length / 2);

    // --check first: when the output moved, its diff is the most useful failure message
    const c = a.run(['--check']);
    expect(c.status, `generated/ differs after reversing YAML key order:\n${c.stdout}${c.stderr}`).toBe(0);

    const before = a.hash();
    const r = a.run();
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/already up to date/);
    expect(a.hash()).toBe(before);
    expect(a.hash()).toBe(committed);
    expect(leftoverTempDirs(a.root)).toEqual([]);
  });

  it('regenerating over an existing generated/ leaves no temp folders behind', () => {
    // make generated/ stale so the atomic replace (tmp dir + .old rename) really runs
    b.write('generated/README.md', 'stale\n');
    const r = b.run();
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^generate: wrote generated\/ \(1 file\(s\) changed/m);
    expect(b.hash()).toBe(committed);
    expect(leftoverTempDirs(b.root)).toEqual([]);
  });
});
