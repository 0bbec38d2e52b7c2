"""The taxonomy's column labels in the admin are translated (a fresh-eyes test saw the
category list headed "PARENT" in the Chinese admin)."""

from django.utils import translation

from gonghui.services.models import Category


def test_every_category_field_has_a_chinese_label():
    with translation.override("zh-hans"):
        labels = {f.name: str(f.verbose_name) for f in Category._meta.get_fields()
                  if f.concrete}
    assert labels["parent"] == "上级分类"
    assert all(not any("a" <= ch <= "z" for ch in label.lower())
               for name, label in labels.items() if name != "id"), labels
