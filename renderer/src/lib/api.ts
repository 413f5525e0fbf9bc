// The only module that calls fetch(). Every function answers the server's DTO or throws ApiError.
import type {
  AddLibraryRequest,
  ApiErrorBody,
  ItemDto,
  ItemListDto,
  LibraryDto,
  PlaybackDto,
  ServerInfoDto,
} from '../../../server/src/http/api-types.ts';

export type {
  AddLibraryRequest,
  ItemDto,
  LibraryDto,
  LibraryKind,
  PlaybackDto,
  ServerInfoDto,
} from '../../../server/src/http/api-types.ts';

/** A non-2xx answer; `code` and `message` are the server's own words. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

async function request<T>(method: Method, path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
  const init: RequestInit = { method, headers: { accept: 'application/json' } };
  if (signal) init.signal = signal;
  if (body !== undefined) {
    init.headers = { accept: 'application/json', 'content-type': 'application/json' };
    init.body = JSON.stringify(body);
  }
  let res: Response;
  try {
    res = await fetch(path, init);
  } catch (err) {
    if (signal?.aborted) throw err;
    // fetch rejects only when no answer came at all
    throw new ApiError(0, 'unreachable', 'Cannot reach the Seed server. Is it running?');
  }
  if (!res.ok) throw await errorFrom(res);
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}

async function errorFrom(res: Response): Promise<ApiError> {
  try {
    const body: unknown = await res.json();
    if (isErrorBody(body)) return new ApiError(res.status, body.code, body.message);
  } catch {
    // not JSON (a proxy's HTML page, an empty body): fall through to a generic message
  }
  return new ApiError(res.status, `http_${res.status}`, `The server answered ${res.status} ${res.statusText}`.trim());
}

function isErrorBody(value: unknown): value is ApiErrorBody {
  if (typeof value !== 'object' || value === null) return false;
  const { code, message } = value as Record<string, unknown>;
  return typeof code === 'string' && typeof message === 'string';
}

const itemPath = (id: number) => `/api/items/${encodeURIComponent(String(id))}`;

export const getServerInfo = (signal?: AbortSignal) => request<ServerInfoDto>('GET', '/api/server', undefined, signal);

export const listLibraries = async (signal?: AbortSignal): Promise<LibraryDto[]> =>
  (await request<{ libraries: LibraryDto[] }>('GET', '/api/libraries', undefined, signal)).libraries;

export const addLibrary = (body: AddLibraryRequest, signal?: AbortSignal) =>
  request<LibraryDto>('POST', '/api/libraries', body, signal);

export const listItems = async (signal?: AbortSignal): Promise<ItemDto[]> =>
  (await request<ItemListDto>('GET', '/api/items', undefined, signal)).items;

export const getItem = (id: number, signal?: AbortSignal) => request<ItemDto>('GET', itemPath(id), undefined, signal);

/** `retry` queues a failed transcode again; without it a failure stays visible to the poller. */
export const getPlayback = (id: number, signal?: AbortSignal, opts: { retry?: boolean } = {}) =>
  request<PlaybackDto>('GET', `${itemPath(id)}/playback${opts.retry ? '?retry=true' : ''}`, undefined, signal);
