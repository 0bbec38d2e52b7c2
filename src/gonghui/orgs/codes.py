"""Building well-formed identifiers (for demo data and imports that must mint codes)."""

from __future__ import annotations

from .validators import USCC_ALPHABET, org_code_check_char, uscc_check_char, validate_uscc


def build_uscc(prefix: str, region: str, org_body: str) -> str:
    """A 统一社会信用代码 (GB 32100-2015) from its parts, both check characters computed.

    ``prefix``: registering authority and type, e.g. ``"91"`` an enterprise, ``"81"`` a
    grassroots union, ``"31"`` a law firm, ``"12"`` a public institution; ``region``: the
    six-digit region code; ``org_body``: the first 8 characters of the organisation code
    (GB 11714), from the USCC alphabet. The organisation code's check character (position
    17) and the final check character (position 18) are computed. Raises ``ValueError``
    when a part has the wrong shape or the result does not validate.
    """
    if len(prefix) != 2 or len(region) != 6 or not region.isdigit() or len(org_body) != 8:
        raise ValueError("prefix must have 2 characters, region 6 digits, org_body 8 characters")
    if any(c not in USCC_ALPHABET for c in prefix + org_body):
        raise ValueError("prefix and org_body must use the USCC alphabet (no I, O, S, V, Z)")
    first17 = prefix + region + org_body + org_code_check_char(org_body)
    code = first17 + uscc_check_char(first17)
    try:
        return validate_uscc(code)
    except Exception as exc:  # the authority/type pair was not one of GB 32100-2015
        raise ValueError(f"{code} is not a valid code: {exc}") from exc
