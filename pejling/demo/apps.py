from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "pejling.demo"
    label = "demo"
