import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { RawServerDefault } from 'fastify';
import { DomainError } from './errors.js';

/** Deeper than any DTO of the platform by far; deep enough to stop nothing legitimate. */
export const MAX_JSON_DEPTH = 32;

const OPEN_OBJECT = 0x7b;
const OPEN_ARRAY = 0x5b;
const CLOSE_OBJECT = 0x7d;
const CLOSE_ARRAY = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * The deepest nesting of objects and arrays in a JSON text, by one linear scan
 * of its bytes (brackets inside strings do not count), stopping as soon as it
 * passes `limit`. Run before `JSON.parse`, so a document nested thousands deep
 * is refused before it can exhaust the stack of the parser or of anything that
 * walks the parsed value (class-transformer, class-validator).
 */
export function jsonDepthExceeds(text: Buffer | string, limit: number): boolean {
  const bytes = typeof text === 'string' ? Buffer.from(text) : text;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i];
    if (inString) {
      if (byte === BACKSLASH) i++;
      else if (byte === QUOTE) inString = false;
      continue;
    }
    if (byte === QUOTE) inString = true;
    else if (byte === OPEN_OBJECT || byte === OPEN_ARRAY) {
      depth++;
      if (depth > limit) return true;
    } else if (byte === CLOSE_OBJECT || byte === CLOSE_ARRAY) depth--;
  }
  return false;
}

/**
 * Replaces the JSON body parser of an application: the body size limit is
 * Fastify's (413 for a declared or a chunked body alike), then the depth scan
 * (400), then Fastify's own parser (400 for bad JSON, prototype poisoning
 * refused). Must be called before `app.init()`.
 */
export function useLimitedJsonParser(
  app: NestFastifyApplication,
  bodyLimit: number,
  maxDepth = MAX_JSON_DEPTH,
): void {
  const fastify = app.getHttpAdapter().getInstance();
  const parse = fastify.getDefaultJsonParser('error', 'error');
  app.useBodyParser<RawServerDefault>('application/json', { bodyLimit }, (request, body, done) => {
    if (jsonDepthExceeds(body, maxDepth)) {
      done(
        new DomainError('invalid', 'request.too-deep', `JSON bodies may nest at most ${maxDepth} levels`),
        undefined,
      );
      return;
    }
    void parse(request, body.toString('utf8'), done);
  });
}
