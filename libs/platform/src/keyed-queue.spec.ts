import { KeyedQueue } from './keyed-queue.js';

/** A promise the test resolves by hand. */
function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

describe('KeyedQueue', () => {
  it('runs the tasks of one key one after another, in arrival order', async () => {
    const queue = new KeyedQueue();
    const log: string[] = [];
    const first = gate();
    const a = queue.run('r-1', async () => {
      log.push('a starts');
      await first.promise;
      log.push('a ends');
      return 'a';
    });
    const b = queue.run('r-1', () => {
      log.push('b runs');
      return Promise.resolve('b');
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(log).toEqual(['a starts']);
    first.open();
    expect(await Promise.all([a, b])).toEqual(['a', 'b']);
    expect(log).toEqual(['a starts', 'a ends', 'b runs']);
  });

  it('lets other keys run meanwhile', async () => {
    const queue = new KeyedQueue();
    const held = gate();
    const slow = queue.run('r-1', () => held.promise.then(() => 'slow'));
    expect(await queue.run('r-2', () => Promise.resolve('other'))).toBe('other');
    held.open();
    expect(await slow).toBe('slow');
  });

  it('goes on after a task fails, which fails only its own caller', async () => {
    const queue = new KeyedQueue();
    const failing = queue.run('r-1', () => Promise.reject(new Error('store down')));
    const next = queue.run('r-1', () => Promise.resolve('next'));
    await expect(failing).rejects.toThrow('store down');
    expect(await next).toBe('next');
  });

  it('forgets a key once its last task is done', async () => {
    const queue = new KeyedQueue();
    await queue.run('r-1', () => Promise.resolve(1));
    await new Promise((resolve) => setImmediate(resolve));
    expect(queue.size).toBe(0);
  });

  it('runs a task over several keys after the earlier tasks of each, and holds them all', async () => {
    const queue = new KeyedQueue();
    const log: string[] = [];
    const one = gate();
    const two = gate();
    const a = queue.run('r-1', () => one.promise.then(() => log.push('r-1 writer')));
    const b = queue.run('r-2', () => two.promise.then(() => log.push('r-2 writer')));
    const clear = queue.runAll(['r-1', 'r-2'], () => Promise.resolve(log.push('clear both')));
    const after = queue.run('r-2', () => Promise.resolve(log.push('r-2 after')));
    two.open();
    await b;
    expect(log).toEqual(['r-2 writer']);
    one.open();
    await Promise.all([a, clear, after]);
    expect(log).toEqual(['r-2 writer', 'r-1 writer', 'clear both', 'r-2 after']);
  });
});
