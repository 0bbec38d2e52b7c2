import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from gonghui.orgs.validators import (
    mask_id_number,
    mask_phone,
    validate_id_number,
    validate_union_uscc,
    validate_uscc,
)
from tests.factories import make_uscc


@pytest.mark.parametrize("code", ["91350100M000100Y43", "914403001922038216"])
def test_known_valid_uscc_from_glossary(code):
    assert validate_uscc(code) == code


def test_uscc_is_normalised_to_upper_case():
    assert validate_uscc(" 91350100m000100y43 ") == "91350100M000100Y43"


@pytest.mark.parametrize(
    ("code", "error"),
    [
        ("91350100M000100Y4", "length"),
        ("91350100M000100Y44", "check"),  # last character changed
        ("91350100M000100Y53", "org_check"),  # organisation code check changed
        ("91350100M0001O0Y43", "alphabet"),  # letter O is not allowed
        ("94350100M000100Y43", "authority"),  # 9 + 4 is no authority/type pair
        ("9135A100M000100Y43", "region"),
    ],
)
def test_invalid_uscc_says_why(code, error):
    with pytest.raises(ValidationError) as exc:
        validate_uscc(code)
    assert exc.value.code == error


def test_union_uscc_requires_81_prefix():
    union_code = make_uscc(prefix="81", region="330521", n=7)
    assert validate_union_uscc(union_code) == union_code
    with pytest.raises(ValidationError) as exc:
        validate_union_uscc("914403001922038216")
    assert exc.value.code == "union_prefix"


def test_known_valid_id_number():
    assert validate_id_number("11010519491231002x") == "11010519491231002X"


@pytest.mark.parametrize(
    ("number", "error"),
    [
        ("110105194912310021", "check"),
        ("110105194902300027", "birth_date"),  # 30 February
        ("11010519491231002", "format"),
        ("110105299912310027", "birth_date"),  # born in 2999
    ],
)
def test_invalid_id_number_says_why(number, error):
    with pytest.raises(ValidationError) as exc:
        validate_id_number(number, today=dt.date(2026, 11, 29))
    assert exc.value.code == error


def test_masks():
    assert mask_id_number("11010519491231002X") == "110105********002X"
    assert mask_phone("13812341234") == "138****1234"
