// A failing beforeAll (vitest skips the block's tests and fails the block), and a test.fails
// that fails as expected (vitest counts it as passed).
import { describe, test, expect, beforeAll } from "vitest";

describe("database", () => {
  beforeAll(() => {
    throw new Error("cannot connect");
  });
  test("reads", () => {});
  test("writes", () => {});
});

describe("known bugs", () => {
  test.fails("stays broken", () => expect(1).toBe(2));
});
