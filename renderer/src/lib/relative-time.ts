// "3 minutes ago": how long ago something happened, in words a person says. Pure: `now` is an argument.

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const ago = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'} ago`;

/**
 * "just now", "1 minute ago", "3 hours ago", "yesterday", "5 days ago", else the date.
 * A time slightly in the future (clocks of two machines disagree) is "just now".
 */
export function relativeTime(then: string | number, nowMs: number, locale?: string): string {
  const thenMs = typeof then === 'number' ? then : Date.parse(then);
  if (!Number.isFinite(thenMs)) return '';
  const elapsed = nowMs - thenMs;
  if (elapsed < 45 * SECOND) return 'just now';
  if (elapsed < 90 * SECOND) return '1 minute ago';
  if (elapsed < 45 * MINUTE) return ago(Math.round(elapsed / MINUTE), 'minute');
  if (elapsed < 90 * MINUTE) return '1 hour ago';
  if (elapsed < 22 * HOUR) return ago(Math.round(elapsed / HOUR), 'hour');
  if (elapsed < 36 * HOUR) return 'yesterday';
  if (elapsed < 7 * DAY) return ago(Math.round(elapsed / DAY), 'day');
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }).format(new Date(thenMs));
}
