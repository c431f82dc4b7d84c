import { describe, expect, it } from 'vitest';
import { thumbnailSize } from './attachment-files.js';
import { isImage } from './attachment-kinds.js';

const file = (width?: number, height?: number, type = 'image/png') => ({ id: 'a', name: 'x.png', type, size: 10, ...(width && height ? { width, height } : {}) });

describe('a picture on the timeline', () => {
  it('takes a size of its own ratio in a 320 × 240 box, never larger than itself', () => {
    expect(thumbnailSize(file(800, 400))).toEqual({ width: 320, height: 160 });
    expect(thumbnailSize(file(300, 900))).toEqual({ width: 80, height: 240 });
    expect(thumbnailSize(file(100, 50))).toEqual({ width: 100, height: 50 });
    expect(thumbnailSize(file(5000, 1))).toEqual({ width: 320, height: 1 });
  });

  it('is a picture only when its bytes were an image with a known size', () => {
    expect(isImage(file(10, 10))).toBe(true);
    expect(isImage(file())).toBe(false);
    expect(isImage(file(10, 10, 'text/plain'))).toBe(false);
  });
});
