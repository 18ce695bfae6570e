"""One page that says which app server answered, so the load balancing can be seen and tested."""
import os

from django.http import HttpResponse
from django.urls import path


def index(request):
    # APP_SERVER is set by the program's environment= in conf.d/examples/appservers; the django
    # example's two servers are told apart by the interface.
    server = os.environ.get("APP_SERVER") or (request.META.get("wsgi.version") and "gunicorn" or "uvicorn")
    return HttpResponse(
        "<!doctype html><title>supervisord-j django example</title>"
        '<link rel="stylesheet" href="/static/site.css">'
        f"<h1>Hello from Django</h1><p>served by {server} pid {os.getpid()}</p>\n",
        headers={"X-App-Server": server},
    )


urlpatterns = [path("", index)]
