/**
 * Tone indicators: the short tags people add after a sentence to say how it is meant (`/j`
 * joking, `/srs` serious…), from the common list. A tag is one only as a word of its own (after
 * the start of a line or a space, before the end, a space or punctuation), so `and/or` and a path
 * like `/usr/bin` stay text. Pure; the labels are the catalogue's (`tone.<meaning>`).
 */

export const TONES = {
  j: 'joking',
  hj: 'halfJoking',
  s: 'sarcastic',
  sarc: 'sarcastic',
  srs: 'serious',
  nsrs: 'notSerious',
  lh: 'lightHearted',
  g: 'genuine',
  gen: 'genuine',
  gq: 'genuineQuestion',
  pos: 'positive',
  neg: 'negative',
  neu: 'neutral',
  p: 'platonic',
  r: 'romantic',
  t: 'teasing',
  nm: 'notMad',
  lu: 'littleUpset',
  nbh: 'nobodyHere',
  nay: 'notAtYou',
  nbr: 'notBeingRude',
  ij: 'insideJoke',
  ref: 'reference',
  rh: 'rhetorical',
  rt: 'rhetorical',
  m: 'metaphorical',
  li: 'literal',
  hyp: 'hyperbole',
  ex: 'exaggeration',
  l: 'lyrics',
  ly: 'lyrics',
  c: 'copypasta',
  f: 'fake',
  ot: 'offTopic',
  th: 'threat',
  cb: 'clickbait',
  pc: 'positiveConnotation',
  nc: 'negativeConnotation',
} as const;

export type ToneMeaning = (typeof TONES)[keyof typeof TONES];

export type TonePart = { text: string; tone?: ToneMeaning };

const TAG = /(^|\s)(\/([a-z]{1,4}))(?=$|[\s.,;:!?)\]}…])/gi;

/** The text cut into plain parts and tone indicators, in order; nothing is lost or added. */
export function splitTones(text: string): TonePart[] {
  const parts: TonePart[] = [];
  let from = 0;
  for (const match of text.matchAll(TAG)) {
    const tone = TONES[match[3]!.toLowerCase() as keyof typeof TONES];
    if (!tone) continue;
    const start = match.index + match[1]!.length;
    if (start > from) parts.push({ text: text.slice(from, start) });
    parts.push({ text: match[2]!, tone });
    from = start + match[2]!.length;
  }
  if (from < text.length || parts.length === 0) parts.push({ text: text.slice(from) });
  return parts;
}
