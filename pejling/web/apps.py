from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "pejling.web"
    label = "web"

    def ready(self):
        from . import auth  # noqa: F401  the log-in security events
