import { describe, expect, test } from 'vitest';
import { guardNavigation, windowOptions, type GuardedContents, type NavigationEvent } from '../../app/src/window.js';
import { recordingLog } from './fakes.js';

test('the window is sandboxed, isolated, without Node, and hidden until ready', () => {
  const options = windowOptions('/app/dist/app/src/preload.cjs');
  expect(options.show).toBe(false);
  expect(options.webPreferences).toEqual({
    preload: '/app/dist/app/src/preload.cjs',
    sandbox: true,
    contextIsolation: true,
    nodeIntegration: false,
    webviewTag: false,
  });
});

describe('guardNavigation', () => {
  function setup(origin: string | null = 'http://127.0.0.1:8420') {
    let openHandler: ((details: { url: string }) => { action: 'deny' }) | null = null;
    const listeners = new Map<string, (event: NavigationEvent) => void>();
    const contents: GuardedContents = {
      setWindowOpenHandler: (handler) => void (openHandler = handler),
      on: (event, listener) => void listeners.set(event, listener),
    };
    const opened: string[] = [];
    const state = { origin };
    guardNavigation(contents, { serverOrigin: () => state.origin, openExternal: (url) => void opened.push(url), log: recordingLog() });
    const navigate = (event: 'will-navigate' | 'will-redirect', url: string): boolean => {
      let prevented = false;
      listeners.get(event)!({ url, preventDefault: () => void (prevented = true) });
      return prevented;
    };
    return { open: (url: string) => openHandler!({ url }), navigate, opened, state };
  }

  test('never opens a new Electron window; web links go to the system browser', () => {
    const { open, opened } = setup();
    expect(open('https://www.themoviedb.org/movie/603')).toEqual({ action: 'deny' });
    expect(open('http://127.0.0.1:8420/other')).toEqual({ action: 'deny' });
    expect(open('file:///etc/passwd')).toEqual({ action: 'deny' });
    expect(open('smb://nas/share')).toEqual({ action: 'deny' });
    expect(opened).toEqual(['https://www.themoviedb.org/movie/603']);
  });

  test.each(['will-navigate', 'will-redirect'] as const)('%s stays on the server origin', (event) => {
    const { navigate, opened } = setup();
    expect(navigate(event, 'http://127.0.0.1:8420/library')).toBe(false);
    expect(navigate(event, 'http://127.0.0.1:8420.evil.com/')).toBe(true);
    expect(navigate(event, 'http://127.0.0.1:9999/')).toBe(true);
    expect(navigate(event, 'file:///etc/passwd')).toBe(true);
    expect(navigate(event, 'javascript:alert(1)')).toBe(true);
    expect(navigate(event, 'https://evil.com/')).toBe(true);
    expect(opened).toEqual([]); // a navigation is cancelled, not moved to the browser
  });

  test('follows the server to a new origin after a restart', () => {
    const { navigate, state } = setup();
    state.origin = 'http://127.0.0.1:8421';
    expect(navigate('will-navigate', 'http://127.0.0.1:8421/')).toBe(false);
    expect(navigate('will-navigate', 'http://127.0.0.1:8420/')).toBe(true);
  });
});
