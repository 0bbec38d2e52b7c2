"""Templates are compiled once per process: Django's cached loader wraps the loaders
(its default since Django 4.1 when the TEMPLATES options name no ``loaders``; naming
them would turn the cache off, and every page would parse its templates again)."""

from django.template import engines


def test_templates_come_from_the_cached_loader():
    engine = engines["django"].engine
    assert [type(loader).__module__ for loader in engine.template_loaders] == [
        "django.template.loaders.cached"]
    first = engine.get_template("services/item_list.html")
    assert engine.get_template("services/item_list.html") is first
