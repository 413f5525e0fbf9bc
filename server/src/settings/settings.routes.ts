import { Router } from 'express';
import type { z } from 'zod';
import type { TranscodeSettingsDto, TranscodeSettingsValuesDto, UpdateTranscodeSettingsRequest } from '../http/api-types.js';
import { parseInput } from '../http/validate.js';
import { AUTO_QUOTA_SHARE, transcodeSettingsChangeSchema, X264_PRESETS, type TranscodeSettings, type TranscodeSettingsService } from './transcode-settings.js';

// the schema and the API's request type must not drift apart
const changeSchema = transcodeSettingsChangeSchema satisfies z.ZodType<UpdateTranscodeSettingsRequest>;

const values = (s: TranscodeSettings): TranscodeSettingsValuesDto => ({
  ladder: s.ladder.map((r) => ({ height: r.height, videoKbps: r.videoKbps })),
  preset: s.preset,
  quotaGb: s.quotaGb,
});

export function toTranscodeSettingsDto(settings: TranscodeSettings, defaults: TranscodeSettings): TranscodeSettingsDto {
  return { ...values(settings), defaults: values(defaults), presets: [...X264_PRESETS], autoQuotaShare: AUTO_QUOTA_SHARE };
}

export function settingsRoutes(settings: TranscodeSettingsService): Router {
  const router = Router();
  const dto = (s: TranscodeSettings) => toTranscodeSettingsDto(s, settings.defaults());
  router.get('/settings/transcoding', (_req, res) => {
    res.set('Cache-Control', 'no-store').json(dto(settings.get()));
  });
  router.put('/settings/transcoding', (req, res) => {
    const change = parseInput(changeSchema, req.body ?? {}, 'body');
    res.json(dto(settings.update(change)));
  });
  router.delete('/settings/transcoding', (_req, res) => {
    res.json(dto(settings.reset()));
  });
  return router;
}
