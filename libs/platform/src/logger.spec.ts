import { Writable } from 'node:stream';
import { createLogger } from './logger.js';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      lines.push(chunk.toString());
      cb();
    },
  });
  return { lines, stream };
}

describe('logger', () => {
  it('redacts personal fields at any of the first levels', () => {
    const { lines, stream } = capture();
    const logger = createLogger('test', 'info', stream);
    logger.info(
      {
        resident: { name: 'Wang Fang', idNumber: '210102194001011234' },
        phone: '13800000000',
        visitId: 'v-1',
      },
      'hello',
    );
    const line = lines.join('');
    expect(line).not.toContain('Wang Fang');
    expect(line).not.toContain('210102194001011234');
    expect(line).not.toContain('13800000000');
    expect(line).toContain('v-1');
    expect(line).toContain('"service":"test"');
  });
});
