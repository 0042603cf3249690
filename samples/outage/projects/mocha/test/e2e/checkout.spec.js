const assert = require("node:assert");
const { checkout } = require("../../src/checkoutApi");

describe("checkout e2e", function () {
  it("pays for a one-item cart", async function () {
    const res = await checkout({ items: [{ sku: "A-1", qty: 1 }] });
    assert.strictEqual(res.status, 201);
  });

  it("pays for a cart with a coupon", async function () {
    const res = await checkout({ items: [{ sku: "A-2", qty: 2 }], coupon: "SPRING" });
    assert.strictEqual(res.status, 201);
  });

  it("refuses an empty cart", async function () {
    const res = await checkout({ items: [] });
    assert.strictEqual(res.status, 400);
  });
});
