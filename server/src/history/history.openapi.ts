// The watch history routes in the OpenAPI document (server/src/http/openapi.ts merges these).
import { z } from 'zod';
import { historyDocumentSchema } from './history.routes.js';
import { HISTORY_EVENT_KINDS } from './history.types.js';

const json = (schema: object, description = 'OK') => ({ description, content: { 'application/json': { schema } } });
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const error = (description: string) => json(ref('Error'), description);
const badInput = { 400: error('Bad input; the message names the field') };
const notFound = { 404: error('No such title (or one this profile may not see)') };
const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'integer', minimum: 1 } };
const limitParam = (fallback: number, max: number) => ({ name: 'limit', in: 'query', required: false, schema: { type: 'integer', minimum: 1, maximum: max, default: fallback } });
const nullable = (type: string) => ({ type: [type, 'null'] });

export const historySchemas = {
  WatchState: {
    type: 'object',
    description: "what this profile did with the title: made from its history's events",
    required: ['positionMs', 'durationMs', 'played', 'playCount', 'lastPlayedAt', 'hidden'],
    properties: {
      positionMs: { type: 'integer', minimum: 0, description: 'where to resume; 0: from the beginning' },
      durationMs: { type: 'integer', minimum: 0, description: 'the length the player last reported; 0 while unknown' },
      played: { type: 'boolean', description: 'watched to 90 % or to the credits chapter, or marked played' },
      playCount: { type: 'integer', minimum: 0 },
      lastPlayedAt: { ...nullable('string'), format: 'date-time' },
      hidden: { type: 'boolean', description: 'taken off Continue watching until it is played again' },
    },
  },
  WatchList: {
    type: 'object',
    required: ['items'],
    properties: {
      items: {
        type: 'array',
        items: {
          type: 'object',
          required: ['item', 'positionMs', 'durationMs', 'lastPlayedAt'],
          properties: {
            item: ref('Item'),
            positionMs: { type: 'integer', minimum: 0, description: 'where it resumes (0 in Next up)' },
            durationMs: { type: 'integer', minimum: 0 },
            lastPlayedAt: { type: 'string', format: 'date-time', description: "Continue watching: when it last played; Next up: when the series' last episode was watched" },
          },
        },
      },
    },
  },
  HistoryPage: {
    type: 'object',
    required: ['events', 'next'],
    properties: {
      events: {
        type: 'array',
        description: 'newest first',
        items: {
          type: 'object',
          required: ['id', 'at', 'kind', 'itemId', 'title', 'positionMs', 'durationMs', 'sessionId'],
          properties: {
            id: { type: 'integer' },
            at: { type: 'string', format: 'date-time' },
            kind: { enum: [...HISTORY_EVENT_KINDS] },
            itemId: { type: 'integer' },
            title: { ...nullable('string'), description: '"Show — S01E02 · Title" for an episode; null once the title is gone' },
            positionMs: nullable('integer'),
            durationMs: nullable('integer'),
            sessionId: { ...nullable('integer'), description: 'the playback session it came from; null for marks and imports' },
          },
        },
      },
      next: { ...nullable('integer'), description: 'pass as ?before= for the next page; null on the last one' },
    },
  },
  HistoryDocument: { ...z.toJSONSchema(historyDocumentSchema, { target: 'draft-2020-12', io: 'input' }), description: "a profile's whole history, oldest event first; the titles are keyed by the item ids the events name" },
  HistoryImport: {
    type: 'object',
    required: ['added', 'duplicates', 'unmatched'],
    properties: {
      added: { type: 'integer', description: 'events new to this profile' },
      duplicates: { type: 'integer', description: 'events it had already: importing the same document twice adds nothing' },
      unmatched: { type: 'integer', description: 'events of titles this server does not have' },
    },
  },
};

export const historyPaths = {
  '/api/continue-watching': {
    get: {
      summary: "This profile's titles in progress (resume point, not played, not taken off), newest first; episodes included; what it may not see left out",
      parameters: [limitParam(20, 100)],
      responses: { 200: json(ref('WatchList')), ...badInput },
    },
  },
  '/api/continue-watching/{id}': {
    delete: { summary: 'Takes the title off Continue watching until it is played again (logged in the history)', parameters: [idParam], responses: { 204: { description: 'Taken off' }, ...badInput, ...notFound } },
  },
  '/api/next-up': {
    get: {
      summary: 'Per series with a watched episode (the latest watched first): the next unwatched episode after the one watched last, across seasons, specials skipped; none when the series is finished',
      parameters: [limitParam(20, 100)],
      responses: { 200: json(ref('WatchList')), ...badInput },
    },
  },
  '/api/items/{id}/resume': {
    get: { summary: 'What this profile did with the title: where it resumes (0: from the beginning), played, play count', parameters: [idParam], responses: { 200: json(ref('WatchState')), ...badInput, ...notFound } },
  },
  '/api/items/{id}/played': {
    post: { summary: 'Mark played (logged in the history); clears the resume point', parameters: [idParam], responses: { 200: json(ref('WatchState')), ...badInput, ...notFound } },
    delete: { summary: 'Mark unplayed (logged in the history); clears the resume point and the play count', parameters: [idParam], responses: { 200: json(ref('WatchState')), ...badInput, ...notFound } },
  },
  '/api/history': {
    get: {
      summary: "This profile's watch history, newest first: starts, progress reports, pauses, stops, completions, marks",
      parameters: [limitParam(50, 200), { name: 'before', in: 'query', required: false, schema: { type: 'integer', minimum: 1 }, description: 'the `next` of the previous page' }],
      responses: { 200: json(ref('HistoryPage')), ...badInput },
    },
  },
  '/api/history/export': {
    get: { summary: "This profile's whole history as a versioned JSON document (a download: Content-Disposition attachment)", responses: { 200: json(ref('HistoryDocument')) } },
  },
  '/api/history/import': {
    post: {
      summary: "Merges an exported history into this profile's: titles are found by id, else by title and year or series, season and episode; events already there are skipped (importing twice changes nothing)",
      requestBody: { required: true, description: 'up to 10 MB', content: { 'application/json': { schema: ref('HistoryDocument') } } },
      responses: { 200: json(ref('HistoryImport')), ...badInput, 413: error('Larger than 10 MB') },
    },
  },
};
