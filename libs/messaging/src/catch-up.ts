/**
 * Tells when a consumer has read every partition of a topic up to the end
 * offsets seen at one moment (the high watermarks at start). Offsets are the
 * broker's decimal strings; bigint keeps them exact.
 */
export class CatchUpTracker {
  private readonly remaining = new Map<number, bigint>();
  private readonly listeners: (() => void)[] = [];

  constructor(endOffsets: ReadonlyMap<number, { low: bigint; high: bigint }>) {
    for (const [partition, { low, high }] of endOffsets) {
      // The last offset to read is high - 1; an empty partition (high <= low) has nothing to wait for.
      if (high > low) this.remaining.set(partition, high - 1n);
    }
  }

  isCaughtUp(): boolean {
    return this.remaining.size === 0;
  }

  resolved(partition: number, offset: string): void {
    const last = this.remaining.get(partition);
    if (last === undefined || BigInt(offset) < last) return;
    this.remaining.delete(partition);
    if (this.remaining.size === 0) for (const listener of this.listeners.splice(0)) listener();
  }

  onCaughtUp(listener: () => void): void {
    if (this.isCaughtUp()) listener();
    else this.listeners.push(listener);
  }
}
