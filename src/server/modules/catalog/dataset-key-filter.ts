// Finding repeated keys of a load without a pass over all its rows: every key goes through a blocked Bloom filter
// of fixed size (8 MiB) as the file is read. A key whose bits were all set already may have been seen — every
// true repeat is among these candidates, plus a few strangers — and only the candidates are then looked up in
// the database (dataset-repo.ts duplicateKeysAmong). When a file has more candidates than CANDIDATE_LIMIT (a very
// large file, or one full of repeats), the filter gives up and the load checks every key in the database, as
// before. Memory stays bounded either way. Keys are hashed as UTF-8 bytes, so the byte path and the string
// path of a load agree.

/** 2^21 words of 32 bits: 8 MiB, in blocks of 16 words (one 64-byte cache line). */
const WORDS = 1 << 21;
const BLOCK_SHIFT = 4;
const BLOCKS = WORDS >>> BLOCK_SHIFT;
export const CANDIDATE_LIMIT = 50_000;

const fmix = (h: number): number => {
  let x = h ^ (h >>> 16);
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
};

export class KeyFilter {
  private readonly words = new Uint32Array(WORDS);
  private list: string[] | null = [];

  /** The keys that may repeat an earlier one; null when there were too many to list (check every key). */
  get candidates(): readonly string[] | null {
    return this.list;
  }

  /** Adds the key whose UTF-8 bytes are buf[s, e). */
  addBytes(buf: Uint8Array, s: number, e: number): void {
    let h = 0x811c9dc5;
    for (let i = s; i < e; i++) h = Math.imul(h ^ buf[i], 0x01000193);
    if (this.set(h >>> 0) && this.list !== null) {
      if (this.list.length >= CANDIDATE_LIMIT) this.list = null;
      else this.list.push(Buffer.from(buf.buffer, buf.byteOffset + s, e - s).toString('utf8'));
    }
  }

  addString(key: string): void {
    const b = Buffer.from(key, 'utf8');
    this.addBytes(b, 0, b.length);
  }

  /** Sets the key's six bits in its block; true when all were set before. */
  private set(h: number): boolean {
    const base = (fmix(h ^ 0x9e3779b9) % BLOCKS) << BLOCK_SHIFT;
    let g = fmix(h);
    let seen = true;
    for (let k = 0; k < 6; k++) {
      if (k === 3) g = fmix(g ^ 0x5bd1e995);
      const w = base + (g & 15);
      const bit = 1 << ((g >>> 4) & 31);
      if ((this.words[w] & bit) === 0) {
        seen = false;
        this.words[w] |= bit;
      }
      g >>>= 9;
    }
    return seen;
  }
}
