/**
 * What kind of file a message carries, as the composer and the timeline name it before any of its
 * bytes are read (attachment-files.ts reads them, out of the first load).
 */
import type { MessageAttachment } from '@volley/shared';

/** A picture the timeline shows as one: an image whose size the server measured. */
export const isImage = (file: MessageAttachment): boolean => file.type.startsWith('image/') && file.width !== undefined && file.height !== undefined;

/** A symbol for a file's kind, beside its name. */
export function fileIcon(type: string): string {
  if (type === 'application/pdf') return '📕';
  if (type.startsWith('image/')) return '🖼';
  if (type.startsWith('text/')) return '📝';
  if (type.includes('zip')) return '🗜';
  if (type.includes('sheet') || type.includes('excel')) return '📊';
  if (type.includes('presentation') || type.includes('powerpoint')) return '📽';
  return '📄';
}
