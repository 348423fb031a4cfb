/**
 * Runs tasks one after another per key, in the order they arrive; different keys run
 * side by side. Nothing is kept for a key once its last task is done.
 */
export class KeyedQueue {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    return this.runAll([key], task);
  }

  /**
   * Runs `task` once every earlier task of each of `keys` is done, and holds all of them
   * until it ends. Registration is synchronous, so tasks only ever wait for earlier ones:
   * no two tasks can wait for each other.
   */
  runAll<T>(keys: readonly string[], task: () => Promise<T>): Promise<T> {
    const unique = [...new Set(keys)];
    const previous = Promise.all(unique.map((key) => this.tails.get(key) ?? Promise.resolve()));
    const result = previous.then(task);
    const tail = result.catch(() => undefined);
    for (const key of unique) this.tails.set(key, tail);
    void tail.then(() => {
      for (const key of unique) if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }

  /** Keys with a task running or waiting (for tests). */
  get size(): number {
    return this.tails.size;
  }
}
