// CIDR arithmetic behind the network rules of the config decoder.
import { suite } from "uvu";
import * as assert from "uvu/assert";

import { contains, overlaps, parseCidr } from "../src/contract/cidr";

const parse = suite("parseCidr");

parse("reads a network address and prefix", () => {
  assert.equal(parseCidr("10.0.1.0/24"), { text: "10.0.1.0/24", base: 10 * 2 ** 24 + 256, prefix: 24 });
});

parse("refuses octets over 255, leading zeros, host bits and prefixes over 32", () => {
  for (const bad of ["10.0.256.0/24", "10.0.01.0/24", "10.0.1.1/24", "10.0.0.0/33", "10.0.0.0", "ten/8"]) {
    assert.is(parseCidr(bad), undefined, bad);
  }
});

parse("reads every octet into the address, most significant first", () => {
  assert.equal(parseCidr("192.168.4.0/22"), { text: "192.168.4.0/22", base: 3232236544, prefix: 22 });
  assert.equal(parseCidr("255.255.255.255/32"), { text: "255.255.255.255/32", base: 2 ** 32 - 1, prefix: 32 });
  assert.equal(parseCidr("0.0.0.0/0"), { text: "0.0.0.0/0", base: 0, prefix: 0 });
});

parse("at its edges: octet 255 and prefix 32 are in, 256 and 33 are out; a single 0 is no leading zero", () => {
  assert.ok(parseCidr("10.255.0.0/16"));
  assert.ok(parseCidr("10.0.0.1/32"));
  assert.ok(parseCidr("10.0.0.0/8"));
  for (const bad of [
    "256.0.0.0/8",
    "10.0.0.0/33",
    "010.0.0.0/8",
    "10.00.0.0/16",
    " 10.0.0.0/16",
    "10.0.0.0/16 ",
    "10.0.0.0.0/16",
    "10.0.0/16",
    "10.0.0.1000/32",
    "10.0.0.0/",
    "10.0.0.0/123",
  ]) {
    assert.is(parseCidr(bad), undefined, bad);
  }
});

parse("a block's address is a multiple of its size: 10.0.0.128/25 is a block, 10.0.0.128/24 is not", () => {
  assert.ok(parseCidr("10.0.0.128/25"));
  assert.is(parseCidr("10.0.0.128/24"), undefined);
  assert.is(parseCidr("10.0.1.0/23"), undefined);
  assert.ok(parseCidr("10.0.2.0/23"));
});

parse.run();

const relations = suite("contains and overlaps");

const cidr = (text: string) => {
  const c = parseCidr(text);
  if (c === undefined) throw new Error(text);
  return c;
};

relations("a /24 of the VPC lies inside it; its neighbour /16 does not", () => {
  assert.ok(contains(cidr("10.0.0.0/16"), cidr("10.0.255.0/24")));
  assert.not.ok(contains(cidr("10.0.0.0/16"), cidr("10.1.0.0/24")));
  assert.not.ok(contains(cidr("10.0.0.0/24"), cidr("10.0.0.0/16")));
});

relations("adjacent blocks do not overlap; a block and its half do", () => {
  assert.not.ok(overlaps(cidr("10.0.1.0/24"), cidr("10.0.2.0/24")));
  assert.ok(overlaps(cidr("10.0.2.0/24"), cidr("10.0.2.128/25")));
  assert.ok(overlaps(cidr("10.0.2.128/25"), cidr("10.0.0.0/16")));
});

relations(
  "containment at the edges: the first and the last block of the VPC are inside, their neighbours are not",
  () => {
    const vpc = cidr("10.0.0.0/16");
    assert.ok(contains(vpc, cidr("10.0.0.0/24")));
    assert.ok(contains(vpc, cidr("10.0.255.0/24")));
    assert.ok(contains(vpc, vpc));
    assert.not.ok(contains(vpc, cidr("9.255.255.0/24")));
    assert.not.ok(contains(vpc, cidr("10.1.0.0/24")));
    // A larger block is never inside a smaller one, whether they start or end at the same address.
    assert.not.ok(contains(cidr("10.0.0.0/17"), vpc));
    assert.not.ok(contains(cidr("10.0.128.0/17"), vpc));
  },
);

relations("overlap at the edges: blocks sharing one address overlap, blocks one address apart do not", () => {
  assert.ok(overlaps(cidr("10.0.0.0/24"), cidr("10.0.0.255/32")));
  assert.ok(overlaps(cidr("10.0.0.255/32"), cidr("10.0.0.0/24")));
  assert.ok(overlaps(cidr("10.0.1.0/24"), cidr("10.0.1.0/32")));
  assert.not.ok(overlaps(cidr("10.0.1.0/24"), cidr("10.0.0.255/32")));
  assert.not.ok(overlaps(cidr("10.0.0.255/32"), cidr("10.0.1.0/24")));
  assert.not.ok(overlaps(cidr("10.0.0.0/25"), cidr("10.0.0.128/25")));
});

relations.run();
