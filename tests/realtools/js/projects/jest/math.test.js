// Sample suite for jest: 3 passing, 2 failing, 1 skipped, 1 todo, 1 failing in a nested describe.
const add = (a, b) => a + b;

describe("arithmetic", () => {
  test("adds", () => expect(add(1, 2)).toBe(3));
  test("adds negatives", () => expect(add(-1, -2)).toBe(-3));
  test("wrong sum", () => expect(add(2, 2)).toBe(5));
  test.skip("skipped for now", () => expect(true).toBe(false));
  test.todo("subtracts");

  describe("errors", () => {
    test("throws a TypeError", () => {
      null.missing();
    });
  });
});

test.each([1, 2, 3])("is positive %i", (n) => expect(n).toBeGreaterThan(0));
