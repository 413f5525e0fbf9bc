import { readFile } from 'node:fs/promises';
import ts from 'typescript';
import { expect, test } from 'vitest';
import { DESKTOP_CHANNELS } from '../../app/src/desktop-api.js';

const PRELOAD = new URL('../../app/src/preload.cts', import.meta.url);

/**
 * Runs the preload the way Electron's sandbox does: compiled to CommonJS, wrapped in a function
 * whose `require` knows only 'electron' (lib/sandboxed_renderer/preload.ts throws
 * "module not found" for anything else, relative files included).
 */
async function runSandboxedPreload() {
  const source = await readFile(PRELOAD, 'utf8');
  const { outputText } = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
    fileName: 'preload.cts',
  });
  const exposed = new Map<string, unknown>();
  const invokes: unknown[][] = [];
  const electron = {
    contextBridge: { exposeInMainWorld: (key: string, api: unknown) => void exposed.set(key, api) },
    ipcRenderer: {
      invoke: (...args: unknown[]) => {
        invokes.push(args);
        return Promise.resolve(null);
      },
    },
  };
  const sandboxRequire = (id: string): unknown => {
    if (id === 'electron') return electron;
    throw new Error(`module not found: ${id}`);
  };
  const module = { exports: {} };
  new Function('require', 'process', 'exports', 'module', outputText)(sandboxRequire, {}, module.exports, module);
  return { exposed, invokes };
}

test('the preload runs in the sandbox and exposes only window.desktop', async () => {
  const { exposed } = await runSandboxedPreload();
  expect([...exposed.keys()]).toEqual(['desktop']);
  expect(Object.keys(exposed.get('desktop') as object).sort()).toEqual(['pickFolder', 'serverOrigin']);
});

test('each intent invokes its desktop:* channel and forwards no page arguments', async () => {
  const { exposed, invokes } = await runSandboxedPreload();
  const desktop = exposed.get('desktop') as Record<string, (...args: unknown[]) => Promise<unknown>>;
  await desktop.serverOrigin!('ignored');
  await desktop.pickFolder!({ defaultPath: '/etc' });
  expect(invokes).toEqual([[DESKTOP_CHANNELS.serverOrigin], [DESKTOP_CHANNELS.pickFolder]]);
});
