import { VigilError } from '../errors/vigil-error.js';

/**
 * Opaque list cursors: the sort key of the last item, base64url-encoded JSON. Opaque so clients
 * cannot depend on the sort key; validated so a forged cursor is a 400, never a crash.
 */
export function encodeCursor(key: ReadonlyArray<string | number>): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/** Decodes a cursor made by `encodeCursor`, checking it has the expected shape (`'s'` string, `'n'` number). */
export function decodeCursor(cursor: string, shape: string): Array<string | number> {
  try {
    if (cursor.length > 512) throw new Error('too long');
    const key: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (!Array.isArray(key) || key.length !== shape.length) throw new Error('shape');
    key.forEach((part, i) => {
      const want = shape[i] === 'n' ? 'number' : 'string';
      if (typeof part !== want) throw new Error('type');
    });
    return key as Array<string | number>;
  } catch {
    throw new VigilError('VIGIL_ERR_BAD_CURSOR', { cursor: cursor.slice(0, 64) });
  }
}
