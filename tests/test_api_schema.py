"""Every API operation, driven from its OpenAPI schema by schemathesis: whatever the parameters, no 5xx, and
every response (its status, headers and body) is one the schema describes.

The schema is loaded inside the test (schemathesis.pytest.from_fixture does not run under this pytest), and
each operation gets its own Hypothesis run of a bounded number of examples."""

import pytest
import schemathesis
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from scobase.wsgi import application

EXAMPLES = 40
# Summit, theme, state and publisher names are the archive's data, not the schema's: a schema-valid string that
# names no summit is rightly a 400, so the check that every schema-valid request succeeds does not apply.
VOCABULARIES = positive_data_acceptance

pytestmark = pytest.mark.django_db


@pytest.fixture
def keep_connection():
    """The WSGI app closes the database connection after each request, as a server must; in a test that
    connection holds the test's transaction. Django's test Client disconnects the same handlers."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def test_every_operation_answers_as_its_schema_says(settings, keep_connection):
    # A few hundred requests from one address: lift the throttle for this test.
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"anon": "100000/minute"}}
    schema = schemathesis.openapi.from_wsgi("/api/schema/", application)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 8

    for operation in operations:

        @given(case=operation.as_strategy())
        @hypothesis_settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        )
        def answers_as_described(case):
            case.call_and_validate(excluded_checks=[VOCABULARIES])

        try:
            answers_as_described()
        except Exception as e:
            raise AssertionError(f"{operation.label}: {e}") from e
