"""The product's settings plus two measuring aids that must never ship: an empty endpoint and SQL timing.

`bench/run.py` starts gunicorn with DJANGO_SETTINGS_MODULE=bench.settings; nothing else imports this module.
"""

from scobase.settings import *  # noqa: F403
from scobase.settings import MIDDLEWARE, REST_FRAMEWORK

DEBUG = False
ROOT_URLCONF = "bench.urls"
# Outermost, so the page's whole time (every middleware, the view, the template) is measured around it.
MIDDLEWARE = ["bench.timing.sql_time", *MIDDLEWARE]
# The benchmark measures the API's pages, not its throttle (120 requests a minute per address in the product).
REST_FRAMEWORK = {**REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"anon": "1000000/minute"}}
