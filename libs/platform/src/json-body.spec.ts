import { jsonDepthExceeds, MAX_JSON_DEPTH } from './json-body.js';

const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

describe('JSON depth scan', () => {
  it.each([
    ['{}', 1, false],
    ['{}', 0, true],
    ['{"a":{"b":[1,2,{"c":null}]}}', 4, false],
    ['{"a":{"b":[1,2,{"c":null}]}}', 3, true],
    ['"just a string"', 0, false],
    ['123', 0, false],
    // brackets inside strings, escaped quotes included, do not count
    ['{"a":"[[[[{{{{"}', 1, false],
    ['{"a":"\\"[[[[{{{{"}', 1, false],
    ['{"a":"\\\\","b":[[1]]}', 2, true],
    ['{"a":"\\\\","b":[[1]]}', 3, false],
    // siblings do not add up
    ['[[1],[2],[3],[4]]', 2, false],
  ])('%s deeper than %p: %p', (text, limit, expected) => {
    expect(jsonDepthExceeds(text, limit)).toBe(expected);
  });

  it('allows the limit and refuses one more', () => {
    expect(jsonDepthExceeds(nested(MAX_JSON_DEPTH), MAX_JSON_DEPTH)).toBe(false);
    expect(jsonDepthExceeds(nested(MAX_JSON_DEPTH + 1), MAX_JSON_DEPTH)).toBe(true);
  });

  it('scans a document nested 100,000 deep without recursion, in one linear pass', () => {
    const deep = Buffer.from(`{"username":"a","x":${nested(100_000)}}`);
    const started = process.hrtime.bigint();
    expect(jsonDepthExceeds(deep, MAX_JSON_DEPTH)).toBe(true);
    const flat = Buffer.from(`[${'1,'.repeat(500_000)}1]`);
    expect(jsonDepthExceeds(flat, MAX_JSON_DEPTH)).toBe(false);
    expect(Number(process.hrtime.bigint() - started) / 1e6).toBeLessThan(500);
  });

  it('reads multi-byte UTF-8 text without mistaking its bytes for brackets', () => {
    expect(jsonDepthExceeds(Buffer.from('{"name":"王秀英[","x":[1]}'), 2)).toBe(false);
  });
});
