// The experiments routes in the OpenAPI document (server/src/http/openapi.ts merges these).
import { z } from 'zod';
import { createExperimentSchema, shelfClickSchema, updateExperimentSchema } from './experiments.routes.js';

const json = (schema: object, description = 'OK') => ({ description, content: { 'application/json': { schema } } });
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const body = (schema: z.ZodType) => ({ required: true, content: { 'application/json': { schema: z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'input' }) } } });
const error = (description: string) => json(ref('Error'), description);
const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'integer', minimum: 1 } };
const nullable = (type: string) => ({ type: [type, 'null'] });
const admin = { 401: error('Sign-in needed'), 403: error('Only an admin may do this') };
const badInput = { 400: error('Bad input; the message names the field') };
const notFound = { 404: error('No such experiment') };
const rate = { oneOf: [ref('Rate'), { type: 'null' }] };
const comparison = { oneOf: [ref('Comparison'), { type: 'null' }] };

export const experimentSchemas = {
  Experiment: {
    type: 'object',
    required: ['id', 'name', 'description', 'surface', 'status', 'createdAt', 'startedAt', 'stoppedAt', 'variants'],
    properties: {
      id: { type: 'integer' },
      name: { type: 'string' },
      description: { type: 'string' },
      surface: { type: 'string', description: "where it applies: 'home' (the variants rank the home screen's Top picks); one experiment runs there at a time" },
      status: { enum: ['draft', 'running', 'stopped'] },
      createdAt: { type: 'string', format: 'date-time' },
      startedAt: { ...nullable('string'), format: 'date-time' },
      stoppedAt: { ...nullable('string'), format: 'date-time' },
      variants: {
        type: 'array',
        description: 'the first is the control',
        items: {
          type: 'object',
          required: ['key', 'name', 'weight', 'share', 'config'],
          properties: {
            key: { type: 'string' },
            name: { type: 'string' },
            weight: { type: 'integer', minimum: 0, description: 'traffic share against the other variants' },
            share: { type: 'number', minimum: 0, maximum: 1 },
            config: { type: 'object', description: 'what the shelves rank by: {"weights": {"popularity": 0.1, "itemKnn": 0.3, …}} or {"ranker": "ease"}; at most 4 kB' },
          },
        },
      },
    },
  },
  Rate: {
    type: 'object',
    description: 'a proportion with its 95 % Wilson score interval',
    required: ['value', 'low', 'high'],
    properties: { value: { type: 'number' }, low: { type: 'number' }, high: { type: 'number' } },
  },
  Comparison: {
    type: 'object',
    description: 'the variant against the control: two-proportion z-test (click-through) or Welch t-test (minutes per profile), two-sided',
    required: ['difference', 'statistic', 'df', 'p', 'significant'],
    properties: {
      difference: { type: 'number', description: 'variant − control' },
      statistic: { type: 'number', description: 'z or t' },
      df: { ...nullable('number'), description: 'Welch–Satterthwaite degrees of freedom; null for z' },
      p: { type: 'number', minimum: 0, maximum: 1 },
      significant: { type: 'boolean', description: 'p < 0.05' },
    },
  },
  ExperimentResults: {
    type: 'object',
    required: ['experiment', 'attributionWindowHours', 'controlKey', 'variants'],
    properties: {
      experiment: ref('Experiment'),
      attributionWindowHours: { type: 'number', description: 'an outcome counts for the latest exposure of its title to the profile within this window' },
      controlKey: nullable('string'),
      variants: {
        type: 'array',
        items: {
          type: 'object',
          required: ['key', 'name', 'weight', 'isControl', 'profiles', 'exposures', 'clicks', 'plays', 'completions', 'ctr', 'playRate', 'completionRate', 'totalMinutes', 'minutesPerProfile', 'vsControl'],
          properties: {
            key: { type: 'string' },
            name: { type: 'string' },
            weight: { type: 'integer' },
            isControl: { type: 'boolean' },
            profiles: { type: 'integer', description: 'profiles exposed' },
            exposures: { type: 'integer', description: 'titles shown (title × shelf × position × showing)' },
            clicks: { type: 'integer', description: 'exposures clicked' },
            plays: { type: 'integer', description: 'exposures whose title then started playing' },
            completions: { type: 'integer', description: 'of those, the ones watched to the end' },
            ctr: { ...rate, description: 'clicks per exposure' },
            playRate: { ...rate, description: 'plays per exposure' },
            completionRate: { ...rate, description: 'completions per play' },
            totalMinutes: { type: 'number' },
            minutesPerProfile: {
              type: ['object', 'null'],
              description: 'minutes watched per exposed profile: mean, 95 % t interval (null below two profiles), standard deviation',
              properties: { mean: { type: 'number' }, low: nullable('number'), high: nullable('number'), sd: { type: 'number' } },
            },
            vsControl: {
              type: ['object', 'null'],
              description: 'null for the control',
              properties: { ctr: comparison, minutes: comparison, verdicts: { type: 'array', items: { type: 'string' }, description: 'in words: click-through, then minutes watched' } },
            },
          },
        },
      },
    },
  },
};

export const experimentPaths = {
  '/api/experiments': {
    get: { summary: 'Ranking experiments (A/B tests), newest first (admin)', responses: { 200: json({ type: 'object', required: ['experiments'], properties: { experiments: { type: 'array', items: ref('Experiment') } } }), ...admin } },
    post: {
      summary: 'A new experiment, as a draft: name, surface, at least two variants (the first is the control) with traffic weights and ranking configs (admin)',
      requestBody: body(createExperimentSchema),
      responses: { 201: json(ref('Experiment'), 'Created'), ...badInput, ...admin },
    },
  },
  '/api/experiments/{id}': {
    get: { summary: 'One experiment (admin)', parameters: [idParam], responses: { 200: json(ref('Experiment')), ...badInput, ...admin, ...notFound } },
    patch: {
      summary: 'Rename or describe it; change its surface and variants while a draft; status: draft → running → stopped (admin)',
      parameters: [idParam],
      requestBody: body(updateExperimentSchema),
      responses: {
        200: json(ref('Experiment')),
        ...badInput,
        ...admin,
        ...notFound,
        409: error('Another experiment runs on that surface, a change of variants after the start, or a transition that is not draft → running → stopped'),
      },
    },
    delete: { summary: 'Removes it with its exposures and outcomes (admin)', parameters: [idParam], responses: { 204: { description: 'Removed' }, ...badInput, ...admin, ...notFound } },
  },
  '/api/experiments/{id}/results': {
    get: {
      summary: "Per variant: profiles, exposures, click-through, plays, completions with 95 % Wilson intervals, minutes per profile with a t interval; against the control a z-test, Welch's t-test and a verdict in words (admin)",
      parameters: [idParam],
      responses: { 200: json(ref('ExperimentResults')), ...badInput, ...admin, ...notFound },
    },
  },
  '/api/recommend/click': {
    post: {
      summary: "This profile chose a shelf card: counts for the title's exposure in that showing (impressionId), else its latest exposure within 24 h, in each running experiment",
      requestBody: body(shelfClickSchema),
      responses: { 204: { description: 'Recorded (also when the title was not part of an experiment)' }, ...badInput, 404: error('No such impression for this profile') },
    },
  },
};
