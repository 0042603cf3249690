// Sample suite for node's own test runner: passes, failures, skip, todo (passing and
// failing), a subtest tree, and a failing beforeEach hook.
import { describe, it, test, beforeEach } from "node:test";
import assert from "node:assert/strict";

describe("arithmetic", () => {
  it("adds", () => assert.equal(1 + 2, 3));
  it("adds negatives", () => assert.equal(-1 + -2, -3));
  it("wrong sum", () => assert.equal(2 + 2, 5));
  it.skip("skipped for now", () => assert.fail("never"));
  it.todo("subtracts");
  it("todo that fails", { todo: "not finished" }, () => assert.fail("unfinished"));
});

describe("broken setup", () => {
  beforeEach(() => {
    throw new Error("hook boom");
  });
  it("first victim", () => {});
  it("second victim", () => {});
});

test("top-level with subtests", async (t) => {
  await t.test("inner pass", () => {});
  await t.test("inner fail", () => assert.equal("a", "b"));
});

test("logs and passes", () => {
  console.log("hello from node:test");
});
