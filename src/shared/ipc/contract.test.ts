import { describe, expect, it } from 'vitest';
import { CHANNEL_NAMES, EVENT_NAMES } from './channelNames';
import { CONTRACT, EVENTS } from './contract';

describe('contract', () => {
  it('declares exactly the channels and events the preload exposes', () => {
    expect(Object.keys(CONTRACT).sort()).toEqual([...CHANNEL_NAMES].sort());
    expect(Object.keys(EVENTS).sort()).toEqual([...EVENT_NAMES].sort());
  });

  it('accepts well-formed requests and fills defaults', () => {
    const tree = CONTRACT.studiesTree.request.parse({ folderId: 'fld_abcdefgh' });
    expect(tree.filter).toEqual({ unreviewedOnly: false, hasProposals: false, withheld: false });
    const frame = CONTRACT.imagesFrame.request.parse({ imageId: 'img_0123456789', frame: 2 });
    expect(frame.format).toBe('gray8');
    const create = CONTRACT.rectsCreate.request.parse({ imageId: 'img_0123456789', frame: null, box: { x: 1, y: 2, w: 3, h: 4 } });
    expect(create).toMatchObject({ plane: 'frame', overlayGroup: null });
    expect(CONTRACT.studiesOpen.request.parse({ source: { via: 'sample' } })).toEqual({ source: { via: 'sample' } });
  });

  it('refuses paths where ids are expected, unknown fields and malformed values', () => {
    const bad: [keyof typeof CONTRACT, unknown][] = [
      ['studiesOpen', { source: { via: 'path', path: '/etc' } }],
      ['studiesOpen', { source: { via: 'browse', folderId: '/home/user/study' } }],
      ['studiesTree', { folderId: '../../etc' }],
      ['imagesFrame', { imageId: 'img_0123456789', frame: -1 }],
      ['imagesFrame', { imageId: 'img_0123456789', frame: 1.5 }],
      ['rectsCreate', { imageId: 'img_0123456789', frame: 0, box: { x: 0, y: 0, w: 0, h: 4 } }],
      ['rectsDecide', { rectIds: [], status: 'approved' }],
      ['rectsDecide', { rectIds: [1], status: 'burned' }],
      ['appSetReviewer', { name: '' }],
      ['appInfo', { extra: true }],
      ['exportsWrite', { kind: 'mapping', destination: { via: 'path', path: '/tmp/x.csv' } }],
      ['deidentifyStart', { folderId: 'fld_abcdefgh', output: { via: 'browse', folderId: 'C:\\out' } }],
      ['browseCreateFolder', { parentId: 'fld_abcdefgh', name: '../escape' }],
      ['browseCreateFolder', { parentId: 'fld_abcdefgh', name: '..' }],
      ['projectsCreate', { name: 'p', settings: { prefix: 'A-B' } }],
      ['projectsCreate', { name: 'p', settings: { options: ['999999'] } }],
    ];
    for (const [name, payload] of bad) {
      const result = CONTRACT[name].request.safeParse(payload);
      expect(result.success, `${name} ${JSON.stringify(payload)}`).toBe(false);
    }
  });

  it('types frame pixels as an ArrayBuffer', () => {
    const value = {
      imageId: 'img_0123456789', frame: 0, width: 1, height: 1, format: 'gray8', signed: false,
      rescale: { slope: 1, intercept: 0 }, window: { center: 1, width: 2 }, minPixelValue: 0, maxPixelValue: 255, invert: false,
    };
    expect(CONTRACT.imagesFrame.response.safeParse({ ...value, pixels: new ArrayBuffer(1) }).success).toBe(true);
    expect(CONTRACT.imagesFrame.response.safeParse({ ...value, pixels: [1] }).success).toBe(false);
  });
});
