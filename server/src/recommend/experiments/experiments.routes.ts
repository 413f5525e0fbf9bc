import { Router } from 'express';
import { z } from 'zod';
import { RANKER_NAMES } from '../recs.types.js';
import { idParam } from '../../http/params.js';
import { parseInput } from '../../http/validate.js';
import { viewerOf } from '../../profiles/request-viewer.js';
import type { CreateExperimentRequest, ExperimentDto, ExperimentListDto, ExperimentResultsDto, ShelfClickRequest, UpdateExperimentRequest } from './experiments.dto.js';
import { ATTRIBUTION_WINDOW_MS, type ExperimentsService } from './experiments.service.js';
import { EXPERIMENT_STATUSES, type Experiment, type Variant, type VariantConfig } from './experiments.types.js';

/** A variant's config is opaque to the experiments (the shelves read it), but bounded. */
export const MAX_CONFIG_BYTES = 4096;
const MAX_VARIANTS = 10;

const required = (what: string) => (issue: { input: unknown }) => (issue.input === undefined ? 'is required' : `must be ${what}`);
const text = (max: number) => z.string({ error: required('a string') }).trim().max(max, `is at most ${max} characters`);
const positiveId = z.number({ error: required('a positive whole number') }).int('must be a positive whole number').positive('must be a positive whole number').max(Number.MAX_SAFE_INTEGER, 'is too large');

/** where an experiment can run: the home screen, whose Top picks the variants rank (home.service.ts) */
export const SURFACES = ['home'] as const;
const surface = z.string({ error: required('a string') }).refine((v) => (SURFACES as readonly string[]).includes(v), "must be 'home': an experiment ranks the home screen's Top picks");

const configSchema = z
  .looseObject(
    {
      // the home screen's rankers (server/src/recommend/recs.types.ts): a misspelt name would silently rank as the control
      weights: z
        // JSON.parse makes "__proto__" an own key, which the record below would drop without a word
        .unknown()
        .superRefine((raw, ctx) => {
          if (raw !== null && typeof raw === 'object' && Object.hasOwn(raw, '__proto__')) ctx.addIssue({ code: 'custom', path: ['__proto__'], message: `must name a ranker: ${RANKER_NAMES.join(', ')}` });
        })
        .pipe(
          z.record(
          z.string().min(1, 'must name a ranker').max(64, 'names a ranker in at most 64 characters'),
          z.number({ error: 'must be a number' }).min(0, 'must not be negative').max(1e6, 'is too large'),
            { error: 'must be an object of ranker names and weights' },
          ),
        )
        .superRefine((w, ctx) => {
          for (const name of Object.keys(w)) {
            if (!(RANKER_NAMES as readonly string[]).includes(name)) ctx.addIssue({ code: 'custom', path: [name], message: `must name a ranker: ${RANKER_NAMES.join(', ')}` });
          }
          if (Object.keys(w).length > 0 && !Object.values(w).some((v) => v > 0)) ctx.addIssue({ code: 'custom', message: 'must give at least one ranker a weight above 0' });
        })
        .optional(),
      ranker: z.enum(RANKER_NAMES, { error: `must be one of ${RANKER_NAMES.join(', ')}` }).optional(),
    },
    { error: 'must be a JSON object, like {"weights": {"popularity": 0.1}} or {"ranker": "ease"}' },
  )
  .refine((config) => Buffer.byteLength(JSON.stringify(config)) <= MAX_CONFIG_BYTES, `must be at most ${MAX_CONFIG_BYTES} bytes of JSON`);

const variantSchema = z.strictObject(
  {
    key: z.string({ error: required('a string') }).regex(/^[a-z0-9][a-z0-9_-]{0,31}$/, 'must be 1 to 32 lower-case letters, digits, - or _ (like control or b)'),
    name: text(100).min(1, 'must not be empty').optional(),
    weight: z.number({ error: required('a whole number') }).int('must be a whole number').min(0, 'must not be negative').max(1_000_000, 'is too large'),
    config: configSchema.optional(),
  },
  { error: 'must be a variant: {"key", "weight", "name"?, "config"?}' },
);

const variantsSchema = z
  .array(variantSchema, { error: required('a list of variants') })
  .min(2, 'must have at least two variants (the first is the control)')
  .max(MAX_VARIANTS, `must have at most ${MAX_VARIANTS} variants`)
  .superRefine((variants, ctx) => {
    const seen = new Set<string>();
    variants.forEach((v, i) => {
      if (seen.has(v.key)) ctx.addIssue({ code: 'custom', path: [i, 'key'], message: `repeats "${v.key}"` });
      seen.add(v.key);
    });
    if (!variants.some((v) => v.weight > 0)) ctx.addIssue({ code: 'custom', path: [0, 'weight'], message: 'gives no variant any traffic: at least one weight must be above 0' });
  });

