import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import {
  createChildProcess,
  restartDelay,
  type ChildEvents,
  type ChildFailure,
  type ChildProcessConfig,
  type RestartPolicy,
} from '../../app/src/child-process.js';
import { fakeFork, recordingLog } from './fakes.js';

const policy: RestartPolicy = { firstDelayMs: 1_000, maxDelayMs: 16_000, maxRestarts: 5, windowMs: 60_000 };

describe('restartDelay', () => {
  test.each<[string, number[], number, number | null]>([
    ['first crash', [100_000], 100_000, 1_000],
    ['second crash', [90_000, 100_000], 100_000, 2_000],
    ['third crash', [80_000, 90_000, 100_000], 100_000, 4_000],
    ['fifth crash', [60_000, 70_000, 80_000, 90_000, 100_000], 100_000, 16_000],
    ['sixth crash within a minute', [50_000, 60_000, 70_000, 80_000, 90_000, 100_000], 100_000, null],
    ['old crashes no longer count', [0, 10_000, 20_000, 30_000, 39_000, 100_000], 100_000, 1_000],
    ['a crash exactly a window ago no longer counts', [40_000, 100_000], 100_000, 1_000],
  ])('%s', (_name, crashes, now, expected) => {
    expect(restartDelay(crashes, now, policy)).toBe(expected);
  });

  test('the delay is capped', () => {
    const tight = { ...policy, maxDelayMs: 3_000, maxRestarts: 10 };
    expect(restartDelay([1, 2, 3, 4, 5], 5, tight)).toBe(3_000);
  });
});

function setup(overrides: Partial<ChildProcessConfig> = {}) {
  const fork = fakeFork();
  const log = recordingLog();
  const seen = { started: 0, messages: [] as unknown[], failures: [] as ChildFailure[] };
  const events: ChildEvents = {
    started: () => void (seen.started += 1),
    message: (m) => void seen.messages.push(m),
    failed: (f) => void seen.failures.push(f),
  };
  const config: ChildProcessConfig = {
    name: 'server',
    modulePath: '/app/dist/server/src/cli.js',
    args: ['serve', '--data', '/data'],
    env: { PATH: '/usr/bin' },
    restart: policy,
    shutdownMessage: { type: 'seed:shutdown' },
    stopGraceMs: 5_000,
    killWaitMs: 3_000,
    ...overrides,
  };
  const child = createChildProcess(config, { fork, log, now: () => Date.now() }, events);
  return { fork, log, seen, child };
}

