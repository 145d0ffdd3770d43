from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("imports", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="importjob",
            name="worker",
            field=models.CharField(blank=True, editable=False, max_length=100, verbose_name="worker"),
        ),
    ]
