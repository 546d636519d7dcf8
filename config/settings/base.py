"""Settings shared by every environment. See `.env.example` for the variables."""

from datetime import timedelta

from celery.schedules import crontab

from config.env import BASE_DIR, env

SECRET_KEY = env.str("SECRET_KEY", default="insecure-key-for-local-development-only")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS: list[str] = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS: list[str] = env.list("CSRF_TRUSTED_ORIGINS", default=[])

HARBOUR_ENVIRONMENT = "base"
COUNCIL_NAME = env.str("COUNCIL_NAME", default="Harbourside Council")
# The council's codes in the SSDA903 return: its DfE LA code and ONS area code. The demo
# council uses Walsall's.
COUNCIL_DFE_CODE = env.str("COUNCIL_DFE_CODE", default="335")
COUNCIL_ONS_CODE = env.str("COUNCIL_ONS_CODE", default="E08000030")
SERVICE_NAME = "Harbour"
# The address the site is served on, for links in emails (no trailing slash).
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")
# Demo users with a known password must never exist in production.
DEMO_DATA_ALLOWED = True
DEMO_PASSWORD = env.str("DEMO_PASSWORD", default="demo")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "rest_framework",
    "drf_spectacular",
    "django_celery_beat",
    "constance",
    "simple_history",
    "axes",
    "core",
    "accounts",
    "children",
    "reviews",
    "health",
    "care_leavers",
    "reporting",
    "euss",
    "resolutions",
    "casework",
    "deadlines",
    "education",
    "home",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "core.middleware.NoStoreWhenSignedInMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "accounts.middleware.PartnerSectionsMiddleware",
    "children.middleware.ChildViewLogMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, so that it sees the outcome of the login view.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
# Widgets render through the project's templates (templates/design_system/).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"
WSGI_APPLICATION = "config.wsgi.application"

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
                "home.context_processors.service",
            ],
        },
    },
]

DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Sessions end after a period of inactivity: every request pushes the expiry on.
SESSION_IDLE_MINUTES = env.int("SESSION_IDLE_MINUTES", default=30)
SESSION_COOKIE_AGE = SESSION_IDLE_MINUTES * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True

# Lockout after repeated failed log-ins (django-axes), by username.
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("LOGIN_LOCKOUT_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
# Dates read "3 March 2025" (config/formats/en_GB overrides Django's "3 Mar 2025").
FORMAT_MODULE_PATH = ["config.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static_build"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
MEDIA_URL = "/media/"

EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="harbour@localhost")

REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "harbour",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Celery: Redis when REDIS_URL is set; otherwise tasks run eagerly in-process.
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A broker that is down must not hold up the request that queued a task: connect within
# a second and retry once at once, rather than kombu's defaults (no connect timeout,
# retries with 2-second pauses), which kept an edit waiting 6 seconds when Redis refused
# and about 2 minutes when it did not answer. The deadline triggers catch the failure and
# leave the child to the catch-up recompute; workers retry on their own terms.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": 1,
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.2,
}
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_BEAT_SCHEDULE = {
    "clear-expired-sessions": {
        "task": "core.tasks.clear_expired_sessions",
        "schedule": crontab(hour=2, minute=15),
    },
    # Every child's deadlines, from the record, before anyone starts work.
    "recompute-all-deadlines": {
        "task": "deadlines.tasks.recompute_all_deadlines",
        "schedule": crontab(hour=1, minute=30),
    },
    # Each person's digest of deadlines due soon and overdue, after the night's recompute.
    "send-deadline-reminders": {
        "task": "deadlines.tasks.send_deadline_reminders",
        "schedule": crontab(hour=7, minute=0),
    },
    # Children whose recompute could not be queued when they changed (broker down).
    "recompute-pending-deadlines": {
        "task": "deadlines.tasks.recompute_pending_deadlines",
        "schedule": crontab(minute="*/10"),
    },
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DATE_FORMAT": "%Y-%m-%d",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Harbour API",
    "DESCRIPTION": "Partner-agency access to the parts of a child's record they are entitled to.",
    "VERSION": "0.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
}

# Settings an administrator edits in the admin ("Config", django-constance). The
# timescales of the deadline rules (DOMAIN.md section 3) are declared by each app beside
# its rules, with their defaults and help texts, and added to these two when the apps
# are ready (deadlines.timescales.install_timescales; decision 0023). Read the
# timescales through deadlines.rules.rule_settings().
CONSTANCE_BACKEND = "constance.backends.database.DatabaseBackend"
CONSTANCE_CONFIG = {
    "IRO_CASELOAD_MIN": (
        50,
        "The fewest children an IRO's caseload should hold (IRO Handbook: 50 to 70).",
        int,
    ),
    "IRO_CASELOAD_MAX": (
        70,
        "The most children an IRO's caseload should hold (IRO Handbook: 50 to 70).",
        int,
    ),
    "REPORTING_CHILD_POPULATION": (
        0,
        "Children aged under 18 living in the council's area (the ONS mid-year estimate), "
        "for rates per 10,000 children; 0 shows no rate.",
        int,
    ),
}
CONSTANCE_CONFIG_FIELDSETS = {
    "IRO service": ("IRO_CASELOAD_MIN", "IRO_CASELOAD_MAX"),
    "Reporting": ("REPORTING_CHILD_POPULATION",),
}

# Minutes after writing a case note during which its author may still change it; after
# that it can only be amended.
CASE_NOTE_EDIT_MINUTES = env.int("CASE_NOTE_EDIT_MINUTES", default=60)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}

# Lockout is per username, not per IP address: a council's staff share a few
# outgoing addresses, and an IP lockout would lock a whole office out.
# See docs/decisions/0003-lockout-by-username.md.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
