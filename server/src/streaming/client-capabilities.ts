// What a player says it plays, from the query of /playback:
//   ?video=h264,hevc&audio=aac,ac3&containers=mp4,mkv&maxHeight=2160&hdr=true
// A field left out keeps the value of a current desktop browser (DESKTOP_BROWSER); an empty list
// (`containers=`) means none.
import { z } from 'zod';
import {
  CLIENT_AUDIO_CODECS,
  CLIENT_CONTAINERS,
  CLIENT_VIDEO_CODECS,
  DESKTOP_BROWSER,
  type ClientCapabilities,
} from '../../../transcoder/src/index.js';
import { CLIENT_ID } from './stream-token.js';

/** A comma-separated list (or the key repeated) of names from `allowed`, each once; `noun` names one. */
const nameList = <T extends string>(allowed: readonly T[], noun: string) =>
  z
    .union([z.string(), z.array(z.string())], { error: `must be a comma-separated list of ${noun}s` })
    .transform((value) => (Array.isArray(value) ? value.join(',') : value).split(',').map((name) => name.trim().toLowerCase()).filter((name) => name !== ''))
    .superRefine((names, ctx) => {
      const unknown = names.find((name) => !(allowed as readonly string[]).includes(name));
      if (unknown !== undefined) ctx.addIssue({ code: 'custom', message: `unknown ${noun} ${unknown} (one of ${allowed.join(', ')})` });
    })
    .transform((names) => [...new Set(names)] as T[]);

export const capabilityFields = {
  video: nameList(CLIENT_VIDEO_CODECS, 'video codec').optional(),
  audio: nameList(CLIENT_AUDIO_CODECS, 'audio codec').optional(),
  containers: nameList(CLIENT_CONTAINERS, 'container').optional(),
  maxHeight: z.coerce
    .number({ error: 'must be a whole number of pixels' })
    .int('must be a whole number of pixels')
    .min(144, 'must be at least 144')
    .max(8640, 'must be at most 8640')
    .optional(),
  hdr: z.enum(['true', 'false'], { error: 'must be true or false' }).optional(),
  /** names the client, so its tokens are refused to another client that names itself */
  clientId: z.string({ error: 'must be a string' }).regex(CLIENT_ID, 'must be 1 to 64 letters, digits, - or _').optional(),
};

type CapabilityQuery = { [K in 'video' | 'audio' | 'containers' | 'maxHeight' | 'hdr']?: z.infer<(typeof capabilityFields)[K]> };

/** The capabilities the query gives, a current desktop browser's for each field it leaves out. */
export function clientCapabilities(query: CapabilityQuery): ClientCapabilities {
  return {
    video: query.video ?? DESKTOP_BROWSER.video,
    audio: query.audio ?? DESKTOP_BROWSER.audio,
    containers: query.containers ?? DESKTOP_BROWSER.containers,
    maxHeight: query.maxHeight ?? DESKTOP_BROWSER.maxHeight,
    hdr: query.hdr === undefined ? DESKTOP_BROWSER.hdr : query.hdr === 'true',
  };
}
