import { describe, expect, it } from 'vitest';
import { asWrittenKey, parseViewerKey } from './asWrittenKey';
import { frameKey } from './framePixels';

describe('As-written viewer keys', () => {
  it('tell a frame as it is from the same frame as written, and give back image and frame', () => {
    expect(asWrittenKey('img-1', 2)).not.toBe(frameKey('img-1', 2));
    expect(parseViewerKey(asWrittenKey('img-1', 2))).toEqual({ imageId: 'img-1', frame: 2, asWritten: true });
    expect(parseViewerKey(frameKey('img-1', 2))).toEqual({ imageId: 'img-1', frame: 2, asWritten: false });
  });
});
