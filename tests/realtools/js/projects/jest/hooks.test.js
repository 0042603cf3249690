// A failing beforeAll: jest fails every test of the block with the hook's error.
describe("database", () => {
  beforeAll(() => {
    throw new Error("cannot connect");
  });
  test("reads", () => {});
  test("writes", () => {});
});
