// Short messages in a corner of the screen, and the one place an unknown error becomes words.
import { ApiError } from './api.ts';

export type ToastKind = 'info' | 'error';

export interface Toast {
  id: number;
  kind: ToastKind;
  message: string;
}

const TOAST_MS = 6000;

class Toasts {
  items = $state<Toast[]>([]);
  #nextId = 1;

  show(kind: ToastKind, message: string): void {
    // a poll that keeps failing should not stack the same message up
    if (this.items.some((toast) => toast.message === message)) return;
    const id = this.#nextId++;
    this.items.push({ id, kind, message });
    setTimeout(() => this.dismiss(id), TOAST_MS);
  }

  dismiss(id: number): void {
    this.items = this.items.filter((toast) => toast.id !== id);
  }
}

export const toasts = new Toasts();

export function isAbort(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { name?: unknown }).name === 'AbortError';
}

/** The words to show for an error: the server's own message, else `fallback`. */
export function errorMessage(err: unknown, fallback: string): string {
  return err instanceof ApiError ? err.message : fallback;
}

/** Shows an error as a toast; aborted requests (the user moved on) are not errors. */
export function showError(err: unknown, fallback: string): void {
  if (isAbort(err)) return;
  if (!(err instanceof ApiError)) console.error(err);
  toasts.show('error', errorMessage(err, fallback));
}
