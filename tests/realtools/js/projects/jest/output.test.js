// A second file: one pass that prints, one suite-level skip.
test("logs and passes", () => {
  console.log("hello from jest");
  expect([1, 2]).toHaveLength(2);
});

describe.skip("whole block skipped", () => {
  test("never runs", () => expect(1).toBe(2));
  test("never runs either", () => expect(1).toBe(2));
});
