import { Router } from 'express';
import { z } from 'zod';
import { notFound } from '../errors.js';
import type { HomeShelvesDto, TasteChoicesDto, ThumbDto } from '../http/api-types.js';
import { parseInput } from '../http/validate.js';
import { viewerOf } from '../profiles/request-viewer.js';
import type { HomeService } from './home.service.js';

const NOT_ID = 'must be a title id';
/** in a JSON body: a number, as the OpenAPI says (not `true` or `[4]`, which coercion would make 1 and 4) */
const ID = z.number({ error: NOT_ID }).int(NOT_ID).positive(NOT_ID).max(Number.MAX_SAFE_INTEGER, NOT_ID);
/** in the query: decimal digits only (not `0x4` or `4e0`) */
const QUERY_ID = z.string({ error: NOT_ID }).regex(/^[1-9]\d{0,15}$/, NOT_ID).transform(Number).pipe(ID);
const TYPE = z.enum(['movie', 'series'], { error: 'must be "movie" or "series"' });
const titleSchema = z.strictObject({ type: TYPE, id: ID });

export const thumbQuerySchema = z.object({ type: TYPE, id: QUERY_ID });
export const thumbBodySchema = z.strictObject({ type: TYPE, id: ID, value: z.union([z.literal(-1), z.literal(0), z.literal(1)], { error: 'must be 1 (up), -1 (down) or 0 (none)' }) });
export const MAX_TASTE_PICKS = 50;
export const tasteBodySchema = z.strictObject({
  titles: z.array(titleSchema, { error: 'must be a list of { type, id }' }).min(1, 'pick at least one title').max(MAX_TASTE_PICKS, `at most ${MAX_TASTE_PICKS} titles`),
});

/** The home screen's shelves, the titles a new profile picks from, and thumbs. Answers differ per profile: never cached. */
export function homeRoutes(home: HomeService): Router {
  const router = Router();
  // a HEAD asks whether the page is there: it is not a showing, so nothing is ranked or logged as seen
  router.head('/home/shelves', (_req, res) => {
    res.set('Cache-Control', 'no-store').type('json').end();
  });
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
