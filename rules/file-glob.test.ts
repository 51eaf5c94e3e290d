import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { expandRulePattern } from './file-glob.js';

describe('expandRulePattern', () => {
  let base: string;
  beforeAll(async () => {
    base = await mkdtemp(join(tmpdir(), 'vigil-glob-'));
    await mkdir(join(base, 'rules', 'sub.yaml'), { recursive: true });
    for (const name of ['b.yaml', 'a.yaml', 'notes.txt', '.hidden.yaml', 'c.yml']) {
      await writeFile(join(base, 'rules', name), '');
    }
  });

  it('matches file names sorted, skipping directories and hidden files', async () => {
    const found = await expandRulePattern('rules/*.yaml', base);
    expect(found.map((f) => f.display)).toEqual(['rules/a.yaml', 'rules/b.yaml']);
    expect(found[0]!.path).toBe(join(base, 'rules', 'a.yaml'));
  });

  it('supports ? and absolute patterns, and hidden files when asked for', async () => {
    expect((await expandRulePattern(join(base, 'rules', '?.y*ml'), base)).map((f) => f.path)).toEqual([
      join(base, 'rules', 'a.yaml'),
      join(base, 'rules', 'b.yaml'),
      join(base, 'rules', 'c.yml'),
    ]);
    expect((await expandRulePattern('rules/.*.yaml', base)).map((f) => f.display)).toEqual([
      'rules/.hidden.yaml',
    ]);
  });

  it('returns a plain path as is, and nothing for a wildcard without matches', async () => {
    expect(await expandRulePattern('rules/missing.yaml', base)).toEqual([
      { path: join(base, 'rules', 'missing.yaml'), display: 'rules/missing.yaml' },
    ]);
    expect(await expandRulePattern('rules/*.json', base)).toEqual([]);
  });

  it.each([
    ['nope/*.yaml', 'cannot be read (ENOENT)'],
    ['*/x.yaml', 'wildcards are only supported in the file name'],
    ['rules/**/x.yaml', 'wildcards are only supported in the file name'],
    ['  ', 'the pattern is empty'],
  ])('rejects %j', async (pattern, reason) => {
    await expect(expandRulePattern(pattern, base)).rejects.toMatchObject({
      code: 'VIGIL_ERR_RULE_FILE_UNREADABLE',
      message: expect.stringContaining(reason),
    });
  });
});
