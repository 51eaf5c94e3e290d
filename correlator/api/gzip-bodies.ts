import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { VigilError } from '../errors/vigil-error.js';

/**
 * `preParsing` hook: accepts `Content-Encoding: gzip` bodies (agents ship compressed batches).
 * Fastify counts the DECOMPRESSED bytes against `server.limits.bodyBytes`, so a zip bomb stops at
 * the limit; a corrupt stream is a 400; any other encoding is a 415 before anything is read.
 */
export async function gunzipBodies(
  request: FastifyRequest,
  _reply: FastifyReply,
  payload: Readable,
): Promise<Readable> {
  const encoding = request.headers['content-encoding']?.trim().toLowerCase();
  if (encoding === undefined || encoding === '' || encoding === 'identity') return payload;
  if (encoding !== 'gzip') {
    throw new VigilError('VIGIL_ERR_UNSUPPORTED_ENCODING', { encoding: encoding.slice(0, 64) });
  }
  const gunzip = createGunzip() as ReturnType<typeof createGunzip> & { receivedEncodedLength: number };
  gunzip.receivedEncodedLength = 0;
  payload.on('data', (chunk: Buffer) => {
    gunzip.receivedEncodedLength += chunk.length;
  });
  // Registered before Fastify's own listener: turns zlib's error into a client error.
  gunzip.on('error', (error: Error & { statusCode?: number }) => {
    error.statusCode = 400;
    error.message = `the gzip body is corrupt (${error.message})`;
  });
  payload.on('error', (error) => gunzip.destroy(error));
  payload.pipe(gunzip);
  return gunzip;
}
