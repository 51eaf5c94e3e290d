import { ERRORS, type ErrorCode } from './catalogue.js';

/** Parameters substituted into an error message template. */
export type ErrorParams = Record<string, string | number | undefined>;

function render(template: string, params: ErrorParams): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    return value === undefined ? (name === 'hint' ? '' : whole) : String(value);
  });
}

/**
 * The error class of vigil: a stable catalogue code, the HTTP status that code maps to, a message
 * that says what to fix, and optional structured details. Checked with `instanceof`.
 */
export class VigilError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly details: unknown;

  constructor(code: ErrorCode, params: ErrorParams = {}, details?: unknown) {
    super(render(ERRORS[code].message, params));
    this.name = 'VigilError';
    this.code = code;
    this.status = ERRORS[code].status;
    this.details = details;
  }

  /** The API's error body (DESIGN.md "Errors"). */
  toJSON(): { error: { code: ErrorCode; message: string; details?: unknown } } {
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(this.details === undefined ? {} : { details: this.details }),
      },
    };
  }
}
