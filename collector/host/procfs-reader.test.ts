import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ProcfsFixtureTree } from './procfs-fixture.js';
import { ProcfsReader } from './procfs-reader.js';
import { ProcfsTemperatures } from './procfs-temperatures.js';
import { ProcfsUnavailableError } from './procfs-unavailable-error.js';

let tree: ProcfsFixtureTree;
beforeEach(async () => {
  tree = await ProcfsFixtureTree.create();
});
afterEach(() => tree.remove());

describe('ProcfsReader', () => {
  it('shares one read between concurrent readers of a file, and reads again afterwards', async () => {
    await tree.show('vm-debian-12', 't0');
    const reader = new ProcfsReader(tree.root);
    const first = reader.text('proc/stat');
    expect(reader.text('proc/stat')).toBe(first);
    expect(reader.list('sys/block')).toBe(reader.list('sys/block'));
    await first;
    expect(reader.text('proc/stat')).not.toBe(first);
  });

  it('reports a missing file as ProcfsUnavailableError, or undefined where absence is normal', async () => {
    const reader = new ProcfsReader(tree.root);
    await expect(reader.text('proc/stat')).rejects.toBeInstanceOf(ProcfsUnavailableError);
    expect(await reader.optionalText('proc/stat')).toBeUndefined();
    expect(await reader.list('sys/class/hwmon')).toBeUndefined();
  });
});

describe('ProcfsTemperatures', () => {
  it('keeps the discovered sensors and discovers again when one disappears', async () => {
    await tree.show('bare-metal', 't0');
    const temperatures = new ProcfsTemperatures(new ProcfsReader(tree.root));
    expect(await temperatures.read()).toMatchObject({ main: 52, cores: [49, 51, 55, 50] });
    await rm(join(tree.root, 'sys/class/hwmon/hwmon0'), { recursive: true });
    // the cached layout still names hwmon0: its readings are missing, main comes from x86_pkg_temp...
    expect(await temperatures.read()).toMatchObject({ main: 52, cores: [] });
    // ...and the next call re-discovers: the package zone is all that is left
    await rm(join(tree.root, 'sys/class/thermal/thermal_zone1'), { recursive: true });
    expect(await temperatures.read()).toMatchObject({ main: null, cores: [], socket: [27.8], chipset: 45 });
  });
});
