from domain.text import fill


def test_fill_replaces_each_placeholder_once() -> None:
    assert fill("%2 before %1", "a", "b") == "b before a"
    assert fill("%1 and %2", "%2", "x") == "%2 and x"  # a value holding a placeholder stays as it is


def test_fill_keeps_a_placeholder_past_the_values() -> None:
    assert fill("%1 of %3, %0", "one") == "one of %3, %0"
