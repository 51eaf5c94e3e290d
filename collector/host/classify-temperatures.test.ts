import { describe, expect, it } from 'vitest';
import { classifyTemperatures, parseMillidegrees } from './classify-temperatures.js';

describe('parseMillidegrees', () => {
  it('reads sysfs millidegrees as °C rounded to 0.1', () => {
    expect(parseMillidegrees('52000\n')).toBe(52);
    expect(parseMillidegrees('38850')).toBe(38.9);
    expect(parseMillidegrees('-5000')).toBe(-5);
  });

  it('rejects garbage', () => {
    for (const text of ['', 'N/A', '1e9', 'hot', '\u00ff\u00fe', '12 34'])
      expect(parseMillidegrees(text)).toBeUndefined();
  });
});

describe('classifyTemperatures', () => {
  it('takes the package sensor as main and the Core N sensors as cores (Intel coretemp)', () => {
    const result = classifyTemperatures(
      [
        { chip: 'coretemp', label: 'Package id 0', celsius: 52 },
        { chip: 'coretemp', label: 'Core 0', celsius: 49 },
        { chip: 'coretemp', label: 'Core 1', celsius: 55 },
        { chip: 'nvme', label: 'Composite', celsius: 38.9 },
        { chip: 'acpitz', celsius: 27.8 },
      ],
      [
        { type: 'acpitz', celsius: 27.8 },
        { type: 'pch_cannonlake', celsius: 45 },
      ],
    );
    expect(result).toEqual({ main: 52, cores: [49, 55], max: 55, socket: [27.8], chipset: 45 });
  });

  it('prefers Tdie over Tctl on AMD and falls back to Tctl', () => {
    const tctl = { chip: 'k10temp', label: 'Tctl', celsius: 70 };
    expect(classifyTemperatures([tctl, { chip: 'k10temp', label: 'Tdie', celsius: 60 }], []).main).toBe(60);
    expect(classifyTemperatures([tctl, { chip: 'k10temp', label: 'Tccd1', celsius: 65 }], []).main).toBe(70);
  });

  it('falls back to the mean of the cores, then to a CPU thermal zone', () => {
    const cores = [
      { chip: 'coretemp', label: 'Core 0', celsius: 40 },
      { chip: 'coretemp', label: 'Core 1', celsius: 45 },
    ];
    expect(classifyTemperatures(cores, [])).toMatchObject({ main: 42.5, max: 45 });
    expect(classifyTemperatures([], [{ type: 'cpu-thermal', celsius: 48.3 }])).toMatchObject({
      main: 48.3,
      max: 48.3,
    });
  });

  it('reports nothing on a host without sensors', () => {
    expect(classifyTemperatures([], [])).toEqual({
      main: null,
      cores: [],
      max: null,
      socket: [],
      chipset: null,
    });
  });
});
