import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadBuiltinRules, loadRuleFiles } from './load.js';
import { ThresholdEvaluator } from './threshold-evaluator.js';

const rule = (name: string, extra = '') =>
  `  - { name: ${name}, metric: memory.used_percent, above: 90, severity: major, category: capacity${extra} }\n`;

describe('loadRuleFiles', () => {
  let base: string;
  beforeAll(async () => {
    base = await mkdtemp(join(tmpdir(), 'vigil-rules-'));
    await mkdir(join(base, 'rules'));
    await mkdir(join(base, 'dup'));
    await mkdir(join(base, 'big'));
    await writeFile(join(base, 'rules', 'a.yaml'), `thresholds:\n${rule('mem-a')}`);
    await writeFile(
      join(base, 'rules', 'b.yaml'),
      `thresholds:\n${rule('mem-b')}classification: [{ group: x }]\n`,
    );
    await writeFile(join(base, 'dup', 'one.yaml'), `thresholds:\n${rule('mem')}`);
    await writeFile(
      join(base, 'dup', 'two.yaml'),
      `# second file\nthresholds:\n${rule('other')}${rule('mem')}`,
    );
    await writeFile(join(base, 'big', 'huge.yaml'), `# ${'x'.repeat(1024 * 1024 + 10)}\n`);
  });

  it('loads every file a pattern matches, once, in order', async () => {
    const set = await loadRuleFiles(['rules/*.yaml', 'rules/a.yaml'], { baseDir: base });
    expect(set.files.map((f) => f.file)).toEqual(['rules/a.yaml', 'rules/b.yaml']);
    expect(set.thresholds.map((r) => [r.name, r.origin.file])).toEqual([
      ['mem-a', 'rules/a.yaml'],
      ['mem-b', 'rules/b.yaml'],
    ]);
    expect(set.files[1]!.classification).toEqual([{ group: 'x' }]);
  });

  it('rejects a rule name used in two files, naming both places', async () => {
    await expect(loadRuleFiles(['dup/*.yaml'], { baseDir: base })).rejects.toMatchObject({
      code: 'VIGIL_ERR_RULE_INVALID',
      message: 'dup/two.yaml:4:5: rule mem: the name is already used at dup/one.yaml:2:5.',
    });
  });

  it('rejects a missing file and an oversized file with VIGIL_ERR_RULE_FILE_UNREADABLE', async () => {
    await expect(loadRuleFiles(['rules/none.yaml'], { baseDir: base })).rejects.toMatchObject({
      code: 'VIGIL_ERR_RULE_FILE_UNREADABLE',
      message: 'Rule file rules/none.yaml cannot be loaded: the file does not exist.',
    });
    await expect(loadRuleFiles(['big/huge.yaml'], { baseDir: base })).rejects.toMatchObject({
      code: 'VIGIL_ERR_RULE_FILE_UNREADABLE',
      message: expect.stringContaining('more than the limit of 1048576 bytes'),
    });
    await expect(loadRuleFiles(['rules'], { baseDir: base })).rejects.toMatchObject({
      message: expect.stringContaining('it is not a regular file'),
    });
  });
});

describe('loadBuiltinRules', () => {
  it('loads the shipped host and snmp rules, which pass their own validation', async () => {
    const set = await loadBuiltinRules();
    expect(set.files.map((f) => f.file)).toEqual(['host.yaml', 'snmp.yaml']);
    expect(set.thresholds.filter((r) => !r.name.startsWith('snmp-')).map((r) => r.name)).toEqual([
      'filesystem-full-warning',
      'filesystem-full-major',
      'filesystem-inodes-full',
      'memory-high',
      'swap-high',
      'cpu-load-high',
      'cpu-busy',
      'interface-down',
      'temperature-high',
      'host-rebooted',
    ]);
    expect(set.thresholds.filter((r) => r.name.startsWith('snmp-')).map((r) => r.metric)).toEqual([
      'interface.oper_up',
      'interface.errors_per_second',
      'interface.utilisation_percent',
      'storage.used_percent',
      'sensor.ok',
      'sensor.value',
      'sensor.value',
    ]);
  });

  it('detects a reboot and resolves it once the host has been up for 15 minutes', async () => {
    const evaluator = new ThresholdEvaluator((await loadBuiltinRules()).thresholds);
    const uptime = (value: number, time: number) =>
      evaluator.evaluate({
        resource: 'web-1',
        time,
        samples: [{ name: 'host.uptime_seconds', labels: {}, value }],
      });
    expect(uptime(120, 0)).toMatchObject([
      { check: 'host-rebooted', severity: 'warning', status: 'firing', labels: { category: 'availability' } },
    ]);
    expect(uptime(900, 780_000)).toMatchObject([{ status: 'resolved' }]);
  });

  it('raises one filesystem.full alert from warning to major as a filesystem fills', async () => {
    const evaluator = new ThresholdEvaluator((await loadBuiltinRules()).thresholds);
    const fired: string[] = [];
    for (let t = 0; t <= 10 * 60_000; t += 15_000) {
      const value = t < 5 * 60_000 ? 88 : 97;
      const samples = [{ name: 'filesystem.used_percent', labels: { mount: '/', fstype: 'ext4' }, value }];
      fired.push(
        ...evaluator
          .evaluate({ resource: 'web-1', time: t, samples })
          .map((e) => `${t / 1000}s ${e.check} ${e.severity}`),
      );
    }
    expect(fired).toEqual(['120s filesystem.full warning', '360s filesystem.full major']);
  });
});
