// The checkout API reads the ledger before it takes a payment.
function ledgerUnreachable(host, port) {
  const err = new Error(`connection to ${host}:${port} timed out`);
  err.code = "ETIMEDOUT";
  return err;
}

async function checkout(cart) {
  if (cart.items.length === 0) return { status: 400 };
  throw ledgerUnreachable("ledger-db", 5432);
}

module.exports = { checkout };
