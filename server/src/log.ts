import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import pino, { type Logger } from 'pino';
import pretty from 'pino-pretty';

export type { Logger };

/**
 * One logger per process: readable lines on the console, JSON lines in <data>/logs/seed.log.
 */
export function createLogger(opts: { level: string; dataDir: string | null; console?: boolean }): Logger {
  const streams: pino.StreamEntry[] = [];
  if (opts.console !== false) {
    streams.push({ level: opts.level as pino.Level, stream: pretty({ colorize: process.stdout.isTTY, sync: true, ignore: 'pid,hostname' }) });
  }
  if (opts.dataDir) {
    const dir = join(opts.dataDir, 'logs');
    mkdirSync(dir, { recursive: true });
    streams.push({ level: opts.level as pino.Level, stream: pino.destination({ dest: join(dir, 'seed.log'), sync: true }) });
  }
  return pino({ level: opts.level }, pino.multistream(streams));
}
