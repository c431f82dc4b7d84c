/** The policies' tables of cases, written as aligned text: one row a line, cells split on spaces, `#` lines are comments. */
export function table(text: string): string[][] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => line.split(/\s+/));
}
