import {
  KafkaJSConnectionError,
  KafkaJSNonRetriableError,
  KafkaJSNumberOfRetriesExceeded,
  KafkaJSProtocolError,
  KafkaJSRequestTimeoutError,
} from 'kafkajs';
import {
  MongoNetworkError,
  MongoNetworkTimeoutError,
  MongoServerError,
  MongoServerSelectionError,
} from 'mongodb';
import { InvalidEventError } from '#anlao/events';
import { backoffDelay, classifyError, TransientError } from './error-class.js';

function withCode(message: string, code: string): Error {
  return Object.assign(new Error(message), { code });
}

/** A broker's error answer as kafkajs builds it (its typings take only an Error). */
function protocolError(type: string, code: number, retriable: boolean): KafkaJSProtocolError {
  const answer = { type, code, retriable, message: type.toLowerCase() };
  return new KafkaJSProtocolError(answer as unknown as Error);
}

/** What the driver throws when no server answers within serverSelectionTimeoutMS. */
function serverSelectionError(): MongoServerSelectionError {
  const topology = { type: 'Unknown', servers: new Map(), error: null };
  return new MongoServerSelectionError(
    'Server selection timed out after 2000 ms',
    topology as unknown as ConstructorParameters<typeof MongoServerSelectionError>[1],
  );
}

describe('classifyError', () => {
  it.each<[string, unknown]>([
    ['server selection failed (store away)', serverSelectionError()],
    ['a network error', new MongoNetworkError('connection reset')],
    ['a socket timeout', new MongoNetworkTimeoutError('timed out')],
    ['not primary (10107)', new MongoServerError({ code: 10107, errmsg: 'not primary' })],
    ['a primary stepping down (189)', new MongoServerError({ code: 189, errmsg: 'stepped down' })],
    ['a shutting-down server (91)', new MongoServerError({ code: 91, errmsg: 'shutdown' })],
    [
      'a retryable-write label',
      Object.assign(new MongoServerError({ code: 1, errmsg: 'x' }), {
        errorLabelSet: new Set(['RetryableWriteError']),
      }),
    ],
    [
      'a pool cleared by the driver',
      Object.assign(new Error('pool cleared'), { name: 'MongoPoolClearedError' }),
    ],
    [
      'Mongoose buffering with no connection',
      new Error('Operation `inbox.findOne()` buffering timed out after 10000ms'),
    ],
    ['a refused connection', withCode('connect ECONNREFUSED 127.0.0.1:27117', 'ECONNREFUSED')],
    ['a reset socket', withCode('read ECONNRESET', 'ECONNRESET')],
    ['the broker unreachable', new KafkaJSConnectionError('Connection error')],
    ['a broker request timing out', new KafkaJSRequestTimeoutError('Request timed out')],
    [
      'kafkajs giving up its own retries',
      new KafkaJSNumberOfRetriesExceeded(new Error('x'), { retryCount: 5, retryTime: 3000 }),
    ],
    ['a retriable broker answer (leader moving)', protocolError('LEADER_NOT_AVAILABLE', 5, true)],
    ['a handler that says so', new TransientError('pricing service away')],
    [
      'an infrastructure error wrapped as a cause',
      new Error('could not record the visit', { cause: serverSelectionError() }),
    ],
    [
      "kafkajs' originalError",
      Object.assign(new Error('send failed'), { originalError: new KafkaJSConnectionError('gone') }),
    ],
  ])('treats %s as infrastructure', (_, error) => {
    expect(classifyError(error)).toBe('infrastructure');
  });

  it.each<[string, unknown]>([
    ['an invalid event', new InvalidEventError('payload: Required')],
    ['a domain rule', new Error('wallet balance would go negative')],
    ['a duplicate key (11000)', new MongoServerError({ code: 11000, errmsg: 'E11000 duplicate key' })],
    ['a document failing validation (121)', new MongoServerError({ code: 121, errmsg: 'validation' })],
    [
      'a broker answer that will not change (message too large)',
      protocolError('MESSAGE_TOO_LARGE', 10, false),
    ],
    [
      'a non-retriable kafkajs error with no infrastructure cause',
      new KafkaJSNonRetriableError(new Error('bad')),
    ],
    ['a TypeError in a handler', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['a thrown string', 'boom'],
    ['undefined', undefined],
  ])('treats %s as poison', (_, error) => {
    expect(classifyError(error)).toBe('poison');
  });

  it('stops following a cause chain that loops', () => {
    const a = new Error('a') as Error & { cause?: unknown };
    const b = new Error('b', { cause: a });
    a.cause = b;
    expect(classifyError(a)).toBe('poison');
  });
});

describe('backoffDelay', () => {
  const middle = () => 0.5;

  it('doubles from the base and stops at the ceiling, for any number of attempts', () => {
    expect([1, 2, 3, 4, 5, 6].map((a) => backoffDelay(a, 200, 5_000, middle))).toEqual([
      200, 400, 800, 1_600, 3_200, 5_000,
    ]);
    expect(backoffDelay(10_000, 200, 5_000, middle)).toBe(5_000);
  });

  it('spreads retries by ±20 %', () => {
    expect(backoffDelay(3, 200, 5_000, () => 0)).toBe(640);
    expect(backoffDelay(3, 200, 5_000, () => 1)).toBe(960);
  });
});
