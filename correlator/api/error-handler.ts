import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { VigilError } from '../errors/vigil-error.js';
import type { VigilMetrics } from '../metrics/vigil-metrics.js';

/** Maps Fastify's own error codes onto the vigil catalogue, so every error body has a VIGIL_ code. */
export function toVigilError(error: FastifyError, bodyLimit: number): VigilError {
  if (error instanceof VigilError) return error;
  if (error.validation) {
    const reason = error.validation
      .slice(0, 5)
      .map((v) => `${v.instancePath || '/'} ${v.message ?? 'is invalid'}`)
      .join('; ');
    return new VigilError('VIGIL_ERR_VALIDATION', { reason }, error.validation.slice(0, 20));
  }
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new VigilError('VIGIL_ERR_BODY_TOO_LARGE', { limit: bodyLimit });
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new VigilError('VIGIL_ERR_UNSUPPORTED_MEDIA_TYPE', { contentType: 'of this request' });
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new VigilError('VIGIL_ERR_MALFORMED_JSON', { reason: 'the body is empty' });
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new VigilError('VIGIL_ERR_MALFORMED_JSON', { reason: error.message.slice(0, 200) });
  }
  if (error instanceof SyntaxError || (error.statusCode === 400 && /JSON/i.test(error.message))) {
    return new VigilError('VIGIL_ERR_MALFORMED_JSON', { reason: error.message.slice(0, 200) });
  }
  if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
    return new VigilError('VIGIL_ERR_BAD_REQUEST', { reason: error.message.slice(0, 200) });
  }
  return new VigilError('VIGIL_ERR_INTERNAL', { reason: 'see the server log' });
}

/** Fastify error handler: answers the catalogue body, logs server faults, counts rejected ingest. */
export function errorHandler(bodyLimit: number, metrics: VigilMetrics) {
  return (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const vigilError = toVigilError(error, bodyLimit);
    if (vigilError.status >= 500) request.log.error({ err: error }, 'request failed');
    if (request.routeOptions.config?.permission === 'ingest') {
      metrics.eventsRejected.inc({ reason: vigilError.code });
    }
    reply.code(vigilError.status).send(vigilError.toJSON());
  };
}
