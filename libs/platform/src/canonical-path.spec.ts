import { nonCanonicalPathReason } from './canonical-path.js';

describe('nonCanonicalPathReason', () => {
  it.each([
    '/',
    '/health',
    '/api/residents/residents/r-000123',
    '/api/residents/residents?ageBand=80%2B&livingArrangement=alone',
    '/api/residents/residents?q=%2E%2E%2F%61', // the query is validation's business
    '/docs/',
    '/api/centres/centres/c-heping-01/visits',
    '/api/analytics/x%20y', // a space has no plain spelling in a request target
    '/api/analytics/%E4%B8%AD', // nor has non-ASCII
    '/api/analytics/a%2Bb%3Dc%40d', // reserved characters may be encoded
    '/a.b/..c/...', // dots inside segments are ordinary characters
    '/a/b/',
  ])('accepts %s', (url) => {
    expect(nonCanonicalPathReason(url)).toBeUndefined();
  });

  it.each([
    ['/%61pi/centres/centres', '%61'],
    ['/%41pi/centres', '%41'],
    ['/api/residents/residents/%72-000123', '%72'],
    ['/api/residents/residents/r%2D000123', '%2D'],
    ['/api/residents/residents/r%2d000123', '%2d'],
    ['/api/x%5Fy', '%5F'],
    ['/api/x%7ey', '%7e'],
    ['/api/x%30', '%30'],
    ['/api/x%5A%7A%39', '%5A'],
    ['/api%2Fresidents/residents', '%2F'],
    ['/api%2fresidents/residents', '%2f'],
    ['/api%5Cresidents', '%5C'],
    ['/api/residents/%2E/residents', '%2E'],
    ['/api/residents/%2e%2e/admin', '%2e'],
    ['/api/residents/.%2e/admin', '%2e'],
  ])('refuses %s (encoded unreserved or separator %s)', (url, encoded) => {
    expect(nonCanonicalPathReason(url)).toBe(`${encoded} must be written as the character itself`);
  });

  it.each([
    ['/api/residents/./residents/r-1', 'dot segments are not allowed'],
    ['/api/residents/../gateway', 'dot segments are not allowed'],
    ['/api/residents/.', 'dot segments are not allowed'],
    ['/api/residents/..', 'dot segments are not allowed'],
    ['/./api', 'dot segments are not allowed'],
    ['/api//residents/residents', 'empty segments (//) are not allowed'],
    ['//api/residents', 'empty segments (//) are not allowed'],
    ['/api/residents//', 'empty segments (//) are not allowed'],
    ['/api\\residents', 'backslashes are not allowed'],
    ['/api/residents\\..\\x', 'backslashes are not allowed'],
    ['/api/x%', 'malformed percent-encoding'],
    ['/api/x%4', 'malformed percent-encoding'],
    ['/api/x%zz', 'malformed percent-encoding'],
    ['/api/x%00', 'encoded control characters are not allowed'],
    ['/api/x%0A', 'encoded control characters are not allowed'],
    ['/api/x%7F', 'encoded control characters are not allowed'],
    ['*', 'the path must start with /'],
    ['http://evil.example/api/residents', 'the path must start with /'],
  ])('refuses %s: %s', (url, reason) => {
    expect(nonCanonicalPathReason(url)).toBe(reason);
  });
});
