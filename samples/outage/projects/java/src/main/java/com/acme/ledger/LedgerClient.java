package com.acme.ledger;

import java.util.concurrent.TimeoutException;

/** Reads balances from the ledger database; the CI network has no route to it tonight. */
public class LedgerClient {
    private final String host;
    private final int port;

    public LedgerClient(String host, int port) {
        this.host = host;
        this.port = port;
    }

    public long balance(String account) throws TimeoutException {
        return query("SELECT balance FROM accounts WHERE id = ?", account);
    }

    public void post(String account, long cents) throws TimeoutException {
        query("INSERT INTO entries(account, cents) VALUES (?, ?)", account);
    }

    private long query(String sql, String account) throws TimeoutException {
        throw new TimeoutException("connection to " + host + ":" + port + " timed out");
    }

    public static long cents(String amount) {
        String[] parts = amount.split("\\.");
        return Long.parseLong(parts[0]) * 100 + Long.parseLong(parts[1]);
    }
}
