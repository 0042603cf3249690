// Cancellations, node's own outcome beside pass and fail: a test that times out, a subtest
// its parent did not wait for, and the tests of a suite that timed out.
import { describe, it, test } from "node:test";

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

test("times out", { timeout: 100 }, async () => {
  await sleep(1500);
});

test("slow parent", { timeout: 800 }, async (t) => {
  await t.test("quick child", () => {});
  t.test("slow child", async () => {
    await sleep(1500);
  });
  await sleep(1500);
});

describe("timed-out block", { timeout: 100 }, () => {
  it("waits too long", async () => {
    await sleep(1500);
  });
  it("never starts", () => {});
});
