/**
 * Asks a question in the app's own dialog from code that has no element to hold one (the router):
 * one dialog, made on first use at the end of the page. Imported when a question is asked.
 */
import type { Confirmation, VolleyConfirmDialog } from './volley-confirm-dialog.js';
import './volley-confirm-dialog.js';

let dialog: VolleyConfirmDialog | null = null;

export function ask(question: Confirmation): Promise<boolean> {
  dialog ??= document.body.appendChild(document.createElement('volley-confirm-dialog'));
  return dialog.ask(question);
}
