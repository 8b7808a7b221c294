// IPv4 CIDR arithmetic for the config decoder: parse a block, test containment and overlap.
// Used by src/contract/config.ts to check that subnets sit inside the VPC and do not collide.

export interface Cidr {
  readonly text: string;
  readonly base: number; // network address as an unsigned 32-bit integer
  readonly prefix: number;
}

// Parses "a.b.c.d/n"; undefined for anything else (bad octets, leading zeros, host bits set).
export const parseCidr = (text: string): Cidr | undefined => {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(text);
  if (match === null) return undefined;
  const octets = match.slice(1, 5).map(Number);
  const prefix = Number(match[5]);
  const wellFormed = match.slice(1, 5).every((o) => o === String(Number(o)));
  if (!wellFormed || octets.some((o) => o > 255) || prefix > 32) return undefined;
  const base = octets.reduce((acc, o) => acc * 256 + o, 0);
  return base % blockSize(prefix) === 0 ? { text, base, prefix } : undefined;
};

// Its first and last addresses inside the outer block's (so its prefix is at least as long).
export const contains = (outer: Cidr, inner: Cidr): boolean =>
  inner.base >= outer.base && lastAddress(inner) <= lastAddress(outer);

export const overlaps = (a: Cidr, b: Cidr): boolean => a.base <= lastAddress(b) && b.base <= lastAddress(a);

const blockSize = (prefix: number): number => 2 ** (32 - prefix);

const lastAddress = (c: Cidr): number => c.base + blockSize(c.prefix) - 1;
