import { Router } from 'express';
import type { Registry } from 'prom-client';

/** GET /metrics: the registry in Prometheus' text format, for a scraper (outside /api, where scrapers look). */
export function metricsRoutes(registry: Registry): Router {
  const router = Router();
  router.get('/metrics', async (_req, res) => {
    const text = await registry.metrics();
    res.set('Cache-Control', 'no-store').type(registry.contentType).send(text);
  });
  return router;
}
