import type { Log } from './log.js';

/**
 * A supervised Node child started with Electron's `utilityProcess.fork` (microsoft/vscode's
 * `utilityProcess.ts` is the model): typed config, minimal env, stdout/stderr into the log,
 * bounded restart with exponential backoff when it dies, graceful stop then kill on quit.
 * Electron is injected as `fork`, so this runs and is tested without Electron.
 */

/** The slice of Electron's `UtilityProcess` used here. */
export interface ChildHandle {
  readonly pid: number | undefined;
  readonly stdout: NodeJS.ReadableStream | null;
  readonly stderr: NodeJS.ReadableStream | null;
  on(event: 'spawn', listener: () => void): unknown;
  on(event: 'exit', listener: (code: number) => void): unknown;
  on(event: 'message', listener: (message: unknown) => void): unknown;
  postMessage(message: unknown): void;
  kill(): boolean;
}

export interface ForkOptions {
  env: Record<string, string>;
  stdio: 'pipe';
  /** Shown in the OS task manager and Electron's process metrics. */
  serviceName: string;
}

export type ForkChild = (modulePath: string, args: string[], options: ForkOptions) => ChildHandle;

export interface RestartPolicy {
  firstDelayMs: number;
  maxDelayMs: number;
  /** Restarts allowed within `windowMs`; one crash more and the child is given up. */
  maxRestarts: number;
  windowMs: number;
}

export interface ChildProcessConfig {
  name: string;
  modulePath: string;
  args: readonly string[];
  env: Readonly<Record<string, string>>;
  restart: RestartPolicy;
  /** Posted to the child on stop(); null: kill() straight away. */
  shutdownMessage: unknown;
  /** How long stop() waits after the shutdown message before kill(). */
  stopGraceMs: number;
  /** How long stop() waits for the exit after kill() before giving up on it. */
  killWaitMs: number;
}

export interface ChildFailure {
  name: string;
  exitCode: number | null;
  crashes: number;
  /** The last lines the child wrote to stderr, for the error dialog. */
  stderrTail: string;
}

export interface ChildEvents {
  /** A process was forked: the first start or a restart. */
  started(): void;
  message(message: unknown): void;
  /** The child died too often; it will not be restarted. */
  failed(failure: ChildFailure): void;
}

export interface SupervisedChild {
  start(): void;
  /** Resolves once the child has exited (or could not be made to). Idempotent. */
  stop(): Promise<void>;
  readonly isRunning: boolean;
}

/**
 * Backoff before the next restart, given the crash times so far (the newest included), or null
 * when there were more crashes within the window than restarts allowed.
 * Defaults: 1 s, 2 s, 4 s, 8 s, 16 s, then give up.
 */
export function restartDelay(crashTimesMs: readonly number[], nowMs: number, policy: RestartPolicy): number | null {
  const recent = crashTimesMs.filter((t) => nowMs - t < policy.windowMs).length;
  if (recent === 0) return policy.firstDelayMs;
  if (recent > policy.maxRestarts) return null;
  return Math.min(policy.firstDelayMs * 2 ** (recent - 1), policy.maxDelayMs);
}

const STDERR_TAIL_LINES = 20;
const MAX_LINE_CHARS = 4096;

export function createChildProcess(
  config: ChildProcessConfig,
  deps: { fork: ForkChild; log: Log; now: () => number },
  events: ChildEvents,
): SupervisedChild {
  const log = deps.log.child({ proc: config.name });
  let child: ChildHandle | null = null;
  let restartTimer: ReturnType<typeof setTimeout> | null = null;
  let crashTimes: number[] = [];
  let stopping: Promise<void> | null = null;
  let isStopping = false; // set before shutDown() runs: the child may exit while it is being asked to
  let gaveUp = false;
  const exitWaiters = new Set<() => void>();
  const stderrTail: string[] = [];

  function pipeLines(stream: NodeJS.ReadableStream | null, onLine: (line: string) => void): void {
    if (!stream) return;
    let pending = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      const lines = (pending + chunk).split(/\r?\n/);
      pending = lines.pop() ?? '';
      for (const line of lines) if (line !== '') onLine(line.slice(0, MAX_LINE_CHARS));
    });
    stream.on('end', () => {
      if (pending !== '') onLine(pending.slice(0, MAX_LINE_CHARS));
      pending = '';
    });
  }

  function onStderr(line: string): void {
    log.warn({ stream: 'stderr' }, line);
    stderrTail.push(line);
    if (stderrTail.length > STDERR_TAIL_LINES) stderrTail.shift();
  }

  function fork(): void {
    restartTimer = null;
    let handle: ChildHandle;
    try {
      handle = deps.fork(config.modulePath, [...config.args], {
        env: { ...config.env },
        stdio: 'pipe',
        serviceName: `Seed ${config.name}`,
      });
    } catch (err) {
      log.error({ err }, 'fork failed');
      crashed(null);
      return;
    }
    child = handle;
    handle.on('spawn', () => log.info({ childPid: handle.pid }, 'started'));
    handle.on('message', (message) => {
      if (child === handle) events.message(message);
    });
    handle.on('exit', (code) => {
      if (child !== handle) return;
      child = null;
      for (const wake of exitWaiters) wake();
      exitWaiters.clear();
      if (isStopping) log.info({ code }, 'exited');
      else crashed(code);
    });
    pipeLines(handle.stdout, (line) => log.info({ stream: 'stdout' }, line));
    pipeLines(handle.stderr, onStderr);
    events.started();
  }

  function crashed(code: number | null): void {
    const now = deps.now();
    crashTimes = [...crashTimes.filter((t) => now - t < config.restart.windowMs), now];
    const delayMs = restartDelay(crashTimes, now, config.restart);
    if (delayMs === null) {
      gaveUp = true;
      log.error({ code, crashes: crashTimes.length }, 'crashed too often; not restarting');
      events.failed({ name: config.name, exitCode: code, crashes: crashTimes.length, stderrTail: stderrTail.join('\n') });
      return;
    }
    log.warn({ code, delayMs, crashes: crashTimes.length }, 'exited unexpectedly; restarting');
    restartTimer = setTimeout(fork, delayMs);
  }

  /** Resolves true when `exited` settles within `ms`, false on timeout. */
  function within(exited: Promise<void>, ms: number): Promise<boolean> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), ms);
    });
    return Promise.race([exited.then(() => true), timeout]).finally(() => clearTimeout(timer));
  }

  async function shutDown(): Promise<void> {
    if (restartTimer) clearTimeout(restartTimer);
    restartTimer = null;
    const current = child;
    if (!current) return;
    // Subscribe before acting: a child may exit as soon as it is asked to.
    const exited = new Promise<void>((resolve) => exitWaiters.add(resolve));
    if (config.shutdownMessage !== null) {
      try {
        current.postMessage(config.shutdownMessage);
      } catch (err) {
        log.warn({ err }, 'could not ask for a graceful shutdown');
      }
      if (await within(exited, config.stopGraceMs)) return;
      log.warn({ graceMs: config.stopGraceMs }, 'did not exit in time; killing');
    }
    current.kill();
    if (!(await within(exited, config.killWaitMs))) log.error({ childPid: current.pid }, 'did not exit after kill');
  }

  return {
    start() {
      if (child || restartTimer || isStopping || gaveUp) return;
      fork();
    },
    stop() {
      isStopping = true;
      stopping ??= shutDown();
      return stopping;
    },
    get isRunning() {
      return child !== null;
    },
  };
}
