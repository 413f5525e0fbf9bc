import type { z } from 'zod';
import { badRequest } from '../errors.js';

/** Parses input with a schema; a failure throws 400 naming the field: "path: expected string". */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, where: string): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const field = issue.path.length > 0 ? issue.path.join('.') : where;
  throw badRequest(`${field}: ${issue.message}`);
}
