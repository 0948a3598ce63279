import type { IndexedObjectType } from '../store/crm-index';
import type { SyncProgress } from '../crm-index/sync-crm-index';

/**
 * The CRM index sync's progress line on a terminal (redrawn in place), or a line per object type
 * on a pipe. HubSpot's list endpoints give no totals, so it counts what has been read.
 */
export function syncProgressLine(stream: NodeJS.WriteStream = process.stderr, started = Date.now()) {
  const counts: Partial<Record<IndexedObjectType, number>> = {};
  let previous: IndexedObjectType | undefined;
  let last: SyncProgress | undefined;
  const text = (calls: number) => {
    const parts = (['companies', 'deals', 'contacts'] as const).map(
      (type) => `${type} ${counts[type] ?? 0}${type === previous ? '…' : ''}`,
    );
    return `CRM index [${parts.join(' · ')}] ${calls} calls · ${((Date.now() - started) / 1000).toFixed(1)} s`;
  };
  return {
    update(progress: SyncProgress): void {
      const before = last?.records ?? 0;
      counts[progress.objectType] = (counts[progress.objectType] ?? 0) + progress.records - before;
      if (!stream.isTTY && previous !== undefined && previous !== progress.objectType)
        stream.write(`${text(progress.calls)}\n`);
      previous = progress.objectType;
      last = progress;
      if (stream.isTTY) stream.write(`\r${text(progress.calls)}`);
    },
    done(): void {
      previous = undefined;
      stream.write(`${stream.isTTY ? '\r' : ''}${text(last?.calls ?? 0)}\n`);
    },
  };
}
