"""The back office: staff sign-in (`auth`), case actions and the overdue list (`cases`), the supervision fields of
a case view (`view`), the staff pages (`pages`) and the `servicenet office ...` commands (`cli`)."""
