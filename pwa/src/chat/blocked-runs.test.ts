import { describe, expect, it } from 'vitest';
import { hideBlocked } from './blocked-runs.js';
import type { TimelineItem } from './timeline.js';

const item = (id: string, author: string): TimelineItem => ({ id, author, authorName: author, body: id, at: '', status: 'sent', mine: author === 'me', changing: false, failed: [] });
const items = [item('1', 'ann'), item('2', 'troll'), item('3', 'troll'), item('4', 'ann'), item('5', 'troll'), item('6', 'me')];
const shape = (entries: ReturnType<typeof hideBlocked>) => entries.map((e) => (e.kind === 'message' ? e.item.id : `[${e.items.map((i) => i.id).join(',')}]`));

describe('messages from blocked users', () => {
  it('folds each run of consecutive messages from blocked authors into one placeholder', () => {
    expect(shape(hideBlocked(items, new Set(['troll']), new Set()))).toEqual(['1', '[2,3]', '4', '[5]', '6']);
  });

  it('shows a run again once revealed, keyed by its first message', () => {
    expect(shape(hideBlocked(items, new Set(['troll']), new Set(['2'])))).toEqual(['1', '2', '3', '4', '[5]', '6']);
  });

  it('treats consecutive messages of several blocked people as one run, and hides nothing when nobody is blocked', () => {
    const mixed = [item('1', 'troll'), item('2', 'spam'), item('3', 'ann')];
    expect(shape(hideBlocked(mixed, new Set(['troll', 'spam']), new Set()))).toEqual(['[1,2]', '3']);
    expect(shape(hideBlocked(items, new Set(), new Set()))).toEqual(['1', '2', '3', '4', '5', '6']);
  });
});