describe('createChildProcess', () => {
  beforeEach(() => void vi.useFakeTimers({ now: 1_000_000 }));
  afterEach(() => void vi.useRealTimers());

  test('forks the module with its args, a pipe and only the given env', () => {
    const { fork, child, seen } = setup();
    child.start();
    child.start(); // a second start while running is a no-op
    expect(fork.children).toHaveLength(1);
    expect(fork.last()).toMatchObject({
      modulePath: '/app/dist/server/src/cli.js',
      args: ['serve', '--data', '/data'],
      options: { env: { PATH: '/usr/bin' }, stdio: 'pipe', serviceName: 'Seed server' },
    });
    expect(seen.started).toBe(1);
    expect(child.isRunning).toBe(true);
  });

  test('passes the child’s messages on', () => {
    const { fork, child, seen } = setup();
    child.start();
    fork.last().listening();
    expect(seen.messages).toEqual([{ type: 'seed:listening', url: 'http://127.0.0.1:8420' }]);
  });

  test('restarts after a crash with doubling delays', () => {
    const { fork, child, seen, log } = setup();
    child.start();
    const delays: number[] = [];
    for (let crash = 1; crash <= 5; crash++) {
      const before = fork.children.length;
      fork.last().exit(1);
      expect(child.isRunning).toBe(false);
      let waited = 0;
      while (fork.children.length === before) {
        vi.advanceTimersByTime(100);
        waited += 100;
        if (waited > 60_000) throw new Error('no restart');
      }
      delays.push(waited);
    }
    expect(delays).toEqual([1_000, 2_000, 4_000, 8_000, 16_000]);
    expect(seen.started).toBe(6);
    expect(seen.failures).toEqual([]);
    expect(log.entries.filter((e) => e.msg === 'exited unexpectedly; restarting').map((e) => e.fields.delayMs)).toEqual(
      delays,
    );
  });

  test('gives up after too many crashes within the window, with the stderr tail', () => {
    const { fork, child, seen } = setup();
    child.start();
    for (const delayMs of [1_000, 2_000, 4_000, 8_000, 16_000]) {
      fork.last().exit(1);
      vi.advanceTimersByTime(delayMs);
    }
    expect(fork.children).toHaveLength(6); // 6 crashes within 31 s
    fork.last().stderr.emit('data', 'Error: EADDRINUSE 0.0.0.0:8420\n');
    fork.last().exit(7);
    vi.advanceTimersByTime(120_000);
    expect(fork.children).toHaveLength(6);
    expect(seen.failures).toEqual([
      { name: 'server', exitCode: 7, crashes: 6, stderrTail: 'Error: EADDRINUSE 0.0.0.0:8420' },
    ]);
    child.start(); // a failed child is not started again
    expect(fork.children).toHaveLength(6);
  });

  test('crashes spread over more than a minute keep being restarted', () => {
    const { fork, child, seen } = setup();
    child.start();
    for (let crash = 1; crash <= 12; crash++) {
      vi.advanceTimersByTime(30_000); // runs half a minute, then dies
      fork.last().exit(1);
      vi.advanceTimersByTime(2_000);
    }
    expect(seen.failures).toEqual([]);
    expect(fork.children).toHaveLength(13);
  });

  test('a fork that throws counts as a crash', () => {
    const log = recordingLog();
    const failures: ChildFailure[] = [];
    let attempts = 0;
    const child = createChildProcess(
      { name: 'server', modulePath: '/x.js', args: [], env: {}, restart: policy, shutdownMessage: null, stopGraceMs: 1, killWaitMs: 1 },
      {
        fork: () => {
          attempts += 1;
          throw new Error('spawn failed');
        },
        log,
        now: () => Date.now(),
      },
      { started: () => {}, message: () => {}, failed: (f) => void failures.push(f) },
    );
    child.start();
    vi.advanceTimersByTime(60_000);
    expect(attempts).toBe(6);
    expect(failures).toEqual([{ name: 'server', exitCode: null, crashes: 6, stderrTail: '' }]);
  });

  test('stop asks for a graceful shutdown and does not kill a child that complies', async () => {
    const { fork, child } = setup();
    child.start();
    const server = fork.last();
    const stopped = child.stop();
    expect(server.posted).toEqual([{ type: 'seed:shutdown' }]);
    server.exit(0);
    await stopped;
    expect(server.killed).toBe(0);
    vi.advanceTimersByTime(60_000);
    expect(fork.children).toHaveLength(1); // an exit while stopping is not a crash
  });

  test('stop kills a child that ignores the shutdown message, after the grace period', async () => {
    const { fork, child, log } = setup();
    child.start();
    const server = fork.last();
    server.onKill = () => server.exit(143);
    let done = false;
    void child.stop().then(() => void (done = true));
    await vi.advanceTimersByTimeAsync(4_999);
    expect(server.killed).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(server.killed).toBe(1);
    expect(done).toBe(true);
    expect(log.entries.some((e) => e.msg === 'did not exit in time; killing')).toBe(true);
  });

  test('stop resolves even when the child survives kill', async () => {
    const { fork, child, log } = setup();
    child.start();
    let done = false;
    void child.stop().then(() => void (done = true));
    await vi.advanceTimersByTimeAsync(5_000 + 2_999);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(done).toBe(true);
    expect(fork.last().killed).toBe(1);
    expect(log.entries.some((e) => e.level === 'error' && e.msg === 'did not exit after kill')).toBe(true);
  });

  test('stop during the restart delay cancels the restart', async () => {
    const { fork, child } = setup();
    child.start();
    fork.last().exit(1);
    await child.stop();
    vi.advanceTimersByTime(60_000);
    expect(fork.children).toHaveLength(1);
  });

  test('stop is idempotent', async () => {
    const { fork, child } = setup();
    child.start();
    const first = child.stop();
    expect(child.stop()).toBe(first);
    fork.last().exit(0);
    await first;
    expect(fork.last().posted).toHaveLength(1);
  });

  test('without a shutdown message stop kills straight away', async () => {
    const { fork, child } = setup({ shutdownMessage: null });
    child.start();
    const server = fork.last();
    server.onKill = () => server.exit(0);
    await child.stop();
    expect(server.posted).toEqual([]);
    expect(server.killed).toBe(1);
    vi.advanceTimersByTime(60_000);
    expect(fork.children).toHaveLength(1); // the exit during kill() was not a crash
  });

  test('a child that exits while being asked to shut down is not restarted', async () => {
    const { fork, child } = setup();
    child.start();
    const server = fork.last();
    server.postMessage = () => server.exit(0); // exits at once, inside postMessage
    await child.stop();
    vi.advanceTimersByTime(60_000);
    expect(fork.children).toHaveLength(1);
    expect(server.killed).toBe(0);
  });
});

describe('output', () => {
  test('stdout and stderr go into the log line by line, tagged with the process', async () => {
    const { fork, child, log } = setup();
    child.start();
    const server = fork.last();
    server.stdout.write('{"level":30,"msg":"listening"}\n{"level":30,');
    server.stdout.write('"msg":"scan done"}\r\n');
    server.stderr.write('warning: slow disk\n\npartial');
    server.stderr.end();
    await new Promise((resolve) => setImmediate(resolve));
    expect(log.entries.filter((e) => 'stream' in e.fields)).toEqual([
      { level: 'info', fields: { proc: 'server', stream: 'stdout' }, msg: '{"level":30,"msg":"listening"}' },
      { level: 'info', fields: { proc: 'server', stream: 'stdout' }, msg: '{"level":30,"msg":"scan done"}' },
      { level: 'warn', fields: { proc: 'server', stream: 'stderr' }, msg: 'warning: slow disk' },
      { level: 'warn', fields: { proc: 'server', stream: 'stderr' }, msg: 'partial' },
    ]);
  });

  test('very long lines are cut', async () => {
    const { fork, child, log } = setup();
    child.start();
    fork.last().stdout.write(`${'x'.repeat(10_000)}\n`);
    await new Promise((resolve) => setImmediate(resolve));
    expect(log.entries.find((e) => e.fields.stream === 'stdout')?.msg).toHaveLength(4096);
  });
});
