/**
 * At most `size` pieces of work at a time in this process; the others wait in arrival order.
 * For work that holds a database connection for long (an import's batch writes, an export's
 * cursor): the connection pool has ten, and requests need the rest.
 */
export class Slots {
  private inUse = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly size: number) {}

  async run<T>(work: () => Promise<T>): Promise<T> {
    while (this.inUse >= this.size) await new Promise<void>((resume) => this.waiting.push(resume));
    this.inUse++;
    try {
      return await work();
    } finally {
      this.inUse--;
      this.waiting.shift()?.();
    }
  }
}
