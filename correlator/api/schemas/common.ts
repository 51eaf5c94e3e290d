import { Type } from 'typebox';

/** The API error body (DESIGN.md "Errors"). */
export const ErrorBody = Type.Object({
  error: Type.Object({
    code: Type.String(),
    message: Type.String(),
    details: Type.Optional(Type.Unknown()),
  }),
});

/** Standard error responses every route may give. */
export const errorResponses = {
  400: ErrorBody,
  401: ErrorBody,
  403: ErrorBody,
  404: ErrorBody,
  409: ErrorBody,
  413: ErrorBody,
  503: ErrorBody,
};

/** Query parameters of every list endpoint. */
export const PageQuery = {
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
  cursor: Type.Optional(Type.String({ maxLength: 512 })),
};

/** A timestamp as the API shows it (ISO-8601 UTC), or null when the moment has not happened. */
export const NullableTime = Type.Union([Type.String(), Type.Null()]);

/** One explanation of a decision. */
export const ReasonSchema = Type.Object({
  at: Type.String(),
  by: Type.String(),
  reason: Type.String(),
  detail: Type.Optional(Type.String()),
});
