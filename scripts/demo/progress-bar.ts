/** A one-line progress bar on a terminal; on a pipe, a line at each quarter. */
export function progressBar(total: number, stream: NodeJS.WriteStream = process.stderr) {
  let lastQuarter = -1;
  return {
    update(state: { sent: number; decided: number; written: number; seconds: number }): void {
      const width = 30;
      const done = Math.round((state.written / Math.max(1, total)) * width);
      const text = `[${'#'.repeat(done)}${'-'.repeat(width - done)}] ${state.sent}/${total} sent · ${state.decided} decided · ${state.written} written · ${state.seconds.toFixed(1)} s`;
      if (stream.isTTY) {
        stream.write(`\r${text}`);
        return;
      }
      const quarter = Math.floor((state.written / Math.max(1, total)) * 4);
      if (quarter !== lastQuarter) {
        lastQuarter = quarter;
        stream.write(`${text}\n`);
      }
    },
    done(): void {
      if (stream.isTTY) stream.write('\n');
    },
  };
}
