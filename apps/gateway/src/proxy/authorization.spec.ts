import { presentedCredential } from './authorization.js';

describe('presentedCredential', () => {
  it.each([
    [undefined, { kind: 'none' }],
    ['Bearer abc.def-ghi_jkl', { kind: 'bearer', token: 'abc.def-ghi_jkl' }],
    ['bearer abc.def', { kind: 'bearer', token: 'abc.def' }],
    ['BEARER abc.def', { kind: 'bearer', token: 'abc.def' }],
    ['bEaReR   abc.def', { kind: 'bearer', token: 'abc.def' }],
    ['Bearer abc==', { kind: 'bearer', token: 'abc==' }],
    [' Bearer abc ', { kind: 'bearer', token: 'abc' }],
    ['Basic dXNlcjpwYXNz', { kind: 'unsupported-scheme' }],
    ['Token abc', { kind: 'unsupported-scheme' }],
    ['Bearers abc', { kind: 'unsupported-scheme' }],
    ['abc.def.ghi', { kind: 'unsupported-scheme' }],
    ['Bearer', { kind: 'malformed' }],
    ['Bearer ', { kind: 'malformed' }],
    ['', { kind: 'malformed' }],
    ['Bearer a b', { kind: 'malformed' }],
    ['Bearer a,b', { kind: 'malformed' }],
    ['Bearer\tabc', { kind: 'malformed' }],
    [['Bearer a', 'Bearer b'], { kind: 'malformed' }],
  ])('%j → %j', (header, expected) => {
    expect(presentedCredential(header)).toEqual(expected);
  });
});
