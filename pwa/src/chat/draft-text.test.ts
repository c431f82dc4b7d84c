import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { setDraftText } from './draft-text.js';

describe('a draft kept in my user document', () => {
  it('follows the text field and merges with an edit made on another device', () => {
    const phone = new Y.Doc();
    const laptop = new Y.Doc();
    const draft = (doc: Y.Doc) => doc.getMap<Y.Text>('drafts');
    draft(phone).set('c', new Y.Text());
    Y.applyUpdate(laptop, Y.encodeStateAsUpdate(phone));
    setDraftText(draft(phone).get('c')!, 'hello world');
    Y.applyUpdate(laptop, Y.encodeStateAsUpdate(phone));
    setDraftText(draft(phone).get('c')!, 'hello brave world');
    setDraftText(draft(laptop).get('c')!, 'hello world!');
    Y.applyUpdate(laptop, Y.encodeStateAsUpdate(phone));
    Y.applyUpdate(phone, Y.encodeStateAsUpdate(laptop));
    expect(draft(phone).get('c')!.toString()).toBe('hello brave world!');
    expect(draft(laptop).get('c')!.toString()).toBe('hello brave world!');
  });
});

describe('a draft with emoji', () => {
  it('keeps each emoji whole when text is typed, changed or removed around it', () => {
    const doc = new Y.Doc();
    const text = doc.getMap<Y.Text>('drafts').set('c', new Y.Text());
    const steps = ['😀', '😀😃', '😀x😃', '😃', '👍🏽 ok 👨‍👩‍👧', '👍🏿 ok 👨‍👩‍👦', '🇫🇷🇬🇧', '🇫🇷🇩🇪'];
    for (const step of steps) {
      setDraftText(text, step);
      expect(text.toString()).toBe(step);
      expect(text.toString()).not.toContain('\ufffd');
    }
    // Another device reads the same draft, emoji intact.
    const other = new Y.Doc();
    Y.applyUpdate(other, Y.encodeStateAsUpdate(doc));
    expect(other.getMap<Y.Text>('drafts').get('c')!.toString()).toBe('🇫🇷🇩🇪');
  });
});
