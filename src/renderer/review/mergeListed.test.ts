import { describe, expect, it } from 'vitest';
import { mergeListed } from './mergeListed';

type Box = { rectId: number; status: string };

describe('mergeListed', () => {
  it('takes the server list, keeps optimistic boxes in flight and drops those removed in flight', () => {
    const shown: Box[] = [{ rectId: 1, status: 'approved' }, { rectId: 3, status: 'proposed' }];
    const listed: Box[] = [{ rectId: 1, status: 'proposed' }, { rectId: 2, status: 'proposed' }, { rectId: 3, status: 'rejected' }, { rectId: 4, status: 'manual' }];
    // 1 is being approved, 2 is being deleted (already gone from the screen), 3 and 4 are settled.
    const inFlight = new Map([[1, 1], [2, 1]]);
    expect(mergeListed(listed, shown, inFlight)).toEqual([{ rectId: 1, status: 'approved' }, { rectId: 3, status: 'rejected' }, { rectId: 4, status: 'manual' }]);
    expect(mergeListed(listed, shown, new Map())).toEqual(listed);
  });
});
