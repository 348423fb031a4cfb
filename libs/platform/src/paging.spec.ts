import { pageOf, pageWindow } from './paging.js';

describe('paging by id', () => {
  it('starts at the beginning and goes on after the cursor', () => {
    expect(pageWindow({})).toEqual({ idAfter: {}, limit: 100 });
    expect(pageWindow({ after: 'u-9', limit: 2 })).toEqual({ idAfter: { _id: { $gt: 'u-9' } }, limit: 2 });
  });

  it('gives a cursor only when the page is full', () => {
    expect(pageOf(['a', 'b'], 2, (x) => x)).toEqual({ items: ['a', 'b'], next: 'b' });
    expect(pageOf(['a'], 2, (x) => x)).toEqual({ items: ['a'], next: null });
    expect(pageOf([], 2, (x: string) => x)).toEqual({ items: [], next: null });
  });
});
