import { describe, expect, it } from 'vitest';
import { VigilError } from '../errors/vigil-error.js';
import { decodeCursor, encodeCursor } from './cursor.js';

const b64 = (text: string) => Buffer.from(text).toString('base64url');

function badCursorError(cursor: string, shape: string): VigilError {
  try {
    decodeCursor(cursor, shape);
  } catch (error) {
    return error as VigilError;
  }
  throw new Error(`cursor ${cursor} was accepted`);
}

describe('cursor', () => {
  it('round-trips a sort key', () => {
    expect(decodeCursor(encodeCursor([1767225600000, 'abc']), 'ns')).toEqual([1767225600000, 'abc']);
    expect(decodeCursor(encodeCursor([42]), 'n')).toEqual([42]);
  });

  it('is opaque: URL-safe text that does not show the key', () => {
    const cursor = encodeCursor([1767225600000, 'fp/+=?&']);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(cursor).not.toContain('1767225600000');
  });

  it.each([
    ['garbage', '!!!not-a-cursor!!!', 'n'],
    ['not JSON', b64('{oops'), 'n'],
    ['an object', b64('{"seq":1}'), 'n'],
    ['a bare number', b64('42'), 'n'],
    ['null', b64('null'), 'n'],
    ['too short', b64('[1]'), 'ns'],
    ['too long', b64('[1,"a","b"]'), 'ns'],
    ['a string where a number belongs', b64('["1"]'), 'n'],
    ['a number where a string belongs', b64('[1,2]'), 'ns'],
    ['null where a number belongs', b64('[null]'), 'n'],
    ['an array inside', b64('[[1]]'), 'n'],
    ['empty key', b64('[]'), 'n'],
    ['oversized', 'A'.repeat(600), 'n'],
    ['oversized but valid JSON', b64(JSON.stringify([1, 'x'.repeat(600)])), 'ns'],
  ])('rejects %s with VIGIL_ERR_BAD_CURSOR', (_name, cursor, shape) => {
    const error = badCursorError(cursor, shape);
    expect(error).toBeInstanceOf(VigilError);
    expect(error.code).toBe('VIGIL_ERR_BAD_CURSOR');
    expect(error.status).toBe(400);
  });

  it('echoes at most 64 characters of a bad cursor', () => {
    const error = badCursorError('z'.repeat(600), 'n');
    expect(error.message).toContain('z'.repeat(64));
    expect(error.message).not.toContain('z'.repeat(65));
  });
});
