"""Deployment: /healthz, request ids, masked structured logs, the replica router and
``gonghui check --deploy`` with the documented production environment."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import OperationalError

from gonghui.core import dbrouter
from gonghui.core.logs import JsonFormatter, MaskSensitiveFilter, RequestIdFilter, mask_text
from gonghui.orgs.models import Union

SRC = Path(__file__).resolve().parents[2] / "src"

PRODUCTION_ENV = {
    "GONGHUI_PRODUCTION": "true",
    "SECRET_KEY": "k3Jx9-production-test-secret-2c7f1a9e0b4d8f6a5c3e1b7d9f0a2c4e6b8d0f1a3c5e7",
    "ALLOWED_HOSTS": "gonghui.example.cn",
    "CSRF_TRUSTED_ORIGINS": "https://gonghui.example.cn",
    "DATABASE_URL": "postgres://gonghui:secret@127.0.0.1:5432/gonghui",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "GONGHUI_FIELD_KEY": "Zm9yLXRlc3RzLW9ubHktbm90LWEtcmVhbC1rZXktISE=",
}


def clean_env() -> dict[str, str]:
    """This process's environment without Django's and the app's own variables (the
    browser tests set DJANGO_ALLOW_ASYNC_UNSAFE, which a deployment must not)."""
    drop = {"DEBUG", "DATABASE_URL", "DATABASE_REPLICA_URL", "REDIS_URL", "SECRET_KEY"}
    return {
        k: v
        for k, v in os.environ.items()
        if k not in drop and not k.startswith(("DJANGO_", "GONGHUI_"))
    }


@pytest.mark.django_db
def test_healthz_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_healthz_503_when_database_fails(client, monkeypatch):
    from django.db import connection

    def broken_cursor(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", broken_cursor)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "error"}


@pytest.mark.django_db
def test_database_outage_gives_service_unavailable_page(client, people, monkeypatch):
    from gonghui.services import views

    def down(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    client.force_login(people.officer)
    monkeypatch.setattr(views, "item_list", down)
    response = client.get("/items/")
    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    assert b"Service unavailable" in response.content


@pytest.mark.django_db
def test_request_id_honoured_or_generated(client):
    given = client.get("/healthz", headers={"X-Request-ID": "gw-abc.123"})
    assert given["X-Request-ID"] == "gw-abc.123"
    made = client.get("/healthz", headers={"X-Request-ID": "bad id <script>"})
    assert made["X-Request-ID"] != "bad id <script>"
    assert len(made["X-Request-ID"]) == 32
    other = client.get("/healthz")
    assert other["X-Request-ID"] != made["X-Request-ID"]


@pytest.mark.django_db
def test_request_log_line_carries_request_id(client, caplog):
    caplog.handler.addFilter(RequestIdFilter())
    with caplog.at_level(logging.INFO, logger="gonghui.request"):
        client.get("/healthz?id=330521199001011234", headers={"X-Request-ID": "req-42"})
    records = [r for r in caplog.records if r.name == "gonghui.request"]
    assert len(records) == 1
    assert records[0].request_id == "req-42"
    assert records[0].status == 200
    assert records[0].path == "/healthz"
    assert "330521199001011234" not in records[0].getMessage()  # no query string logged


def test_mask_text():
    assert mask_text("id 33052119900101123X ok") == "id 330521********123X ok"
    assert mask_text("call 13812345678.") == "call 138****5678."
    assert mask_text("order 1234567890123456789012") == "order 1234567890123456789012"
    assert mask_text("count 12345") == "count 12345"


def test_logging_filter_masks_ids_and_mobiles(caplog):
    caplog.handler.addFilter(MaskSensitiveFilter())
    log = logging.getLogger("gonghui.test")
    with caplog.at_level(logging.INFO, logger="gonghui.test"):
        log.info("worker %s phone %s", "330521199001011234", "13912345678")
        try:
            raise ValueError("bad number 13700001111")
        except ValueError:
            log.exception("failed for 330521199001011234")
    assert "330521199001011234" not in caplog.text
    assert "13912345678" not in caplog.text
    assert "13700001111" not in caplog.text
    assert "330521********1234" in caplog.text
    assert "139****5678" in caplog.text
    assert "137****1111" in caplog.text


def test_json_formatter_one_object_per_line():
    record = logging.makeLogRecord(
        {"name": "gonghui.x", "levelname": "INFO", "msg": "hello %s", "args": ("世界",)}
    )
    record.request_id = "r1"
    record.status = 200
    out = json.loads(JsonFormatter().format(record))
    assert out["message"] == "hello 世界"
    assert out["request_id"] == "r1"
    assert out["status"] == 200
    assert out["level"] == "INFO"


def test_configured_console_handler_masks(settings):
    handler = settings.LOGGING["handlers"]["console"]
    assert handler["filters"] == ["request_id", "mask"]


def test_report_reads_go_to_replica_when_configured(monkeypatch):
    router = dbrouter.ReportReplicaRouter()
    assert Union.objects.all().db == "default"
    with dbrouter.reading_reports():
        assert Union.objects.all().db == "default"  # no replica configured
    monkeypatch.setattr(dbrouter, "replica_configured", lambda: True)
    with dbrouter.reading_reports():
        assert Union.objects.all().db == "replica"
        assert router.db_for_write(Union) == "default"
    assert Union.objects.all().db == "default"
    assert router.allow_migrate("replica", "orgs") is False
    assert router.allow_migrate("default", "orgs") is True


def test_replica_setting_from_environment():
    env = {
        **clean_env(),
        "PYTHONPATH": str(SRC),
        "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/gonghui",
        "DATABASE_REPLICA_URL": "postgres://reader@10.0.0.2:5432/gonghui",
    }
    code = (
        "import django, json; django.setup(); from django.conf import settings; "
        "print(json.dumps([settings.DATABASES['replica']['HOST'], "
        "settings.DATABASES['replica']['USER'], sorted(settings.DATABASES)]))"
    )
    env["DJANGO_SETTINGS_MODULE"] = "gonghui.settings"
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert json.loads(out.stdout) == ["10.0.0.2", "reader", ["default", "replica"]]


def test_check_deploy_clean_with_production_environment(tmp_path):
    env = clean_env()
    env.update(PRODUCTION_ENV, PYTHONPATH=str(SRC), GONGHUI_VAR_DIR=str(tmp_path))
    result = subprocess.run(
        [sys.executable, "-m", "gonghui", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout
    assert "WARNINGS" not in result.stderr
