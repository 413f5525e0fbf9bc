// What the server told us at start-up (is this a first run?), shared by every page.
import { getServerInfo, type ServerInfoDto } from './api.ts';
import { errorMessage } from './toasts.svelte.ts';

type ServerStatus =
  | { kind: 'loading' }
  | { kind: 'ready'; info: ServerInfoDto }
  | { kind: 'unreachable'; message: string };

class ServerState {
  status = $state<ServerStatus>({ kind: 'loading' });

  get info(): ServerInfoDto | null {
    return this.status.kind === 'ready' ? this.status.info : null;
  }

  async load(): Promise<void> {
    // a retry after a failure shows the spinner again; a refresh of a known server keeps the page
    if (this.status.kind === 'unreachable') this.status = { kind: 'loading' };
    try {
      this.status = { kind: 'ready', info: await getServerInfo() };
    } catch (err) {
      this.status = { kind: 'unreachable', message: errorMessage(err, 'The server sent an answer this page does not understand.') };
    }
  }
}

export const server = new ServerState();
