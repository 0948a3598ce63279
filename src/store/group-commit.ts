/**
 * Group commit: callers that arrive while a write is in flight are written together in the next
 * one, so concurrent webhook deliveries share one transaction (and one disk sync) instead of
 * queueing for one each. Nothing waits on a timer: a lone caller is written at once.
 *
 * A group whose write fails is written again one caller at a time, so one delivery's bad event
 * never fails the deliveries that happened to share its transaction.
 */
export class GroupCommit<T, R> {
  private pending: Array<{ item: T; resolve: (result: R) => void; reject: (error: unknown) => void }> = [];
  private flushing = false;

  constructor(private readonly write: (items: T[]) => Promise<R[]>) {}

  submit(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      if (!this.flushing) void this.flush();
    });
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    try {
      while (this.pending.length > 0) {
        const group = this.pending.splice(0);
        try {
          const results = await this.write(group.map((caller) => caller.item));
          group.forEach((caller, index) => caller.resolve(results[index] as R));
        } catch (error) {
          if (group.length === 1) {
            group[0]?.reject(error);
            continue;
          }
          for (const caller of group) {
            try {
              const [result] = await this.write([caller.item]);
              caller.resolve(result as R);
            } catch (alone) {
              caller.reject(alone);
            }
          }
        }
      }
    } finally {
      this.flushing = false;
    }
  }
}
