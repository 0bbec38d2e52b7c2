"""``{% ingest_source record %}``: a link to the ingested text a record was confirmed
from (nothing when it was entered by hand)."""

from django import template

from gonghui.ingest.drafts import source_of

register = template.Library()


@register.inclusion_tag("ingest/_source.html")
def ingest_source(record):
    return {"source": source_of(record)}
