"""A request id on every log line of a request and in the response's X-Request-ID header.

The proxy's X-Request-ID (nginx's $request_id, a load balancer's trace id) is kept when it
looks like an id, so one id follows a request from the proxy's access log to ours; otherwise
one is made. A context variable carries it, so a logging filter finds it in any code the
request runs, without the request object. django-guid does the same with more options (Celery,
Sentry integrations, UUID-only validation that would refuse nginx's 32-hex ids); thirty lines
are easier to read than its configuration.
"""

import logging
import re
import uuid
from contextvars import ContextVar

from django.core.signals import request_finished
from django.dispatch import receiver

HEADER = "X-Request-ID"
ACCEPTED = re.compile(r"[A-Za-z0-9._:-]{8,128}")
NO_REQUEST = "-"

current_request_id = ContextVar("request_id", default=NO_REQUEST)


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get(HEADER, "")
        request_id = incoming if ACCEPTED.fullmatch(incoming) else uuid.uuid4().hex
        request.request_id = request_id
        # Kept until the response is closed: Django logs 4xx and 5xx responses after the
        # middleware has returned (django.request), and those lines need the id most.
        current_request_id.set(request_id)
        response = self.get_response(request)
        response[HEADER] = request_id
        return response


@receiver(request_finished)
def forget_request_id(**kwargs):
    current_request_id.set(NO_REQUEST)


class RequestIdFilter(logging.Filter):
    """Adds `request_id` to every record ("-" outside a request: commands, workers)."""

    def filter(self, record):
        record.request_id = current_request_id.get()
        return True
