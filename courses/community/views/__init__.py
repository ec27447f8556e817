"""The learning community's pages, under `/<lang>/learning/<course_key>/`: `forum` and `action_plans`."""
