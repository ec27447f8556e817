"""Tasks of the base app."""

from django_tasks import task


@task()
def echo(value):
    """Returns its argument: `make prod-check` enqueues it to prove a worker runs tasks end to end."""
    return value
