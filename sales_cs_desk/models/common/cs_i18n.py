# Copyright 2026 sales_cs_desk contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Generated texts shown in the reader's language (issue 14).

A text the desk generates and keeps — a review check's verdict, a planned
revisit's reason — is read later by people with other languages than whoever
(or whichever job) produced it. Such texts are written with ``_lt`` (Odoo's
lazy translation: the source is extracted into the .pot like ``env._``) and
stored as data — source, module and arguments — by ``cs_text_dump``; a
computed field renders them with ``cs_text_render`` in the reader's language.
Arguments may be lazy texts themselves or lists of them (joined).
"""

from odoo.tools.translate import LazyGettext, LazyTranslate, code_translations

_lt = LazyTranslate("sales_cs_desk")


def cs_text_dump(value):
    """A JSON-serialisable form of a text that may be lazy (``_lt``), a list of texts, or plain."""
    if isinstance(value, LazyGettext):
        args = value._args
        if isinstance(args, dict):
            args = {key: cs_text_dump(arg) for key, arg in args.items()}
        else:
            args = [cs_text_dump(arg) for arg in args]
        return {"s": value._source, "m": value._module, "a": args}
    if isinstance(value, list | tuple):
        return {"l": [cs_text_dump(item) for item in value]}
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def cs_text_render(data, lang):
    """The text of ``cs_text_dump`` data in ``lang`` (the source text where no translation exists)."""
    if isinstance(data, dict) and "s" in data:
        translations = code_translations.get_python_translations(data.get("m") or "sales_cs_desk", lang or "en_US")
        template = translations.get(data["s"]) or data["s"]
        raw = data.get("a") or {}
        args = (
            {key: cs_text_render(arg, lang) for key, arg in raw.items()}
            if isinstance(raw, dict)
            else tuple(cs_text_render(arg, lang) for arg in raw)
        )
        if not args:
            return template
        try:
            return template % args
        except (KeyError, TypeError, ValueError):
            # a broken translation must not hide the text: fall back to the source
            return data["s"] % args
    if isinstance(data, dict) and "l" in data:
        separator = "；" if (lang or "").startswith("zh") else "; "
        return separator.join(cs_text_render(item, lang) for item in data["l"])
    return "" if data is None or data is False else str(data)
