"""TOTP set-up shows the otpauth:// link as a QR code: an <img> with an SVG data URI
(allowed by the content security policy's img-src), encoding the device's own link."""

from __future__ import annotations

import base64
import re
from urllib.parse import parse_qs, urlsplit

import pytest
import qrcode
import qrcode.image.svg
from django_otp.plugins.otp_totp.models import TOTPDevice

from gonghui.accounts.views import qr_data_uri


def test_qr_data_uri_is_an_svg_of_the_text():
    uri = qr_data_uri("otpauth://totp/Gonghui:admin?secret=JBSWY3DPEHPK3PXP&issuer=Gonghui")
    prefix = "data:image/svg+xml;base64,"
    assert uri.startswith(prefix)
    svg = base64.b64decode(uri[len(prefix):]).decode()
    assert svg.startswith("<?xml") or svg.startswith("<svg")
    assert "<script" not in svg and "style=" not in svg
    # the same text gives the same modules; another text gives others
    again = qrcode.make("otpauth://totp/Gonghui:admin?secret=JBSWY3DPEHPK3PXP&issuer=Gonghui",
                        image_factory=qrcode.image.svg.SvgPathImage, border=4).to_string()
    assert base64.b64decode(uri[len(prefix):]) == again
    assert qr_data_uri("otpauth://totp/other") != uri


@pytest.mark.django_db
def test_setup_page_shows_the_devices_link_as_qr(client, people, settings):
    settings.ADMIN_OTP_REQUIRED = True
    client.force_login(people.admin)
    page = client.get("/account/otp/setup/")
    assert page.status_code == 200
    html = page.content.decode()
    device = TOTPDevice.objects.get(user=people.admin)
    img = re.search(r'<img id="otp-qr" class="bg-white" src="([^"]+)" width="220" height="220" alt="([^"]+)"',
                    html)
    assert img is not None
    assert img.group(1) == qr_data_uri(device.config_url)
    assert img.group(2) == "QR code for the authenticator app"
    # the link it encodes carries the device's secret (shown as text too)
    secret = parse_qs(urlsplit(device.config_url).query)["secret"][0]
    assert f"<code>{secret}</code>" in html
    # the policy lets the browser show a data: image and nothing inline runs
    csp = page["Content-Security-Policy"]
    assert re.search(r"img-src 'self' data:", csp)
    assert "unsafe-inline" not in csp
