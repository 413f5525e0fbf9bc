import { z } from 'zod';
import { parseInput } from './validate.js';

const idSchema = z.coerce.number({ error: 'must be a positive whole number' }).int('must be a positive whole number').positive('must be a positive whole number').max(Number.MAX_SAFE_INTEGER, 'is too large');

/** A numeric id from the URL; "abc" → 400 naming the parameter. */
export const idParam = (value: unknown, name = 'id'): number => parseInput(idSchema, value, name);
