import { Type, type TProperties, type TObject, type TSchema } from 'typebox';

/** A 2xx response: payload keys are siblings of `status` (api.md §3.4). */
export function ok<T extends TProperties>(payload: T) {
  return Type.Object({ status: Type.Literal('ok'), ...payload });
}

export const OkEmpty = ok({});

export const ValidationIssue = Type.Object({ path: Type.String(), message: Type.String() });

/** Every 4xx/5xx response. */
export const ErrorResponse = Type.Object(
  {
    status: Type.Literal('error'),
    message: Type.String({ minLength: 1 }),
    errors: Type.Optional(Type.Array(ValidationIssue)),
  },
  { $id: 'ErrorResponse' },
);

export function errorResponses(...codes: number[]): Record<number, TSchema> {
  return Object.fromEntries(codes.map((code) => [code, ErrorResponse]));
}

export type ResponseSchemas = Record<number, TObject | TSchema>;
