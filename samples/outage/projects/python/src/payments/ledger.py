"""The ledger client the payment service uses; the CI network has no route to it tonight."""


def balance(account: str, host: str = "ledger-db", port: int = 5432) -> int:
    raise TimeoutError(f"connection to {host}:{port} timed out")


def fee(cents: int) -> int:
    """2.9% plus 30 cents, rounded half up."""
    return int(cents * 0.029 + 30)
