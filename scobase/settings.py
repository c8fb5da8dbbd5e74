"""Settings for the SCO Declarations Archive, read from the environment.

SQLite by default, so a checkout runs with no server; DATABASE_URL=postgres://... switches to PostgreSQL.
PRODUCTION=1 turns on the hardening that `manage.py check --deploy` asks for.
"""

import os
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

# numpy's matrix products (alignment.py) run in the request's own thread: OpenBLAS's threads, one per core by
# default, spin while they wait, so two workers' comparisons fought over both cores (read before numpy loads).
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")


def env(name, default=""):
    return os.environ.get(name, default)


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


def database_from_url(url):
    """A Django DATABASES entry from sqlite:///path or postgres://user:pass@host:port/name?options."""
    parts = urlsplit(url)
    if parts.scheme == "sqlite":
        # sqlite:///db.sqlite3 is relative to the project; sqlite:////tmp/x.sqlite3 is absolute.
        path = unquote(parts.path[1:]) if parts.path not in ("", "/") else "db.sqlite3"
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": path if path == ":memory:" else BASE_DIR / path,
        }
    if parts.scheme in {"postgres", "postgresql", "pgsql"}:
        options = {key: values[-1] for key, values in parse_qs(parts.query).items()}
        # JIT compiles any query the planner thinks expensive: the paragraph browser's bounded queries gain
        # nothing from it and pay 50-200 ms of compiling (issue 7). ?options=... in the URL replaces this.
        options.setdefault("options", "-c jit=off")
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": unquote(parts.path.lstrip("/")) or "sco",
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": parts.hostname or "",
            "PORT": str(parts.port or ""),
            "CONN_MAX_AGE": int(env("DB_CONN_MAX_AGE", "60")),
            "CONN_HEALTH_CHECKS": True,
            "OPTIONS": options,
        }
    raise ValueError(f"DATABASE_URL: unsupported scheme {parts.scheme!r} (use sqlite:/// or postgres://)")


PRODUCTION = env_bool("PRODUCTION")
DEBUG = env_bool("DEBUG")
SECRET_KEY = env("SECRET_KEY") or "insecure-development-key-only-for-local-use"


def weak_secret_key(key):
    """Why the key is unfit for production, or "": the test Django's own check (security.W009) applies."""
    if key.startswith(("insecure-", "django-insecure")):
        return "it is the development key"
    if len(key) < 50:
        return f"it has {len(key)} characters"
    if len(set(key)) < 5:
        return f"it has only {len(set(key))} different characters"
    return ""


if PRODUCTION and (weakness := weak_secret_key(SECRET_KEY)):
    raise ImproperlyConfigured(
        f"PRODUCTION=1 needs a SECRET_KEY of at least 50 random characters (5 or more different ones); "
        f"{weakness}. Make one with: python -c 'import secrets; print(secrets.token_urlsafe(64))'"
    )
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "corsheaders",
    "reversion",
    "axes",
    "csp",
    "declarations",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "scobase.middleware.AllowedMethodsMiddleware",  # GET and HEAD; POST only in the admin
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
]

# A file past the import limit is not stored at all (declarations/uploads.py); the others as Django stores them.
FILE_UPLOAD_HANDLERS = [
    "declarations.uploads.TextUploadLimit",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

ROOT_URLCONF = "scobase.urls"
WSGI_APPLICATION = "scobase.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    }
]

DATABASES = {"default": database_from_url(env("DATABASE_URL", "sqlite:///db.sqlite3"))}
# Read replicas of the primary (postgres:// URLs, comma-separated): reads are spread over them (scobase/routers.py).
for number, replica_url in enumerate(env_list("DATABASE_REPLICA_URLS"), 1):
    DATABASES[f"replica{number}"] = {**database_from_url(replica_url), "TEST": {"MIRROR": "default"}}
