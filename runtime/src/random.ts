import { createHash } from 'node:crypto';

/**
 * sfc32: a small seeded generator, the same on every machine. Contract code's `Math.random` draws from one
 * per message, seeded from the message id (itself derived from the system's seed), so two runs agree.
 */
export class Sfc32 {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  /**
   * A generator whose state is the first 16 bytes of sha256("sprocket:random" NUL `seed`) for a string seed, or the
   * first 16 bytes of `seed` itself for bytes (a node's block seed).
   */
  constructor(seed: string | Uint8Array) {
    const d = typeof seed === 'string' ? createHash('sha256').update('sprocket:random\0').update(seed).digest() : seed;
    const v = new DataView(d.buffer, d.byteOffset, d.byteLength);
    this.s0 = v.getUint32(0, true) | 1;
    this.s1 = v.getUint32(4, true);
    this.s2 = v.getUint32(8, true);
    this.s3 = v.getUint32(12, true);
  }

  /** The next number in [0, 1). */
  next(): number {
    const t = (((this.s0 + this.s1) | 0) + this.s3) | 0;
    this.s3 = (this.s3 + 1) | 0;
    this.s0 = this.s1 ^ (this.s1 >>> 9);
    this.s1 = (this.s2 + (this.s2 << 3)) | 0;
    this.s2 = (this.s2 << 21) | (this.s2 >>> 11);
    this.s2 = (this.s2 + t) | 0;
    return (t >>> 0) / 4294967296;
  }
}
