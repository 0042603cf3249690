Feature: Arithmetic
  One scenario of each kind behave reports: passed, failed, error (an exception, an undefined
  step, a step not implemented yet), skipped (by tag, and at run time), and an outline.

  Scenario: adds
    Given the number 2
    When I add 3
    Then the result is 5

  Scenario: wrong sum
    Given the number 2
    When I add 2
    Then the result is 5

  Scenario: step that raises
    Given the number 2
    When I divide by 0
    Then the result is 0

  Scenario: undefined step
    Given the number 2
    When I multiply by 4
    Then the result is 8

  Scenario: step not implemented yet
    Given the number 2
    When I square it
    Then the result is 4

  @skip
  Scenario: skipped by tag
    Given the number 1
    Then the result is 1

  Scenario: skipped at run time
    Given the platform lacks big numbers
    Then the result is 1

  Scenario Outline: outline <a> plus <b>
    Given the number <a>
    When I add <b>
    Then the result is <sum>

    Examples:
      | a | b | sum |
      | 1 | 1 | 2   |
      | 2 | 2 | 5   |
