/**
 * The schemas other schemas are made of. Apart from the constants and functions of ids.ts, text.ts
 * and accents.ts, so that a module the PWA runs at once makes no schema (docs/architecture.md,
 * "Schemas apart from the first load").
 */
import { z } from 'zod';
import { ACCENTS } from './accents.js';
import { ID_PATTERN } from './ids.js';
import { isWellFormedText, TEXT_NOT_WELL_FORMED } from './text.js';

export const Id = z.string().regex(new RegExp(`^${ID_PATTERN}$`), 'id_format');

/** A string that is well-formed text; refine further (length, pattern) as needed. */
export const WellFormedText = z.string().refine(isWellFormedText, TEXT_NOT_WELL_FORMED);

export const Accent = z.enum(ACCENTS);
export type Accent = z.infer<typeof Accent>;
