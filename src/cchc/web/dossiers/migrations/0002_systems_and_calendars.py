from django.conf import settings
from django.db import migrations, models


def name_systems_by_their_mapping(apps, schema_editor):
    """Name the systems of the imports made before systems were named.

    Each of them replaced the period's previous import, whatever its mapping: they form one system,
    named by the mapping of the period's latest import, which stays in force as it was.
    """
    imports = apps.get_model("dossiers", "DossierImport").objects
    for period in imports.values_list("period", flat=True).distinct():
        latest = imports.filter(period=period).order_by("-pk").first()
        imports.filter(period=period).update(system=latest.mapping)


class Migration(migrations.Migration):
    dependencies = [
        ("dossiers", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="CalendarVersion",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("text", models.TextField(verbose_name="nội dung (TOML)")),
                ("file_name", models.CharField(max_length=200, verbose_name="tên tệp")),
                ("uploaded_at", models.DateTimeField(auto_now_add=True, verbose_name="tải lên lúc")),
                (
                    "uploaded_by",
                    models.ForeignKey(
                        null=True,
                        on_delete=models.deletion.SET_NULL,
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="người tải lên",
                    ),
                ),
            ],
            options={
                "verbose_name": "lịch ngày làm việc",
                "verbose_name_plural": "các phiên bản lịch ngày làm việc",
                "ordering": ["-uploaded_at", "-id"],
            },
        ),
        migrations.AddField(
            model_name="dossierimport",
            name="system",
            field=models.CharField(default="", max_length=100, verbose_name="hệ thống một cửa"),
            preserve_default=False,
        ),
        migrations.RunPython(name_systems_by_their_mapping, migrations.RunPython.noop),
        migrations.AddField(
            model_name="dossierimport",
            name="sources",
            field=models.JSONField(blank=True, default=list, verbose_name="các lần nhập được tính"),
        ),
        migrations.AddField(
            model_name="dossierimport",
            name="calendar",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=models.deletion.PROTECT,
                to="dossiers.calendarversion",
                verbose_name="lịch ngày làm việc",
            ),
        ),
        migrations.AddField(
            model_name="dossierimport",
            name="calendar_text",
            field=models.TextField(blank=True, verbose_name="lịch ngày làm việc đã dùng"),
        ),
    ]
