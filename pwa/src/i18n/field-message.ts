/**
 * A field message from the server, a problem code (`too_long:40`, shared/src/field-problems.ts),
 * in the user's language; text this version does not know reads as "not valid", never in
 * another language.
 */
import { readFieldProblem } from '@volley/shared';
import { msg } from './i18n.js';

export function fieldMessage(message: string): string {
  const found = readFieldProblem(message);
  return found ? msg(`field.${found.problem}`, found.bound === undefined ? {} : { n: found.bound }) : msg('field.invalid');
}
