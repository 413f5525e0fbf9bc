import { describe, expect, test } from 'vitest';
import { DESKTOP_CHANNELS } from '../../app/src/desktop-api.js';
import {
  isTrustedSender,
  parseDesktopRequest,
  pickedFolder,
  registerDesktopIpc,
  type InvokeEvent,
  type SenderFrame,
} from '../../app/src/ipc.js';
import { recordingLog } from './fakes.js';

const origin = 'http://127.0.0.1:8420';
const top = (url: string): SenderFrame => ({ url, parent: null });

describe('isTrustedSender', () => {
  test.each<[string, SenderFrame | null | undefined, boolean]>([
    ['the top-level server page', top('http://127.0.0.1:8420/setup'), true],
    ['an iframe on the server page', { url: 'http://127.0.0.1:8420/embed', parent: {} }, false],
    ['a foreign page', top('https://evil.com/'), false],
    ['a look-alike host', top('http://127.0.0.1:8420.evil.com/'), false],
    ['credentials before the host', top('http://127.0.0.1:8420@evil.com/'), false],
    ['another port', top('http://127.0.0.1:9999/'), false],
    ['a file page', top('file:///home/me/x.html'), false],
    ['about:blank', top('about:blank'), false],
    ['a frame that is gone', null, false],
    ['no frame at all', undefined, false],
  ])('%s', (_name, frame, expected) => {
    expect(isTrustedSender(frame, origin)).toBe(expected);
  });

  test('no sender is trusted before the server reported its origin', () => {
    expect(isTrustedSender(top('http://127.0.0.1:8420/'), null)).toBe(false);
  });
});

describe('parseDesktopRequest', () => {
  test('known channels without arguments', () => {
    expect(parseDesktopRequest('desktop:server-origin', [])).toEqual({ channel: 'desktop:server-origin' });
    expect(parseDesktopRequest('desktop:pick-folder', [])).toEqual({ channel: 'desktop:pick-folder' });
  });

  test.each<[string, unknown[], string]>([
    ['desktop:pick-folder', ['/etc'], 'desktop:pick-folder takes no arguments'],
    ['desktop:server-origin', [{ evil: true }], 'desktop:server-origin takes no arguments'],
    ['desktop:pick-folder', [undefined], 'desktop:pick-folder takes no arguments'],
    ['desktop:reveal-item', [], 'unknown channel desktop:reveal-item'],
    ['toString', [], 'unknown channel toString'],
    ['__proto__', [], 'unknown channel __proto__'],
  ])('%s %j → %s', (channel, args, error) => {
    expect(parseDesktopRequest(channel, args)).toEqual({ error });
  });
});

test('pickedFolder', () => {
  expect(pickedFolder({ canceled: false, filePaths: ['/media/films'] })).toBe('/media/films');
  expect(pickedFolder({ canceled: true, filePaths: ['/media/films'] })).toBeNull();
  expect(pickedFolder({ canceled: false, filePaths: [] })).toBeNull();
});

describe('registerDesktopIpc', () => {
  type Sender = { id: number };
  function setup(serverOrigin: string | null = origin) {
    const handlers = new Map<string, (event: InvokeEvent<Sender>, ...args: unknown[]) => unknown>();
    const picks: Sender[] = [];
    const log = recordingLog();
    registerDesktopIpc<Sender>(
      { handle: (channel, listener) => void handlers.set(channel, listener) },
      {
        serverOrigin: () => serverOrigin,
        pickFolder: async (sender) => {
          picks.push(sender);
          return '/media/films';
        },
        log,
      },
    );
    const invoke = (channel: string, frame: SenderFrame | null, ...args: unknown[]) =>
      Promise.resolve().then(() => handlers.get(channel)!({ senderFrame: frame, sender: { id: 7 } }, ...args));
    return { handlers, picks, log, invoke };
  }

  test('registers exactly the desktop:* channels', () => {
    expect([...setup().handlers.keys()].sort()).toEqual(Object.values(DESKTOP_CHANNELS).sort());
  });

  test('answers the trusted page', async () => {
    const { invoke, picks } = setup();
    const page = top('http://127.0.0.1:8420/setup');
    await expect(invoke('desktop:server-origin', page)).resolves.toBe(origin);
    await expect(invoke('desktop:pick-folder', page)).resolves.toBe('/media/films');
    expect(picks).toEqual([{ id: 7 }]);
  });

  test('refuses a foreign sender without opening a dialog', async () => {
    const { invoke, picks, log } = setup();
    await expect(invoke('desktop:pick-folder', top('https://evil.com/'))).rejects.toThrow('desktop:pick-folder refused');
    await expect(invoke('desktop:server-origin', null)).rejects.toThrow('refused');
    expect(picks).toEqual([]);
    expect(log.entries.map((e) => e.msg)).toEqual([
      'ipc from an untrusted sender refused',
      'ipc from an untrusted sender refused',
    ]);
  });

  test('refuses arguments', async () => {
    const { invoke, picks } = setup();
    await expect(invoke('desktop:pick-folder', top('http://127.0.0.1:8420/'), '/etc')).rejects.toThrow(
      'desktop:pick-folder takes no arguments',
    );
    expect(picks).toEqual([]);
  });

  test('refuses everything before the server reported its origin', async () => {
    const { invoke } = setup(null);
    await expect(invoke('desktop:server-origin', top('http://127.0.0.1:8420/'))).rejects.toThrow('refused');
  });
});
