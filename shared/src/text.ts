/**
 * Text from outside (op bodies, API fields) must be well-formed Unicode without NUL: a lone
 * surrogate cannot be stored or shown faithfully, and PostgreSQL refuses NUL in text. Such text is
 * refused with a reason, never stored.
 */
import { z } from 'zod';

export const TEXT_NOT_WELL_FORMED = 'text must be well-formed Unicode without NUL';

/** A NUL, a high surrogate not followed by a low one, or a low surrogate not preceded by a high one. */
const ILL_FORMED = /\0|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export const isWellFormedText = (value: string): boolean => !ILL_FORMED.test(value);

/** A string that is well-formed text; refine further (length, pattern) as needed. */
export const WellFormedText = z.string().refine(isWellFormedText, TEXT_NOT_WELL_FORMED);
