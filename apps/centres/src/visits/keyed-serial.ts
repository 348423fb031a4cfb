/**
 * Runs work for one key after the previous work for that key has settled, within
 * this process. The embedded store applies a conditional update by read-then-write
 * (ADR 0017), so two overlapping check-outs of one visit could both match its
 * `checkOutAt: null`; one writer per key keeps that to one (MongoDB's atomic update
 * decides across replicas).
 */
export class KeyedSerial {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const next = previous.then(work, work);
    const tail = next.catch(() => undefined);
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return next;
  }
}
