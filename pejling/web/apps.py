from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "pejling.web"
    label = "web"
