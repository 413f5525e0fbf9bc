import { Router } from 'express';
import { z } from 'zod';
import { parseInput } from '../http/validate.js';
import { viewerOf } from '../profiles/request-viewer.js';
import { toSearchResultDto } from './search.dto.js';
import { MAX_SEARCH_LIMIT, type SearchService } from './search.service.js';

/** Longer text is refused, not cut: no title is that long, and a cut query would answer something else. */
export const MAX_QUERY_LENGTH = 200;

export const searchQuerySchema = z.object({
  q: z.string({ error: 'must be text' }).max(MAX_QUERY_LENGTH, `is too long (at most ${MAX_QUERY_LENGTH} characters)`).default(''),
  limit: z.coerce
    .number({ error: `must be a whole number from 1 to ${MAX_SEARCH_LIMIT}` })
    .int(`must be a whole number from 1 to ${MAX_SEARCH_LIMIT}`)
    .min(1, `must be a whole number from 1 to ${MAX_SEARCH_LIMIT}`)
    .max(MAX_SEARCH_LIMIT, `must be a whole number from 1 to ${MAX_SEARCH_LIMIT}`)
    .default(20),
});

export function searchRoutes(search: SearchService): Router {
  const router = Router();
  router.get('/search', (req, res) => {
    const { q, limit } = parseInput(searchQuerySchema, req.query, 'query');
    // answers differ per profile and change with every scan: never cached
    res.set('Cache-Control', 'no-store').json(toSearchResultDto(q, search.search(viewerOf(res), q, limit)));
  });
  return router;
}
