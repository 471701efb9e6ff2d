// /healthz (the process is up), /readyz (the database answers), /metrics (Prometheus text format).
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import client from 'prom-client';

export function registerObservability(app: FastifyInstance) {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry, prefix: 'onecity_' });
  const duration = new client.Histogram({
    name: 'onecity_http_request_duration_seconds',
    help: 'HTTP request duration by route and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });

  app.addHook('onResponse', async (req, reply) => {
    // The route pattern, never the raw URL: ids in URLs would explode the label set.
    const route = req.routeOptions.url ?? 'unmatched';
    duration.observe({ method: req.method, route, status: String(reply.statusCode) }, reply.elapsedTime / 1000);
  });

  const hidden = { schema: { hide: true } };
  app.get('/healthz', hidden, async () => ({ status: 'ok' }));
  app.get('/readyz', hidden, async (_req, reply) => {
    try {
      await sql`select 1`.execute(app.db);
      return { status: 'ready', database: app.engine };
    } catch {
      return reply.status(503).send({ status: 'unavailable', database: app.engine });
    }
  });
  app.get('/metrics', hidden, async (_req, reply) => {
    reply.type(registry.contentType);
    return registry.metrics();
  });
}
