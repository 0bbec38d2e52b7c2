"""Factories for tests: valid codes are computed, never hard-coded guesses."""

from __future__ import annotations

import itertools

import factory

from gonghui.accounts.models import Role, User
from gonghui.orgs.models import Enterprise, ResponsibleUnit, Union, Worker
from gonghui.orgs.validators import id_check_digit, org_code_check_char, uscc_check_char
from gonghui.services.models import Category, Item

_seq = itertools.count(1)


def make_uscc(prefix: str = "91", region: str = "330521", n: int | None = None) -> str:
    """A well-formed 统一社会信用代码 with both check characters computed."""
    n = next(_seq) if n is None else n
    body = f"{n:08d}"
    org = body + org_code_check_char(body)
    first17 = prefix + region + org
    return first17 + uscc_check_char(first17)


def make_id_number(region: str = "330521", birth: str = "19800101", n: int | None = None) -> str:
    """A well-formed 公民身份号码 with its check digit computed."""
    n = next(_seq) % 1000 if n is None else n
    first17 = f"{region}{birth}{n:03d}"
    return first17 + id_check_digit(first17)


def add_union(name: str, parent: Union | None = None, **fields) -> Union:
    """Create a union in the tree (root when ``parent`` is None)."""
    fields.setdefault("level", Union.Level.COUNTY)
    fields.setdefault("kind", Union.Kind.FEDERATION)
    if parent is None:
        return Union.objects.add_root(create_kwargs={"name": name, **fields})
    return Union.objects.add_child(Union.objects.get(pk=parent.pk), create_kwargs={"name": name, **fields})


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    role = Role.OFFICER
    language = "en"
    password = factory.PostGenerationMethodCall("set_password", "pw-Secret-123")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ("name",)

    name = "民生服务"


class EnterpriseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enterprise

    name = factory.Sequence(lambda n: f"测试企业{n}有限公司")
    uscc = factory.LazyFunction(make_uscc)


class WorkerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Worker

    name = factory.Sequence(lambda n: f"职工{n}")
    id_number = factory.LazyFunction(make_id_number)


class ResponsibleUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ResponsibleUnit

    name = factory.Sequence(lambda n: f"责任单位{n}")
    kind = ResponsibleUnit.Kind.GOVERNMENT


class ItemFactory(factory.django.DjangoModelFactory):
    """An item in state ``registered`` (move it on with the workflow functions)."""

    class Meta:
        model = Item

    kind = Item.Kind.NEED
    category = factory.SubFactory(CategoryFactory)
    subject = factory.Sequence(lambda n: f"事项{n}")
