"""Steps of the behave sample; 'I multiply by' is left undefined on purpose."""

from typing import Any

from behave import given, then, when
from behave.api.pending_step import StepNotImplementedError


@given("the number {n:d}")
def the_number(context: Any, n: int) -> None:
    context.value = n


@given("the platform lacks big numbers")
def lacks_big_numbers(context: Any) -> None:
    context.scenario.skip("no big numbers here")


@when("I add {n:d}")
def add(context: Any, n: int) -> None:
    context.value += n


@when("I divide by {n:d}")
def divide(context: Any, n: int) -> None:
    context.value //= n


@when("I square it")
def square(context: Any) -> None:
    raise StepNotImplementedError("When I square it")


@then("the result is {n:d}")
def result_is(context: Any, n: int) -> None:
    assert context.value == n, f"expected {n}, got {context.value}"
