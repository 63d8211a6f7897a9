from django.apps import AppConfig


class InterchangeConfig(AppConfig):
    name = "pejling.interchange"
    label = "interchange"
