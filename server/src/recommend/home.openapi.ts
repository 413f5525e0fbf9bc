// The home screen's shelves, taste picks and thumbs in the OpenAPI document (server/src/http/openapi.ts merges these).
import { MAX_TASTE_PICKS } from './home.routes.js';

const json = (schema: object, description = 'OK') => ({ description, content: { 'application/json': { schema } } });
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const error = (description: string) => json(ref('Error'), description);
const badInput = { 400: error('Bad input; the message names the field') };
const notFound = { 404: error('No such title (or one this profile may not see)') };
const noContent = { 204: { description: 'Done' } };
const title = { type: 'object', required: ['type', 'id'], properties: { type: { enum: ['movie', 'series'] }, id: { type: 'integer', minimum: 1 } } };

export const homeSchemas = {
  TitleCard: {
    type: 'object',
    description: 'a movie, or a series standing for its episodes',
    required: ['type', 'id', 'title', 'year', 'posterUrl', 'durationMs', 'episodeCount', 'offline', 'addedAt'],
    properties: {
      type: { enum: ['movie', 'series'] },
      id: { type: 'integer' },
      title: { type: 'string' },
      year: { type: ['integer', 'null'] },
      posterUrl: { type: ['string', 'null'] },
      durationMs: { type: ['integer', 'null'], description: 'movies' },
      episodeCount: { type: ['integer', 'null'], description: 'series: the episodes this profile may see' },
      offline: { type: 'boolean' },
      addedAt: { type: 'string', format: 'date-time' },
    },
  },
  HomeShelves: {
    type: 'object',
    required: ['coldStart', 'impressionId', 'shelves'],
    properties: {
      coldStart: { type: 'boolean', description: 'no history yet: offer to pick a few titles it likes (/api/recommend/taste)' },
      impressionId: { type: ['integer', 'null'], description: 'this showing, for POST /api/recommend/click; null when no experiment runs on the home screen' },
      shelves: {
        type: 'array',
        items: {
          type: 'object',
          required: ['id', 'kind', 'title', 'reason', 'titles'],
          properties: {
            id: { type: 'string', description: "stable per reason: 'top-picks', 'because:item:12', 'trending', 'new', 'rediscover', 'genre:Comedy'" },
            kind: { enum: ['because', 'topPicks', 'trending', 'new', 'rediscover', 'genre', 'popular'] },
            title: { type: 'string', description: '"Because you watched Amélie", "Top picks for Mia", …' },
            reason: { type: 'string' },
            titles: { type: 'array', items: ref('TitleCard') },
          },
        },
      },
    },
  },
  Thumb: { type: 'object', required: ['type', 'id', 'value'], properties: { ...title.properties, value: { enum: [-1, 0, 1], description: '1 up, -1 down (never proposed), 0 none' } } },
};

export const homePaths = {
  '/api/home/shelves': {
    get: {
      summary: "This profile's shelves below Continue watching and Next up, each titled with its reason; no title twice among each shelf's first 8",
      responses: { 200: json(ref('HomeShelves')) },
    },
  },
  '/api/recommend/taste': {
    get: { summary: 'Titles a new profile picks from: popular here, of varied genres and decades', responses: { 200: json({ type: 'object', required: ['titles'], properties: { titles: { type: 'array', items: ref('TitleCard') } } }) } },
    post: {
      summary: 'The titles this profile likes (a new profile starts from these)',
      requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', required: ['titles'], properties: { titles: { type: 'array', minItems: 1, maxItems: MAX_TASTE_PICKS, items: title } } } } } },
      responses: { ...noContent, ...badInput, ...notFound },
    },
  },
  '/api/recommend/thumbs': {
    get: {
      summary: "This profile's thumb on a title",
      parameters: [
        { name: 'type', in: 'query', required: true, schema: { enum: ['movie', 'series'] } },
        { name: 'id', in: 'query', required: true, schema: { type: 'integer', minimum: 1 } },
      ],
      responses: { 200: json(ref('Thumb')), ...badInput, ...notFound },
    },
    put: { summary: 'Thumb up, down, or none (0)', requestBody: { required: true, content: { 'application/json': { schema: ref('Thumb') } } }, responses: { ...noContent, ...badInput, ...notFound } },
  },
};
