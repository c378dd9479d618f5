/**
 * Batch writes of an import, up to `lanes` at a time, each in its own transaction on its own
 * connection. PostgreSQL is the import's bottleneck (its CPU per row is about one and a half times
 * this process's), and one write in flight kept it on one core while this process, reading and
 * checking ahead, waited about half the time. Two lanes give PostgreSQL both cores.
 *
 * Batches then commit out of file order, which changes nothing the import reports: each batch
 * dedupes against what is committed (ID numbers, 户号 …) and the job's totals are sums. Two
 * batches that touch the same households in opposite order can deadlock; PostgreSQL aborts one
 * and that batch is written again (its transaction rolled back as a whole).
 */
import { Slots } from '../../../platform/slots.js';

const RETRIED = new Set(['40P01', '40001']); // deadlock_detected, serialization_failure
const MAX_ATTEMPTS = 5;

/**
 * Batch writes of all the imports running in this process at a time. Several communities
 * importing the same morning would otherwise hold two or three of the server's ten database
 * connections each; past two writes at a time PostgreSQL has no core left to give them anyway.
 */
const PROCESS_SLOTS = new Slots(2);

function inSlot(write: () => Promise<void>): Promise<void> {
  return PROCESS_SLOTS.run(() => retryOnDeadlock(write));
}

export class WriteLanes {
  private readonly inFlight = new Set<Promise<void>>();
  private failure: unknown = null;

  constructor(private readonly lanes: number) {}

  /**
   * Waits for a free lane, then starts `write` in it once one of the process's write slots is free
   * (retried on deadlock); throws a failure of an earlier write.
   */
  async submit(write: () => Promise<void>): Promise<void> {
    while (this.inFlight.size >= this.lanes) await Promise.race(this.inFlight);
    this.throwIfFailed();
    const run: Promise<void> = inSlot(write)
      .catch((e) => { this.failure ??= e; })
      .finally(() => this.inFlight.delete(run));
    this.inFlight.add(run);
  }

  /** Waits for every write started; throws the first failure. */
  async drain(): Promise<void> {
    await this.settle();
    this.throwIfFailed();
  }

  /** Waits for every write started, failed or not (a job that fails does not leave writes running behind it). */
  async settle(): Promise<void> {
    while (this.inFlight.size) await Promise.race(this.inFlight);
  }

  private throwIfFailed() {
    if (this.failure) throw this.failure;
  }
}

async function retryOnDeadlock(write: () => Promise<void>): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await write();
    } catch (e) {
      if (attempt >= MAX_ATTEMPTS || !RETRIED.has((e as { code?: string }).code ?? '')) throw e;
    }
  }
}
