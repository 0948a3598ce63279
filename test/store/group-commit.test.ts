import { GroupCommit } from '../../src/store/group-commit';

describe('group commit', () => {
  it('writes a lone caller at once and callers arriving during a write together in the next', async () => {
    const writes: number[][] = [];
    let release: () => void = () => undefined;
    const group = new GroupCommit<number, number>(async (items) => {
      writes.push(items);
      if (writes.length === 1) await new Promise<void>((resolve) => (release = resolve));
      return items.map((item) => item * 10);
    });
    const first = group.submit(1);
    const later = [group.submit(2), group.submit(3), group.submit(4)];
    release();
    expect(await Promise.all([first, ...later])).toEqual([10, 20, 30, 40]);
    expect(writes).toEqual([[1], [2, 3, 4]]);
  });

  it('writes a failed group again one caller at a time, so only the bad caller fails', async () => {
    const writes: number[][] = [];
    let release: () => void = () => undefined;
    const group = new GroupCommit<number, number>(async (items) => {
      writes.push(items);
      if (writes.length === 1) await new Promise<void>((resolve) => (release = resolve));
      if (items.includes(13)) throw new Error('13 is refused');
      return items;
    });
    const first = group.submit(1);
    const good = group.submit(2);
    const bad = group.submit(13);
    const alsoGood = group.submit(4);
    release();
    await expect(first).resolves.toBe(1);
    await expect(good).resolves.toBe(2);
    await expect(bad).rejects.toThrow('13 is refused');
    await expect(alsoGood).resolves.toBe(4);
    expect(writes).toEqual([[1], [2, 13, 4], [2], [13], [4]]);
  });
});
