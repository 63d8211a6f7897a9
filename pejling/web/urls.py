from django.urls import path

from . import views

app_name = "web"
urlpatterns = [
    path("", views.front, name="front"),
    path("s/<slug:slug>/", views.strategy_detail, name="strategy"),
    path("s/<slug:slug>/i/<path:code>/", views.initiative_detail, name="initiative"),
]
