"""Production settings for the example site; everything secret or host-specific comes from the
environment (supervisord-j passes it from an environment file that only root can read)."""
import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent

SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]  # no default: refuse to start without one
DEBUG = os.environ.get("DJANGO_DEBUG", "false").lower() == "true"
ALLOWED_HOSTS = [h.strip() for h in os.environ.get("DJANGO_ALLOWED_HOSTS", "localhost").split(",") if h.strip()]

INSTALLED_APPS = ["django.contrib.staticfiles"]
MIDDLEWARE = ["django.middleware.security.SecurityMiddleware", "django.middleware.common.CommonMiddleware"]
ROOT_URLCONF = "djangosite.urls"
TEMPLATES = []
WSGI_APPLICATION = "djangosite.wsgi.application"
ASGI_APPLICATION = "djangosite.asgi.application"
# SQLite, so that the example's migrate step has something to migrate; var/ must be writable by www-data.
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3",
                         "NAME": os.environ.get("DJANGO_DB_PATH", str(BASE_DIR / "var" / "db.sqlite3"))}}
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = os.environ.get("DJANGO_STATIC_ROOT", str(BASE_DIR / "collected-static"))
STATICFILES_DIRS = [BASE_DIR / "static"]
