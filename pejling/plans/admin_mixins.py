"""Admin edits bypass the write services, so they mark every strategy as changed: admin edits
are rare, and a stale cached page after a correction would be worse than a few recomputations."""

from .services import strategies_touch_all


class TouchesStrategies:
    def save_model(self, request, obj, form, change):
        if change and hasattr(obj, "version"):  # a web form opened before this admin edit must not undo it
            obj.version += 1
        super().save_model(request, obj, form, change)
        strategies_touch_all()

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        strategies_touch_all()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        strategies_touch_all()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        strategies_touch_all()
