// The watch history in words: what each event was, a title's state, the rows' cards. Pure.
import type { HistoryEventDto, HistoryImportDto, ResumeDto, WatchEntryDto } from '../api.ts';
import { clockTime } from '../admin/session-words.ts';
import { countOf, formatDuration } from '../format.ts';

/** 0..1 of the title watched; 0 while its length is unknown. */
export const watchedShare = (positionMs: number, durationMs: number): number =>
  durationMs > 0 && positionMs > 0 ? Math.min(1, positionMs / durationMs) : 0;

/** "32 min left"; "" when the length is unknown. */
export function timeLeft(positionMs: number, durationMs: number): string {
  const left = durationMs - positionMs;
  return durationMs > 0 && left > 0 ? `${formatDuration(Math.max(60_000, left))} left` : '';
}

/** What the title page says of the profile's watching: "Played twice · last on Nov 26, 2026", "32 min left". */
export function watchStateWords(state: ResumeDto, locale?: string): string {
  const last = state.lastPlayedAt ? new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }).format(new Date(state.lastPlayedAt)) : null;
  if (state.played) {
    const times = state.playCount <= 1 ? 'Played' : state.playCount === 2 ? 'Played twice' : `Played ${state.playCount} times`;
    return last ? `${times} · last on ${last}` : times;
  }
  if (state.positionMs > 0) return [`Stopped at ${clockTime(state.positionMs)}`, timeLeft(state.positionMs, state.durationMs)].filter(Boolean).join(' · ');
  return 'Not played yet';
}

/** The small line of a Continue watching card: "S01E02 · 32 min left". */
export function continueMeta(entry: WatchEntryDto, code: string): string {
  return [code, timeLeft(entry.positionMs, entry.durationMs)].filter(Boolean).join(' · ');
}

/** One line of the history page: what happened to which title, when. */
export interface HistoryLine {
  key: string;
  /** the latest event of the line */
  at: string;
  itemId: number;
  title: string;
  /** the title is gone from the library: nothing to link to */
  gone: boolean;
  words: string;
}

const position = (ms: number | null) => (ms === null ? '' : clockTime(ms));

/** An event in words: "Paused at 12:04", "Finished", "Marked played". */
export function eventWords(e: Pick<HistoryEventDto, 'kind' | 'positionMs'>): string {
  switch (e.kind) {
    case 'start':
      return 'Started playing';
    case 'progress':
      return e.positionMs === null ? 'Watched' : `Watched up to ${position(e.positionMs)}`;
    case 'pause':
      return `Paused at ${position(e.positionMs)}`;
    case 'stop':
      return `Stopped at ${position(e.positionMs)}`;
    case 'complete':
      return 'Finished';
    case 'mark_played':
      return 'Marked played';
    case 'mark_unplayed':
      return 'Marked unplayed';
    case 'hide':
      return 'Removed from Continue watching';
  }
}

/**
 * The events of a page (newest first) as lines: a run of progress reports of one title in one session
 * (one every 10 s while it plays) is one line, "Watched 2:10 to 14:40".
 */
export function historyLines(events: readonly HistoryEventDto[]): HistoryLine[] {
  const lines: { line: HistoryLine; run: { sessionId: number | null; from: number; to: number } | null }[] = [];
  for (const e of events) {
    const previous = lines.at(-1);
    if (e.kind === 'progress' && e.positionMs !== null && previous?.run && previous.line.itemId === e.itemId && previous.run.sessionId === e.sessionId) {
      previous.run.from = e.positionMs; // older reports come later in the list
      continue;
    }
    lines.push({
      line: { key: String(e.id), at: e.at, itemId: e.itemId, title: e.title ?? 'A removed title', gone: e.title === null, words: eventWords(e) },
      run: e.kind === 'progress' && e.positionMs !== null ? { sessionId: e.sessionId, from: e.positionMs, to: e.positionMs } : null,
    });
  }
  return lines.map(({ line, run }) => (run && run.from !== run.to ? { ...line, words: `Watched ${position(run.from)} to ${position(run.to)}` } : line));
}

/** What an import did, in a sentence. */
export function importWords(result: HistoryImportDto): string {
  const added = result.added === 0 ? 'Nothing new to import' : `Imported ${countOf(result.added, 'event')}`;
  const notes = [
    result.duplicates > 0 ? `${countOf(result.duplicates, 'event')} already here` : null,
    result.unmatched > 0 ? `${countOf(result.unmatched, 'event')} of titles not in this library` : null,
  ].filter(Boolean);
  return notes.length > 0 ? `${added} (${notes.join('; ')}).` : `${added}.`;
}

/** "seed-history-Anna-2026-11-26.json" */
export function exportFileName(profileName: string, exportedAt: string): string {
  const safe = profileName.replace(/[^\p{L}\p{N}_-]+/gu, '-').replace(/^-+|-+$/g, '') || 'profile';
  return `seed-history-${safe}-${exportedAt.slice(0, 10)}.json`;
}