if len(DATABASES) > 1:
    DATABASE_ROUTERS = ["scobase.routers.PrimaryReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # must come first: it refuses locked-out credentials
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Failed-login throttling: lock a username+IP pair after 5 failures for an hour. The pair, not the username
# alone, so failures from one address never lock the account for staff elsewhere.
AXES_FAILURE_LIMIT = int(env("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# Behind a reverse proxy every request comes from the proxy's address, so the pair above would be the username
# alone. The client's address is then read (by django-ipware, as django-axes documents) from the header the
# proxy sets, e.g. TRUSTED_PROXY_HEADER=HTTP_X_FORWARDED_FOR; never set it where clients reach gunicorn
# directly, as they could then write the header themselves. TRUSTED_PROXY_COUNT is ipware's proxy_count.
AXES_IPWARE_META_PRECEDENCE_ORDER = (*env_list("TRUSTED_PROXY_HEADER"), "REMOTE_ADDR")
AXES_IPWARE_PROXY_COUNT = int(env("TRUSTED_PROXY_COUNT")) if env("TRUSTED_PROXY_COUNT") else None
LOGIN_URL = "admin:login"
LOGIN_REDIRECT_URL = "admin:index"  # staff log in to curate; an unsafe ?next= lands here, not on a 404

# A strict policy: nothing inline, nothing from another origin. The public pages need no script at all.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# The read-only API (declarations/api/, issue 15): JSON only, no sessions (so no CSRF and nothing staff-only),
# anonymous clients throttled per address through the cache.
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "UNAUTHENTICATED_USER": None,
    "DEFAULT_THROTTLE_CLASSES": ["declarations.api.throttling.AnonymousThrottle"],
    "DEFAULT_THROTTLE_RATES": {"anon": env("API_ANON_RATE", "120/minute")},
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "declarations.api.errors.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "SCO Declarations Archive API",
    "DESCRIPTION": "Read-only access to the archive's summits, states, themes, documents and paragraphs. "
    "/api/v1/ is a contract: fields are added, never renamed or removed.",
    "VERSION": "1.0.0",
    "SCHEMA_PATH_PREFIX": r"/api/v[0-9]+",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # Self-hosted Swagger UI (drf-spectacular-sidecar): no CDN, and no schema validator on another host.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SWAGGER_UI_SETTINGS": {"validatorUrl": None, "deepLinking": True},
}
# Anyone's page may read the API from a browser; the API only answers reads.
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_CREDENTIALS = False

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = False
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
# In production collectstatic writes hashed, compressed files to STATIC_ROOT and WhiteNoise serves them; in
# development WhiteNoise serves straight from static/ (finders), so there is nothing to collect.
STATIC_ROOT = Path(env("STATIC_ROOT", str(BASE_DIR / "staticfiles"))) if PRODUCTION else None
WHITENOISE_USE_FINDERS = not PRODUCTION
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}


def cache_from_url(url):
    """The default cache from CACHE_URL: redis://host:6379/0 or memcached://host:11211 for a cache shared by
    every app server (each needs its client library: pip install '.[redis]' or '.[memcached]'), or, when unset,
    a cache in each process."""
    scheme = urlsplit(url).scheme
    if not url:
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "sco"}
    if scheme in {"redis", "rediss"}:
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    if scheme == "memcached":
        return {
            "BACKEND": "django.core.cache.backends.memcached.PyMemcacheCache",
            "LOCATION": urlsplit(url).netloc,
        }
    raise ValueError(f"CACHE_URL: unsupported scheme {scheme!r} (use redis:// or memcached://)")


CACHES = {"default": cache_from_url(env("CACHE_URL"))}

SEEDS_DIR = Path(env("SEEDS_DIR", str(BASE_DIR / "seeds")))
# The current bulk dataset release (manage.py export_dataset writes it, /data/ serves it).
DATASET_DIR = Path(env("DATASET_DIR", str(BASE_DIR / "dataset")))

# A web request's statement (PostgreSQL) or all its queries together (SQLite) are cancelled after this long
# (scobase/timeouts.py, set up by scobase/wsgi.py only, so imports, exports and corpus loads run unbounded).
# 0 turns it off.
STATEMENT_TIMEOUT_MS = int(env("STATEMENT_TIMEOUT_MS", "5000"))

if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING")},
}
