import { describe, expect, it } from 'vitest';
import { isJunkValue, realValue } from './junk-value.js';

describe('isJunkValue', () => {
  it.each([
    '',
    '   ',
    '-',
    'Default string',
    'To be filled by O.E.M.',
    'To Be Filled By OEM',
    'System Serial Number',
    'Not Specified',
    'None',
    'N/A',
    '00000000-0000-0000-0000-000000000000',
    'FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF',
    '03000200-0400-0500-0006-000700080009',
    '00:00:00:00:00:00',
    '0',
    'xxxxxxxx',
    '........',
    'localhost.localdomain',
  ])('treats %j as junk', (value) => {
    expect(isJunkValue(value)).toBe(true);
  });

  it.each([
    '7XK2N83',
    '4C4C4544-0058-4B10-8032-B7C04F4E3833',
    'b8:2a:72:d0:11:01',
    'db-prod-01',
    'Dell Inc.',
    '1',
  ])('keeps %j', (value) => {
    expect(isJunkValue(value)).toBe(false);
  });
});

describe('realValue', () => {
  it('trims real strings and rejects junk and non-strings', () => {
    expect(realValue('  7XK2N83 ')).toBe('7XK2N83');
    expect(realValue('Default string')).toBeUndefined();
    expect(realValue(42)).toBeUndefined();
    expect(realValue(null)).toBeUndefined();
  });
});
