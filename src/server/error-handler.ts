import type { ErrorRequestHandler } from 'express';
import { KefuError } from '../shared/errors.js';
import type { Logger } from './logger.js';

/** The one place errors become HTTP: a stable code and a readable message, never a stack trace. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error, _request, response, _next) => {
    if (error instanceof KefuError) {
      if (error.httpStatus >= 500) logger.error({ err: error }, error.message);
      response.status(error.httpStatus).json({ error: { code: error.code, message: error.message, retryable: error.retryable } });
      return;
    }
    // Body-parser errors carry a status (400 malformed JSON, 413 too large).
    const status = typeof error?.status === 'number' && error.status >= 400 && error.status < 500 ? error.status : 500;
    if (status === 500) logger.error({ err: error }, 'unhandled error');
    const message = status === 413 ? '请求内容过大' : status === 400 ? '请求格式不正确（需要 JSON）' : '服务暂时出了点问题，请稍后重试';
    response.status(status).json({ error: { code: status === 500 ? 'internal_error' : 'bad_request', message, retryable: status === 500 } });
  };
}