export const createExperimentSchema = z.strictObject({
  name: text(200).min(1, 'must not be empty'),
  description: text(2000).optional(),
  surface,
  variants: variantsSchema,
}) satisfies z.ZodType<CreateExperimentRequest>;

export const updateExperimentSchema = z
  .strictObject({
    name: text(200).min(1, 'must not be empty').optional(),
    description: text(2000).optional(),
    surface: surface.optional(),
    variants: variantsSchema.optional(),
    status: z.enum(EXPERIMENT_STATUSES, { error: 'must be draft, running or stopped' }).optional(),
  })
  .refine((v) => Object.keys(v).length > 0, { message: 'give at least one field to change' }) satisfies z.ZodType<UpdateExperimentRequest>;

/** How shelves key a title in exposures: a movie's id, a series' id negated (server/src/recommend/home.service.ts exposureId). */
const titleId = z
  .number({ error: required("a title's id: a movie's, or a series' negated") })
  .int("must be a title's id: a movie's, or a series' negated")
  .refine((n) => n !== 0, "must be a title's id: a movie's, or a series' negated")
  .refine((n) => Math.abs(n) <= Number.MAX_SAFE_INTEGER, 'is too large')
  .describe("a movie's id, or a series' id negated (as the shelves log their exposures)");

export const shelfClickSchema = z.strictObject({
  itemId: titleId,
  impressionId: positiveId.optional(),
  shelf: z.string({ error: 'must be a shelf id' }).min(1, 'must not be empty').max(64, 'is at most 64 characters').optional(),
  position: z.number({ error: 'must be a whole number' }).int('must be a whole number').min(0, 'must not be negative').max(10_000, 'is too large').optional(),
}) satisfies z.ZodType<ShelfClickRequest>;

const defaultName = (key: string) => (key === 'control' ? 'Control' : key.length <= 2 ? key.toUpperCase() : key.charAt(0).toUpperCase() + key.slice(1));

const toVariants = (variants: z.infer<typeof variantsSchema>): Variant[] =>
  variants.map((v) => ({ key: v.key, name: v.name ?? defaultName(v.key), weight: v.weight, config: (v.config ?? {}) as VariantConfig }));

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export function toExperimentDto(e: Experiment): ExperimentDto {
  const total = e.variants.reduce((sum, v) => sum + v.weight, 0);
  return {
    id: e.id,
    name: e.name,
    description: e.description,
    surface: e.surface,
    status: e.status,
    createdAt: new Date(e.createdAt).toISOString(),
    startedAt: iso(e.startedAt),
    stoppedAt: iso(e.stoppedAt),
    variants: e.variants.map((v) => ({ key: v.key, name: v.name, weight: v.weight, share: total > 0 ? v.weight / total : 0, config: v.config })),
  };
}

/** The admin's experiments (all admin-only: profiles/auth.ts) and a profile's click on a shelf card (any profile). */
export function experimentsRoutes(experiments: ExperimentsService): Router {
  const router = Router();
  router.get('/experiments', (_req, res) => {
    const body: ExperimentListDto = { experiments: experiments.list().map(toExperimentDto) };
    res.set('Cache-Control', 'no-store').json(body);
  });
  router.post('/experiments', (req, res) => {
    const input = parseInput(createExperimentSchema, req.body ?? {}, 'body');
    const created = experiments.create({ name: input.name, description: input.description ?? '', surface: input.surface, variants: toVariants(input.variants) });
    res.status(201).location(`/api/experiments/${created.id}`).json(toExperimentDto(created));
  });
  router.get('/experiments/:id', (req, res) => {
    res.set('Cache-Control', 'no-store').json(toExperimentDto(experiments.get(idParam(req.params.id))));
  });
  router.patch('/experiments/:id', (req, res) => {
    const id = idParam(req.params.id);
    const input = parseInput(updateExperimentSchema, req.body ?? {}, 'body');
    const { variants, ...rest } = input;
    res.json(toExperimentDto(experiments.update(id, { ...rest, ...(variants ? { variants: toVariants(variants) } : {}) })));
  });
  router.delete('/experiments/:id', (req, res) => {
    experiments.remove(idParam(req.params.id));
    res.status(204).end();
  });
  router.get('/experiments/:id/results', (req, res) => {
    const { experiment, results } = experiments.results(idParam(req.params.id));
    const body: ExperimentResultsDto = {
      experiment: toExperimentDto(experiment),
      attributionWindowHours: ATTRIBUTION_WINDOW_MS / 3_600_000,
      controlKey: results.controlKey,
      variants: results.variants.map((v) => ({ ...v, vsControl: v.vsControl && { ...v.vsControl, verdicts: [...v.vsControl.verdicts] } })),
    };
    res.set('Cache-Control', 'no-store').json(body);
  });
  router.post('/recommend/click', (req, res) => {
    const input = parseInput(shelfClickSchema, req.body ?? {}, 'body');
    experiments.recordOutcome(viewerOf(res).profileId, { kind: 'click', ...input });
    res.status(204).end();
  });
  return router;
}
