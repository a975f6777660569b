import { describe, expect, it } from 'vitest';
import { propagatedMessage } from './propagatedMessage';

describe('propagatedMessage', () => {
  it('says which done marks the copy cleared', () => {
    expect(propagatedMessage({ created: 2, images: 2, skipped: 1, reopened: [] })).toBe('Added 2 rule boxes on 2 images (1 already had it).');
    expect(propagatedMessage({ created: 2, images: 2, skipped: 0, reopened: ['img_a'] })).toBe(
      'Added 2 rule boxes on 2 images. 1 image was marked done and needs review again: the done mark was cleared.',
    );
  });
});
