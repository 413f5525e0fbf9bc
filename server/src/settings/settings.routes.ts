import { Router } from 'express';
import type { z } from 'zod';
import type { HardwareEncoderStatus } from '../../../transcoder/src/hw-detect.js';
import { chooseEncoder, HARDWARE_ENCODERS } from '../../../transcoder/src/hw-encoders.js';
import type { HardwareSupportDto, TranscodeSettingsDto, TranscodeSettingsValuesDto, UpdateTranscodeSettingsRequest } from '../http/api-types.js';
import { parseInput } from '../http/validate.js';
import { AUTO_QUOTA_SHARE, transcodeSettingsChangeSchema, X264_PRESETS, type TranscodeSettings, type TranscodeSettingsService } from './transcode-settings.js';

// the schema and the API's request type must not drift apart
const changeSchema = transcodeSettingsChangeSchema satisfies z.ZodType<UpdateTranscodeSettingsRequest>;

const values = (s: TranscodeSettings): TranscodeSettingsValuesDto => ({
  ladder: s.ladder.map((r) => ({ height: r.height, videoKbps: r.videoKbps })),
  preset: s.preset,
  quotaGb: s.quotaGb,
  hardwareEncoder: s.hardwareEncoder,
});

export function toTranscodeSettingsDto(settings: TranscodeSettings, defaults: TranscodeSettings): TranscodeSettingsDto {
  return { ...values(settings), defaults: values(defaults), presets: [...X264_PRESETS], hardwareEncoders: [...HARDWARE_ENCODERS], autoQuotaShare: AUTO_QUOTA_SHARE };
}

export function toHardwareSupportDto(statuses: readonly HardwareEncoderStatus[]): HardwareSupportDto {
  return {
    encoders: statuses.map((s) => ({ encoder: s.encoder, works: s.works, reason: s.reason })),
    automatic: chooseEncoder('auto', statuses),
  };
}

/** `onChange`: the settings were saved or reset (the storage enforces a new quota). */
export function settingsRoutes(settings: TranscodeSettingsService, opts: { onChange?: () => void } = {}): Router {
  const router = Router();
  const dto = (s: TranscodeSettings) => toTranscodeSettingsDto(s, settings.defaults());
  router.get('/settings/transcoding', (_req, res) => {
    res.set('Cache-Control', 'no-store').json(dto(settings.get()));
  });
  router.put('/settings/transcoding', (req, res) => {
    const change = parseInput(changeSchema, req.body ?? {}, 'body');
    const saved = settings.update(change);
    opts.onChange?.();
    res.json(dto(saved));
  });
  router.delete('/settings/transcoding', (_req, res) => {
    const saved = settings.reset();
    opts.onChange?.();
    res.json(dto(saved));
  });
  // the first call runs a test encode per hardware encoder (about a second); later ones answer from memory
  router.get('/settings/hardware', async (_req, res) => {
    res.set('Cache-Control', 'no-store').json(toHardwareSupportDto(await settings.hardware()));
  });
  return router;
}
