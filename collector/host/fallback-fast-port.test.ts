import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FallbackFastPort } from './fallback-fast-port.js';
import type { FastPort } from './fast-port.js';
import { FixtureSystemInformation, loadHostFixture } from './fixture-system-information.js';
import { ProcfsFixtureTree } from './procfs-fixture.js';
import { LinuxProcfsPort } from './procfs-port.js';
import { selectFastPort } from './select-fast-port.js';

let tree: ProcfsFixtureTree;
beforeEach(async () => {
  tree = await ProcfsFixtureTree.create();
});
afterEach(() => tree.remove());

describe('FallbackFastPort', () => {
  it('serves a call from systeminformation for good once its /proc file turned out missing', async () => {
    await tree.show('vm-debian-12', 't0');
    const fake = new FixtureSystemInformation(loadHostFixture('vm-debian-12'));
    const port = new FallbackFastPort(new LinuxProcfsPort({ root: tree.root }), fake.si);
    await rm(join(tree.root, 'proc/net/dev'));
    expect(await port.networkStats('eth0')).toEqual(loadHostFixture('vm-debian-12')['networkStats']);
    expect(await port.mem()).toMatchObject({ total: 24683620 * 1024 });
    await tree.show('vm-debian-12', 't0'); // the file is back: still systeminformation, no flapping
    await port.networkStats('eth0');
    expect(fake.calls.get('networkStats')).toBe(2);
    expect(fake.calls.get('mem')).toBeUndefined();
    expect([...port.fellBack]).toEqual(['networkStats']);
  });

  it('passes other errors on for the probe to record', async () => {
    const failing = { mem: () => Promise.reject(new Error('EIO')) } as unknown as FastPort;
    const fake = new FixtureSystemInformation(loadHostFixture('vm-debian-12'));
    await expect(new FallbackFastPort(failing, fake.si).mem()).rejects.toThrow('EIO');
    expect(fake.calls.get('mem')).toBeUndefined();
  });
});

describe('selectFastPort', () => {
  const si = new FixtureSystemInformation(loadHostFixture('vm-debian-12')).si;

  it('reads /proc on Linux when /proc/stat is readable', async () => {
    await tree.show('vm-debian-12', 't0');
    expect(await selectFastPort(si, { platform: 'linux', root: tree.root })).toBeInstanceOf(FallbackFastPort);
  });

  it('uses systeminformation on other platforms and where /proc/stat is missing', async () => {
    await tree.show('vm-debian-12', 't0');
    expect(await selectFastPort(si, { platform: 'darwin', root: tree.root })).toBe(si);
    expect(await selectFastPort(si, { platform: 'win32' })).toBe(si);
    await rm(join(tree.root, 'proc/stat'));
    expect(await selectFastPort(si, { platform: 'linux', root: tree.root })).toBe(si);
  });
});
