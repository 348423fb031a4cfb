import type { KafkaMessage } from 'kafkajs';
import { decodeEvent, type AnyEvent } from '#anlao/events';

export type Where = { topic: string; partition: number; offset: string };

export interface Decoded {
  message: KafkaMessage;
  event: AnyEvent | null;
  /** Why `event` is null: the message is not a valid event. */
  error: unknown;
}

export function decodeMessage(message: KafkaMessage): Decoded {
  try {
    return { message, event: decodeEvent(message.value), error: null };
  } catch (error) {
    return { message, event: null, error };
  }
}

export interface RunItem {
  message: KafkaMessage;
  event: AnyEvent;
  where: Where;
  /** `false`: an event no handler wants, resolved in its place after the run. */
  apply: boolean;
}

/** Consecutive messages of one partition whose events of one type (or one run name) are applied together. */
export interface Run {
  type: AnyEvent['type'];
  items: RunItem[];
}

/** The run being gathered while a batch is walked; `apply` applies one and resolves its offsets. */
export class RunBuffer {
  private run: Run | null = null;

  constructor(
    private readonly apply: (run: Run) => Promise<boolean>,
    /** Types with the same name share runs; by default each type is its own. */
    private readonly runName: (type: AnyEvent['type']) => string = (type) => type,
  ) {}

  get open(): boolean {
    return this.run !== null;
  }

  /** Adds an event to apply; an event of another run first applies the run before it. */
  async add(item: RunItem): Promise<boolean> {
    if (this.run && this.runName(this.run.type) !== this.runName(item.event.type) && !(await this.flush()))
      return false;
    this.run ??= { type: item.event.type, items: [] };
    this.run.items.push(item);
    return true;
  }

  /** Adds a message that only waits for the run to be resolved in order. */
  append(item: RunItem): void {
    this.run?.items.push(item);
  }

  /** Applies the run gathered so far; `false` when the batch was taken away meanwhile. */
  async flush(): Promise<boolean> {
    if (!this.run) return true;
    const run = this.run;
    this.run = null;
    return this.apply(run);
  }
}
