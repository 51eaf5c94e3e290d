import swagger from '@fastify/swagger';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { LogController } from 'fastify';
import type { Logger } from 'pino';
import { VigilError } from '../errors/vigil-error.js';
import { TokenVerifier } from './auth.js';
import type { ApiContext } from './context.js';
import { errorHandler } from './error-handler.js';
import { gunzipBodies } from './gzip-bodies.js';
import './fastify-types.js';
import { agentRoutes } from './routes/agents.js';
import { alertmanagerRoutes } from './routes/alertmanager.js';
import { alertRoutes } from './routes/alerts.js';
import { changeRoutes } from './routes/changes.js';
import { ciAdminRoutes } from './routes/ci-admin.js';
import { ciExportRoutes } from './routes/ci-export.js';
import { ciRoutes } from './routes/cis.js';
import { eventRoutes } from './routes/events.js';
import { healthRoutes } from './routes/health.js';
import { incidentRoutes } from './routes/incidents.js';
import { maintenanceRoutes } from './routes/maintenance.js';
import { notificationRoutes } from './routes/notifications.js';
import { observationRoutes } from './routes/observations.js';
import { pagerDutyRoutes } from './routes/pagerduty.js';
import { problemRoutes } from './routes/problems.js';
import { prometheusRoutes } from './routes/prometheus.js';

import { ruleRoutes } from './routes/rules.js';
import { serviceRoutes } from './routes/services.js';
import { silenceRoutes } from './routes/silences.js';
import { slaRoutes } from './routes/sla.js';

/**
 * Builds the HTTP API (Fastify) from its parts, without listening: tests call `inject()` on it,
 * `vigil run` calls `listen()`. Every `/api/` route declares the permission it needs; `/healthz`,
 * `/readyz` and (unless configured) `/metrics` are public.
 */
export async function buildApp(ctx: ApiContext, logger?: Logger) {
  const app = Fastify({
    ...(logger ? { loggerInstance: logger } : { logger: false }),
    bodyLimit: ctx.limits.bodyBytes,
    logController: new LogController({ disableRequestLogging: true }),
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', allErrors: false } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  // Only JSON is accepted; without this Fastify would parse text/plain and report a schema error.
  app.removeContentTypeParser('text/plain');
  const verifier = new TokenVerifier(ctx.tokens);
  app.setErrorHandler(errorHandler(ctx.limits.bodyBytes, ctx.metrics));
  app.setNotFoundHandler((request, reply) => {
    const error = new VigilError('VIGIL_ERR_ROUTE_NOT_FOUND', {
      method: request.method,
      url: request.url.slice(0, 200),
    });
    reply.code(404).send(error.toJSON());
  });

  app.addHook('onRequest', async (request) => {
    if (request.is404) return;
    const permission = request.routeOptions.config?.permission;
    if (permission === undefined || permission === 'public') {
      if (request.url.startsWith('/api/')) throw new VigilError('VIGIL_ERR_UNAUTHORIZED');
      return;
    }
    const principal = verifier.authenticate(request.headers.authorization);
    verifier.authorize(principal, permission);
    request.principal = principal;
  });

  app.addHook('preParsing', gunzipBodies);

  app.addHook('onResponse', async (request, reply) => {
    ctx.metrics.httpDuration.observe(
      {
        method: request.method,
        route: request.routeOptions.url ?? 'unmatched',
        status_code: String(reply.statusCode),
      },
      reply.elapsedTime / 1000,
    );
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'vigil API',
        version: '1',
        description: 'Events in, classified incidents, CMDB and SLA out.',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
  });
  app.get('/openapi.json', { config: { permission: 'public' }, schema: { hide: true } }, async () =>
    app.swagger(),
  );

  await app.register(healthRoutes(ctx));
  await app.register(eventRoutes(ctx));
  await app.register(prometheusRoutes(ctx));
  await app.register(alertmanagerRoutes(ctx));
  await app.register(pagerDutyRoutes(ctx));
  await app.register(alertRoutes(ctx));
  await app.register(incidentRoutes(ctx));
  await app.register(problemRoutes(ctx));
  await app.register(ciRoutes(ctx));
  await app.register(ciAdminRoutes(ctx));
  await app.register(ciExportRoutes(ctx));
  await app.register(changeRoutes(ctx));
  await app.register(observationRoutes(ctx));
  await app.register(agentRoutes(ctx));
  await app.register(slaRoutes(ctx));
  await app.register(serviceRoutes(ctx));
  if (ctx.silences) await app.register(silenceRoutes(ctx, ctx.silences));
  if (ctx.maintenance) await app.register(maintenanceRoutes(ctx.maintenance));
  await app.register(ruleRoutes(ctx));
  if (ctx.notifications) await app.register(notificationRoutes(ctx.notifications));
  return app;
}
