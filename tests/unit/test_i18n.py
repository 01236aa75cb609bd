"""Which language to speak."""

from __future__ import annotations

import pytest

from advisor.core.i18n import resolve_lang


@pytest.mark.parametrize(
    ("flag", "env", "expected"),
    [
        ("zh", {}, "zh"),
        ("en", {"LANG": "zh_CN.UTF-8"}, "en"),
        (None, {"ADVISOR_LANG": "zh"}, "zh"),
        (None, {"LANG": "zh_CN.UTF-8"}, "zh"),
        (None, {"LC_ALL": "zh_TW.UTF-8", "LANG": "en_US.UTF-8"}, "zh"),
        (None, {"LC_ALL": "en_US.UTF-8", "LANG": "zh_CN.UTF-8"}, "en"),
        (None, {}, "en"),
        (None, {"LANG": "C"}, "en"),
    ],
)
def test_resolve_lang(flag, env, expected):
    assert resolve_lang(flag, env) == expected
