import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ERRORS } from './catalogue.js';
import { VigilError } from './vigil-error.js';

const doc = readFileSync(new URL('../../docs/errors.md', import.meta.url), 'utf8');
const documented = new Map(
  [...doc.matchAll(/^\| `(VIGIL_ERR_[A-Z_]+)`\s*\| (\d{3})\s*\|/gm)].map((m) => [m[1]!, Number(m[2])]),
);

describe('error catalogue', () => {
  it('documents every code with its HTTP status in docs/errors.md, and nothing else', () => {
    const catalogue = new Map(Object.entries(ERRORS).map(([code, spec]) => [code, spec.status]));
    expect(documented).toEqual(catalogue);
  });

  it('uses stable VIGIL_ERR_ names and 4xx/5xx statuses', () => {
    for (const [code, spec] of Object.entries(ERRORS)) {
      expect(code).toMatch(/^VIGIL_ERR_[A-Z_]+$/);
      expect(spec.status).toBeGreaterThanOrEqual(400);
      expect(spec.status).toBeLessThan(600);
    }
  });

  it('renders message templates and keeps unknown placeholders visible', () => {
    const error = new VigilError('VIGIL_ERR_BATCH_TOO_LARGE', { count: 9000, limit: 5000 });
    expect(error.message).toBe(
      'The batch holds 9000 events, more than the limit of 5000; split it into smaller batches.',
    );
    expect(error.status).toBe(413);
    expect(error.toJSON()).toEqual({ error: { code: 'VIGIL_ERR_BATCH_TOO_LARGE', message: error.message } });
    expect(new VigilError('VIGIL_ERR_NOT_FOUND', { what: 'CI' }).message).toBe('CI {id} does not exist.');
  });
});
