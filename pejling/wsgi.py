import os

from django.core.wsgi import get_wsgi_application

from pejling.collector import collect_less_often

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pejling.settings")
application = get_wsgi_application()
collect_less_often(freeze=True)  # what a worker loaded at start is never walked again
