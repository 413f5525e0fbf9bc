import { EventEmitter } from 'node:events';
import { PassThrough } from 'node:stream';
import type { ChildHandle, ForkChild, ForkOptions } from '../../app/src/child-process.js';
import type { Log } from '../../app/src/log.js';

/** Stands in for Electron's UtilityProcess. */
export class FakeChild extends EventEmitter implements ChildHandle {
  pid: number | undefined = undefined;
  readonly stdout = new PassThrough();
  readonly stderr = new PassThrough();
  readonly posted: unknown[] = [];
  killed = 0;
  /** What kill() does; by default nothing, so tests decide when the process exits. */
  onKill: () => void = () => {};

  constructor(
    readonly modulePath: string,
    readonly args: string[],
    readonly options: ForkOptions,
    pid: number,
  ) {
    super();
    this.pid = pid;
  }

  postMessage(message: unknown): void {
    this.posted.push(message);
  }

  kill(): boolean {
    this.killed += 1;
    this.onKill();
    return true;
  }

  spawned(): void {
    this.emit('spawn');
  }

  exit(code: number): void {
    this.pid = undefined;
    this.emit('exit', code);
  }

  /** What the server does once its HTTP listener is up. */
  listening(url = 'http://127.0.0.1:8420'): void {
    this.emit('message', { type: 'seed:listening', url });
  }
}

export function fakeFork(): ForkChild & { children: FakeChild[]; last(): FakeChild } {
  const children: FakeChild[] = [];
  const fork = (modulePath: string, args: string[], options: ForkOptions): FakeChild => {
    const child = new FakeChild(modulePath, args, options, 1000 + children.length);
    children.push(child);
    return child;
  };
  return Object.assign(fork, {
    children,
    last(): FakeChild {
      const child = children.at(-1);
      if (!child) throw new Error('nothing was forked');
      return child;
    },
  });
}

export interface LogEntry {
  level: 'info' | 'warn' | 'error';
  fields: Record<string, unknown>;
  msg: string;
}

export function recordingLog(entries: LogEntry[] = [], bindings: Record<string, unknown> = {}): Log & { entries: LogEntry[] } {
  const write = (level: LogEntry['level']) => (fields: object, msg: string) =>
    void entries.push({ level, fields: { ...bindings, ...fields }, msg });
  return {
    entries,
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    child: (more) => recordingLog(entries, { ...bindings, ...more }),
  };
}
