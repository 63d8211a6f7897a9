from django.db import migrations, models
import django.db.models.deletion


class Migration(migrations.Migration):

    dependencies = [
        ("plans", "0006_merge_history_governance"),
        ("tracking", "0003_reference_history"),
    ]

    operations = [
        migrations.CreateModel(
            name="StrategySummary",
            fields=[
                ("strategy", models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True,
                                                  related_name="summary", serialize=False, to="plans.strategy",
                                                  verbose_name="strategy")),
                ("revision", models.PositiveIntegerField(verbose_name="revision")),
                ("as_of", models.DateField(verbose_name="as of")),
                ("data", models.JSONField(default=dict, verbose_name="data")),
            ],
            options={"verbose_name": "strategy summary", "verbose_name_plural": "strategy summaries"},
        ),
    ]
