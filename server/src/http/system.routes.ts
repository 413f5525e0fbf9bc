import { Router } from 'express';
import type { HealthResponse, ServerInfoDto } from './api-types.js';
import { openApiDocument } from './openapi.js';

/** `name`: the server's name now (the admin may rename it). */
export function systemRoutes(deps: { version: string; name: () => string; needsSetup: () => boolean }): Router {
  const router = Router();
  const doc = openApiDocument(deps.version);
  router.get('/health', (_req, res) => {
    const body: HealthResponse = { status: 'ok', version: deps.version };
    res.json(body);
  });
  router.get('/server', (_req, res) => {
    const body: ServerInfoDto = { name: deps.name(), version: deps.version, needsSetup: deps.needsSetup() };
    res.json(body);
  });
  router.get('/openapi.json', (_req, res) => {
    res.json(doc);
  });
  return router;
}
