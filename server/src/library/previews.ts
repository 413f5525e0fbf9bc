import { join } from 'node:path';
import { makeSeekPreviews, type RunFfmpeg } from '../../../transcoder/src/index.js';
import type { CatalogStore } from '../catalog/catalog.store.js';
import type { MediaFileStore } from '../catalog/media-file.store.js';
import type { JobHandler } from '../jobs/job-runner.js';

/** The job that makes a title's seek previews: sprite sheets and a WebVTT thumbnails track. */
export function previewsHandler(deps: { catalog: CatalogStore; files: MediaFileStore; runFfmpeg: RunFfmpeg; artworkDir: string }): JobHandler {
  return async (job, ctx) => {
    const item = deps.catalog.get(job.itemId);
    const file = item ? deps.files.ofItem(item.id).find((f) => !f.missing) : undefined;
    if (!item || !file) return 'skipped';
    const dir = join(deps.artworkDir, 'previews', String(item.id));
    await makeSeekPreviews(file.path, dir, file.durationMs, { runFfmpeg: deps.runFfmpeg, signal: ctx.signal });
    deps.catalog.setPreviews(item.id, dir);
    return 'done';
  };
}
