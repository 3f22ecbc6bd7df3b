import io
import re
from pathlib import Path

import polib

from odoo.tests import TransactionCase, tagged
from odoo.tools.translate import trans_export

I18N = Path(__file__).resolve().parent.parent / "i18n"


def _ids(entries):
    return {(e.msgctxt or None, e.msgid) for e in entries if not e.obsolete}


# what a translation must carry over unchanged from its source
_PRINTF = re.compile(r"%(?:\(\w+\))?[-+ #0]*\d*(?:\.\d+)?[sdifr%]")  # %s %d %(name)s %(value).1f %%
_INLINE = re.compile(r"\{\{.*?\}\}|#\{.*?\}|\{\w+\}")  # {{ expr }}, #{expr}, {name}
_TAG = re.compile(r"<(/?)([\w.:-]+)((?:\s+[\w.:@-]+(?:=\"[^\"]*\"|='[^']*')?)*)\s*(/?)>")
_ATTR = re.compile(r"([\w.:@-]+)(?:=(\"[^\"]*\"|'[^']*'))?")
_TEXT_ATTRS = {"title", "alt", "placeholder", "aria-label", "string", "help", "data-tooltip"}


def _markup(text):
    """Tags with their attributes; the values of text attributes (title, placeholder …) are translated."""
    tags = []
    for closing, name, attrs, selfclosing in _TAG.findall(text):
        kept = sorted((attr, "" if attr in _TEXT_ATTRS else value) for attr, value in _ATTR.findall(attrs) if attr)
        tags.append((closing, name, tuple(kept), selfclosing))
    return sorted(tags)


def placeholder_problems(po):
    """Entries whose translation lost, added or changed a placeholder or a piece of markup."""
    problems = []
    for entry in po:
        if entry.obsolete or not entry.msgstr:
            continue
        for what, extract in (
            ("printf placeholders", lambda t: sorted(_PRINTF.findall(t))),
            ("template expressions", lambda t: sorted(_INLINE.findall(t))),
            ("markup (tags, t-* attributes)", _markup),
        ):
            source, translation = extract(entry.msgid), extract(entry.msgstr)
            if source != translation:
                problems.append(f"{entry.msgid[:60]!r}: {what} {source} != {translation}")
    return problems


@tagged("post_install", "-at_install")
class TestTranslations(TransactionCase):
    """The .pot is current and the Simplified Chinese translation complete."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.pot = polib.pofile(str(I18N / "sales_cs_desk.pot"))
        cls.zh = polib.pofile(str(I18N / "zh_CN.po"))

    def test_pot_is_current(self):
        buffer = io.BytesIO()
        trans_export(False, ["sales_cs_desk"], buffer, "po", self.env.cr)
        fresh = polib.pofile(buffer.getvalue().decode())
        # the .pot is made without demo data; on a database with it (Odoo's runner loads it by default)
        # the demo records' names (xml ids with _demo) are exported too: they are not the module's
        demo_only = [
            entry
            for entry in fresh
            if entry.occurrences and all("_demo" in place.rsplit(".", 1)[-1] for place, _line in entry.occurrences)
        ]
        fresh = [entry for entry in fresh if entry not in demo_only]
        missing = _ids(fresh) - _ids(self.pot)
        stale = _ids(self.pot) - _ids(fresh)
        self.assertFalse(
            missing or stale,
            f"i18n/sales_cs_desk.pot is out of date: run `make pot`. "
            f"Missing: {sorted(m[1] for m in missing)[:10]} Stale: {sorted(s[1] for s in stale)[:10]}",
        )

    def test_zh_cn_complete(self):
        untranslated = [e.msgid for e in self.zh if not e.obsolete and not e.msgstr]
        self.assertFalse(untranslated, f"zh_CN.po has untranslated messages: {untranslated[:10]}")
        self.assertFalse(_ids(self.pot) - _ids(self.zh), "zh_CN.po lacks messages of the .pot: run `make pot`")

    def test_zh_cn_placeholders_kept(self):
        """A translation keeps every %(name)s placeholder of its source."""
        placeholder = re.compile(r"%\(\w+\)[sd]")
        for entry in self.zh:
            if entry.msgstr:
                self.assertEqual(
                    sorted(placeholder.findall(entry.msgid)),
                    sorted(placeholder.findall(entry.msgstr)),
                    f"placeholders differ in the translation of {entry.msgid!r}",
                )

    def test_zh_cn_markup_and_placeholders_kept(self):
        """A translation keeps every %s / %(name).1f / %% placeholder, {{ expression }} and tag of its
        source: a lost one breaks the message or the view at run time, only in Chinese."""
        problems = placeholder_problems(self.zh)
        self.assertFalse(problems, "zh_CN.po:\n" + "\n".join(problems[:20]))

    def test_placeholder_checker_catches_a_lost_placeholder(self):
        broken = polib.POFile()
        broken.append(polib.POEntry(msgid="%(order)s on hold: %s", msgstr="已冻结"))
        broken.append(polib.POEntry(msgid='<span t-esc="doc.name"/> items', msgstr='<span t-esc="name"/> 件'))
        broken.append(polib.POEntry(msgid="Hello {{ object.name }}", msgstr="你好"))
        broken.append(polib.POEntry(msgid='<i title="Boxes"/>', msgstr='<i title="箱"/>'))
        self.assertEqual(len(placeholder_problems(broken)), 3, "the translated title is fine, the rest is not")

    def test_chinese_users_see_chinese(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["sales_cs_desk"], ["zh_CN"], overwrite=True)
        group = self.env.ref("sales_cs_desk.group_cs_specialist").with_context(lang="zh_CN")
        self.assertEqual(group.name, self.zh.find("CS Specialist").msgstr)
        field = self.env["res.partner"].with_context(lang="zh_CN")._fields["cs_tier"]
        description = field.get_description(self.env(context={"lang": "zh_CN"}))
        self.assertNotEqual(description["string"], "CS tier")
