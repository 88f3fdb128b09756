"""Plan tasks name the unit whose plan they belong to (kế hoạch của); existing tasks are their unit's."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import F


def own_plans(apps, schema_editor):
    """Every existing task belongs to its responsible unit's plan, as it was counted until now."""
    apps.get_model("registers", "PlanTask").objects.filter(owner__isnull=True).update(owner=F("unit"))


class Migration(migrations.Migration):
    dependencies = [("org", "0001_initial"), ("registers", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="plantask",
            name="owner",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="plans",
                to="org.orgunit",
                verbose_name="kế hoạch của",
            ),
        ),
        migrations.RunPython(own_plans, migrations.RunPython.noop),
    ]
