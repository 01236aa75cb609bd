"""English and Chinese: the bilingual text type, and which language to speak.

Every user-facing string in the rules is an `I18n` with both languages; a missing translation
is a validation error, so neither audience ever sees a blank. Interface strings that live in
code (table headers, prompts) are `(en, zh)` pairs kept next to the code that prints them.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Annotated, Literal

from advisor.core.bounds import Bounds
from advisor.core.validate import STRICT

Lang = Literal["en", "zh"]
LANGS: tuple[Lang, ...] = ("en", "zh")

NonEmpty = Annotated[str, Bounds(min_len=1)]


@dataclass(frozen=True, slots=True)
class I18n:
    """A piece of user-facing text in English and Chinese."""

    __pydantic_config__ = STRICT

    en: NonEmpty
    """English text."""
    zh: NonEmpty
    """Chinese text (简体中文)."""

    def __call__(self, lang: Lang) -> str:
        return self.zh if lang == "zh" else self.en


def pick(pair: tuple[str, str], lang: Lang) -> str:
    """Choose from an `(en, zh)` pair of interface strings."""
    return pair[1] if lang == "zh" else pair[0]


def resolve_lang(flag: str | None = None, environ: dict[str, str] | None = None) -> Lang:
    """`--lang` if given, else `ADVISOR_LANG`, else the locale (`LC_ALL`, `LC_MESSAGES`, `LANG`).

    Any locale starting with `zh` (zh_CN.UTF-8, zh_TW, zh) means Chinese; everything else,
    including an unset locale, means English.
    """
    env = os.environ if environ is None else environ
    if flag:
        return "zh" if flag.lower().startswith("zh") else "en"
    explicit = env.get("ADVISOR_LANG", "")
    if explicit:
        return "zh" if explicit.lower().startswith("zh") else "en"
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(var, "")
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"
