import { IdParams } from '@volley/shared';
import type { RequestInput } from '../../middleware/validate.js';

export const EndSessionReq = { params: IdParams };
export type EndSessionReq = RequestInput<typeof EndSessionReq>;
