from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def copy_news_dates(apps, schema_editor):
    QuotationLink = apps.get_model("declarations", "QuotationLink")
    Paragraph = apps.get_model("declarations", "Paragraph")
    date = Paragraph.objects.filter(pk=OuterRef("news_id")).values("date")[:1]
    QuotationLink.objects.update(news_date=Subquery(date))


class Migration(migrations.Migration):
    dependencies = [
        ("declarations", "0019_quoted_column"),
    ]

    operations = [
        migrations.AddField(
            model_name="quotationlink",
            name="news_date",
            field=models.DateField(editable=False, null=True),
        ),
        migrations.RunPython(copy_news_dates, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="quotationlink",
            name="news_date",
            field=models.DateField(editable=False),
        ),
        migrations.RemoveIndex(
            model_name="quotationlink",
            name="quotationlink_source_idx",
        ),
        migrations.AddIndex(
            model_name="quotationlink",
            index=models.Index(fields=["source", "news_date", "news"], name="quotationlink_source_date_idx"),
        ),
    ]
