/**
 * The one base error of kefu. Every error a caller may want to handle carries a stable `code`,
 * whether retrying can help, and the HTTP status the server maps it to. Users see `message`,
 * never a stack trace.
 */
export class KefuError extends Error {
  readonly code: string;
  readonly retryable: boolean;
  readonly httpStatus: number;

  constructor(code: string, message: string, options: { retryable?: boolean; httpStatus?: number; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.retryable = options.retryable ?? false;
    this.httpStatus = options.httpStatus ?? 500;
  }
}

/** Bad input from a user, an admin file or a request body. */
export class ValidationError extends KefuError {
  constructor(message: string, readonly details?: unknown) {
    super('validation_failed', message, { httpStatus: 400 });
  }
}

/** A knowledge-base file that cannot be parsed: names the file, the line and the reason. */
export class KnowledgeFileError extends KefuError {
  constructor(readonly file: string, readonly line: number, readonly reason: string) {
    super('knowledge_file_invalid', `${file}:${line}: ${reason}`, { httpStatus: 500 });
  }
}

/** Settings that are missing or malformed: names the variable. */
export class ConfigError extends KefuError {
  constructor(message: string) {
    super('config_invalid', message);
  }
}

/** A dependency (Redis, an LLM endpoint) that is down or too slow; a retry may help. */
export class UnavailableError extends KefuError {
  constructor(readonly dependency: string, message: string, cause?: unknown) {
    super('dependency_unavailable', message, { retryable: true, httpStatus: 503, cause });
  }
}

export class NotFoundError extends KefuError {
  constructor(message: string) {
    super('not_found', message, { httpStatus: 404 });
  }
}

export class ForbiddenError extends KefuError {
  constructor(message: string) {
    super('forbidden', message, { httpStatus: 403 });
  }
}

/** A state transition or policy refusal the caller asked for but that is not allowed now. */
export class ConflictError extends KefuError {
  constructor(code: string, message: string) {
    super(code, message, { httpStatus: 409 });
  }
}
