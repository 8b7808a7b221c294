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

relations.run();
