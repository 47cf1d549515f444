// hashTree (src/util/cache.ts): the fingerprint of a folder that the run cache is keyed by.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { hashTree } from '../../src/util/cache.js';

let dir = '';
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

it('changes with any byte, name or entry of the tree, and only then', () => {
  dir = mkdtempSync(join(tmpdir(), 'webhook-typegen-hash-'));
  mkdirSync(join(dir, 'a'));
  writeFileSync(join(dir, 'a/x.yaml'), 'k: 1\n');
  writeFileSync(join(dir, 'y.json'), '{}');
  const first = hashTree(dir);
  expect(first).toMatch(/^[0-9a-f]{64}$/);
  expect(hashTree(dir)).toBe(first);
  writeFileSync(join(dir, 'a/x.yaml'), 'k: 2\n');
  const edited = hashTree(dir);
  expect(edited).not.toBe(first);
  mkdirSync(join(dir, 'b'));
  const withFolder = hashTree(dir);
  expect(withFolder).not.toBe(edited);
  writeFileSync(join(dir, 'b/z'), '');
  expect(hashTree(dir)).not.toBe(withFolder);
  // the same bytes under another name
  rmSync(join(dir, 'b'), { recursive: true });
  writeFileSync(join(dir, 'a/x.yaml'), 'k: 1\n');
  expect(hashTree(dir)).toBe(first);
  rmSync(join(dir, 'y.json'));
  writeFileSync(join(dir, 'z.json'), '{}');
  expect(hashTree(dir)).not.toBe(first);
});

it('is undefined for a tree it cannot read in full (a dangling link, a missing folder)', () => {
  dir = mkdtempSync(join(tmpdir(), 'webhook-typegen-hash-'));
  writeFileSync(join(dir, 'x'), '1');
  symlinkSync(join(dir, 'nothing'), join(dir, 'link'));
  expect(hashTree(dir)).toBeUndefined();
  expect(hashTree(join(dir, 'missing'))).toBeUndefined();
});
