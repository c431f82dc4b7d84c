import { getLocale, msg } from './i18n.js';

const DAY_MS = 86_400_000;

/** Formatters made once per locale and options: making one costs far more than formatting with it, and a long log formats thousands of times. */
const formatters = new Map<string, Intl.DateTimeFormat>();

function dateFormat(options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${getLocale()} ${JSON.stringify(options)}`;
  let format = formatters.get(key);
  if (!format) formatters.set(key, (format = new Intl.DateTimeFormat(getLocale(), options)));
  return format;
}

/** A message time: hours and minutes today, with the date on other days. */
export function formatMessageTime(iso: string, now = new Date()): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const sameDay = date.toDateString() === now.toDateString();
  const options: Intl.DateTimeFormatOptions = sameDay
    ? { hour: '2-digit', minute: '2-digit' }
    : { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' };
  return dateFormat(options).format(date);
}

/** The time of a conversation's last activity in the list: hours today, "Yesterday", the weekday within a week, else the date. */
export function formatListTime(iso: string, now = new Date()): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const midnight = (d: Date) => new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
  const days = Math.round((midnight(now) - midnight(date)) / DAY_MS);
  if (days <= 0) return dateFormat({ hour: '2-digit', minute: '2-digit' }).format(date);
  if (days === 1) return msg('chat.yesterday');
  if (days < 7) return dateFormat({ weekday: 'short' }).format(date);
  return dateFormat(date.getFullYear() === now.getFullYear() ? { day: 'numeric', month: 'short' } : { day: 'numeric', month: 'short', year: 'numeric' }).format(date);
}

/** Hours and minutes only: the time beside a message inside a group. */
export function formatClock(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '' : dateFormat({ hour: '2-digit', minute: '2-digit' }).format(date);
}

/** The full date and time, for a tooltip. */
export function formatFullTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '' : dateFormat({ dateStyle: 'full', timeStyle: 'short' }).format(date);
}

/** A day separator: "Today", "Yesterday", else the date (with the year when it is not this one). */
export function formatDay(iso: string, now = new Date()): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const midnight = (d: Date) => new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
  const days = Math.round((midnight(now) - midnight(date)) / DAY_MS);
  if (days === 0) return msg('chat.today');
  if (days === 1) return msg('chat.yesterday');
  const options: Intl.DateTimeFormatOptions = { weekday: 'long', day: 'numeric', month: 'long' };
  if (date.getFullYear() !== now.getFullYear()) options.year = 'numeric';
  return dateFormat(options).format(date);
}

const BYTE_UNITS = [
  [1e9, 'gigabyte'],
  [1e6, 'megabyte'],
  [1e3, 'kilobyte'],
] as const;

/** A file's size in the reader's language: "340 kB", "2.5 MB", "12 byte" as Intl spells them. */
export function formatBytes(bytes: number): string {
  const [scale, unit] = BYTE_UNITS.find(([size]) => bytes >= size) ?? [1, 'byte'];
  return new Intl.NumberFormat(getLocale(), { style: 'unit', unit, unitDisplay: 'short', maximumFractionDigits: scale === 1 ? 0 : 1 }).format(bytes / scale);
}
