import { Router } from 'express';
import { z } from 'zod';
import { notFound } from '../errors.js';
import type { HomeShelvesDto, TasteChoicesDto, ThumbDto } from '../http/api-types.js';
import { parseInput } from '../http/validate.js';
import { viewerOf } from '../profiles/request-viewer.js';
import type { HomeService } from './home.service.js';

const ID = z.coerce.number({ error: 'must be a title id' }).int('must be a title id').positive('must be a title id').max(Number.MAX_SAFE_INTEGER, 'must be a title id');
const TYPE = z.enum(['movie', 'series'], { error: 'must be "movie" or "series"' });
const titleSchema = z.object({ type: TYPE, id: ID });

export const thumbQuerySchema = titleSchema;
export const thumbBodySchema = z.object({ type: TYPE, id: ID, value: z.union([z.literal(-1), z.literal(0), z.literal(1)], { error: 'must be 1 (up), -1 (down) or 0 (none)' }) });
export const MAX_TASTE_PICKS = 50;
export const tasteBodySchema = z.object({
  titles: z.array(titleSchema, { error: 'must be a list of { type, id }' }).min(1, 'pick at least one title').max(MAX_TASTE_PICKS, `at most ${MAX_TASTE_PICKS} titles`),
});

/** The home screen's shelves, the titles a new profile picks from, and thumbs. Answers differ per profile: never cached. */
export function homeRoutes(home: HomeService): Router {
  const router = Router();
  router.get('/home/shelves', (_req, res) => {
    const body: HomeShelvesDto = home.shelves(viewerOf(res));
    res.set('Cache-Control', 'no-store').json(body);
  });
  router.get('/recommend/taste', (_req, res) => {
    const body: TasteChoicesDto = { titles: home.tasteChoices(viewerOf(res)) };
    res.set('Cache-Control', 'no-store').json(body);
  });
  router.post('/recommend/taste', (req, res) => {
    const { titles } = parseInput(tasteBodySchema, req.body, 'body');
    if (!home.saveTaste(viewerOf(res), titles)) throw notFound('one of the titles');
    res.status(204).end();
  });
  router.get('/recommend/thumbs', (req, res) => {
    const title = parseInput(thumbQuerySchema, req.query, 'query');
    const value = home.thumbOf(viewerOf(res), title);
    if (value === null) throw notFound(`${title.type} ${title.id}`);
    const body: ThumbDto = { ...title, value };
    res.set('Cache-Control', 'no-store').json(body);
  });
  router.put('/recommend/thumbs', (req, res) => {
    const { type, id, value } = parseInput(thumbBodySchema, req.body, 'body');
    if (!home.setThumb(viewerOf(res), { type, id }, value)) throw notFound(`${type} ${id}`);
    res.status(204).end();
  });
  return router;
}
