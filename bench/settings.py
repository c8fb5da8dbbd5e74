"""The product's settings plus two measuring aids that must never ship: an empty endpoint and SQL timing.

`bench/run.py` starts gunicorn with DJANGO_SETTINGS_MODULE=bench.settings; nothing else imports this module.
"""

from scobase.settings import *  # noqa: F403
from scobase.settings import MIDDLEWARE

DEBUG = False
ROOT_URLCONF = "bench.urls"
# Outermost, so the page's whole time (every middleware, the view, the template) is measured around it.
MIDDLEWARE = ["bench.timing.sql_time", *MIDDLEWARE]
