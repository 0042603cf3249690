// Sample suite for vitest: passes, failures, skip, todo, a retried test that passes on its
// 2nd try, and a failing beforeEach hook.
import { describe, it, expect, beforeEach } from "vitest";

let attempts = 0;

describe("arithmetic", () => {
  it("adds", () => expect(1 + 2).toBe(3));
  it("adds negatives", () => expect(-1 + -2).toBe(-3));
  it("wrong sum", () => expect(2 + 2).toBe(5));
  it.skip("skipped for now", () => expect(true).toBe(false));
  it.todo("subtracts");
  it("passes on the second try", { retry: 2 }, () => {
    attempts += 1;
    expect(attempts).toBeGreaterThanOrEqual(2);
  });
  it.each([1, 2, 3])("is positive %i", (n) => expect(n).toBeGreaterThan(0));
});

describe("broken setup", () => {
  beforeEach(() => {
    throw new Error("hook boom");
  });
  it("first victim", () => {});
  it("second victim", () => {});
});

describe("output", () => {
  it("logs and passes", () => {
    console.log("hello from vitest");
    expect([1, 2]).toHaveLength(2);
  });
});
