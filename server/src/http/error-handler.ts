import type { ErrorRequestHandler, RequestHandler } from 'express';
import { AppError } from '../errors.js';
import type { Logger } from '../log.js';

/** The only place an error becomes a response. */
export const errorHandler =
  (log: Logger): ErrorRequestHandler =>
  (err, req, res, _next) => {
    if (res.headersSent) return void res.end();
    if (err instanceof AppError) {
      if (err.retryAfterSeconds !== undefined) res.set('Retry-After', String(err.retryAfterSeconds));
      return void res.status(err.status).json({ code: err.code, message: err.message, ...(err.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: err.retryAfterSeconds }) });
    }
    // body-parser errors (malformed JSON, body too large) already carry a 4xx status
    const status = (err as { status?: number } | null)?.status;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      return void res.status(status).json({ code: status === 413 ? 'too_large' : 'bad_request', message: (err as Error).message });
    }
    log.error({ err, method: req.method, path: req.path }, 'unhandled error');
    res.status(500).json({ code: 'internal', message: 'Internal error; details are in the server log.' });
  };

/** Unknown /api paths answer JSON, not the UI's index.html. */
export const apiNotFound: RequestHandler = (req, res) => {
  res.status(404).json({ code: 'not_found', message: `no API route ${req.method} ${req.originalUrl.split('?')[0]}` });
};
