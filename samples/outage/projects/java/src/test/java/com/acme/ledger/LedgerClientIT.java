package com.acme.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class LedgerClientIT {
    private final LedgerClient client = new LedgerClient("ledger-db", 5432);

    @Test
    void readsTheOpeningBalance() throws Exception {
        assertEquals(0, client.balance("acct-1001"));
    }

    @Test
    void postsACredit() throws Exception {
        client.post("acct-1001", 2500);
    }

    @Test
    void postsADebit() throws Exception {
        client.post("acct-1002", -1200);
    }

    @Test
    void parsesAmountsWithCents() {
        assertEquals(1999, LedgerClient.cents("19.99"));
    }

    @Test
    void parsesWholeAmounts() {
        assertEquals(500, LedgerClient.cents("5.00"));
    }
}
