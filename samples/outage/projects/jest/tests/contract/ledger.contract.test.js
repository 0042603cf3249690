const { balance, formatCents } = require("../../src/ledgerClient");

describe("ledger contract", () => {
  test("balance response has the agreed shape", async () => {
    const body = await balance("acct-3001");
    expect(body).toHaveProperty("cents");
  });

  test("an unknown account answers 404", async () => {
    const body = await balance("acct-0000");
    expect(body).toBeNull();
  });

  test("amounts are formatted with two decimals", () => {
    expect(formatCents(1999)).toBe("19.99");
  });

  test("whole amounts keep their zeros", () => {
    expect(formatCents(500)).toBe("5.00");
  });
});
