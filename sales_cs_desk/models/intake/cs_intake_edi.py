# Copyright 2026 sales_cs_desk contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""UN/EDIFACT ORDERS → the intake engine's rows.

The parsing is a pure function, :func:`parse_orders`, so it can be tested and
reused without a database: it takes the bytes of an interchange and returns
the interchange's header and one row per order line (LIN group), with the same
keys the file reader gives for a CSV or XLSX line. The abstract model
``cs.intake.edi`` is its thin Odoo face: it turns :class:`EdiError` into a
translated ``UserError``.

Tokenising (UNA service characters, release character, composites) is done by
``pydifact``; the envelope (UNB … UNZ, UNH … UNT) is checked here, because the
library keeps reading a cut-off interchange without its UNZ trailer and does
not count segments: a truncated transmission must be refused as a whole, never
half-imported.

Segments read (EANCOM / UN D.96A ORDERS):

* ``BGM`` document number → the customer's PO number; function code kept
* ``DTM+137`` order date, ``DTM+2`` requested delivery date (header and line)
* ``NAD+BY`` buyer, ``NAD+DP`` delivery party (their codes and names)
* ``CUX`` currency, ``RFF`` references (kept in the header)
* ``LIN`` line number and item number (EAN/GTIN), ``PIA`` the buyer's item
  number (``IN``) or the supplier's (``SA``), ``IMD`` description,
  ``QTY+21`` ordered quantity and unit, ``PRI+AAA`` (or ``AAB``) net price
"""

import datetime
import logging
import warnings

from odoo import api, models
from odoo.exceptions import UserError
from odoo.tools.translate import LazyTranslate

_lt = LazyTranslate(__name__)

try:
    from pydifact.exceptions import EDISyntaxError
    from pydifact.parser import Parser
except ImportError:  # the manifest's external_dependencies refuses the install without it
    Parser = EDISyntaxError = None
else:
    # pydifact logs the syntax identifier of every file it reads at INFO: one line per order is noise in a server log
    logging.getLogger("pydifact.parser").setLevel(logging.WARNING)

# UNB syntax identifier → the character set of the interchange
ENCODINGS = {
    "UNOA": "ascii",
    "UNOB": "ascii",
    "UNOC": "iso-8859-1",
    "UNOD": "iso-8859-2",
    "UNOE": "iso-8859-5",
    "UNOF": "iso-8859-7",
    "UNOW": "utf-8",
    "UNOY": "utf-8",
}
# DTM format qualifiers (2379) read
DATE_FORMATS = {"102": "%Y%m%d", "203": "%Y%m%d%H%M", "204": "%Y%m%d%H%M%S", "101": "%y%m%d"}
# UN/ECE Recommendation 20 unit codes → the way the intake engine's unit aliases write them
UNIT_CODES = {
    "PCE": "pce",
    "C62": "pce",
    "H87": "pce",
    "EA": "ea",
    "KGM": "kg",
    "GRM": "g",
    "MTR": "m",
    "LTR": "l",
    "DZN": "dz",
}
# document function codes (1225) that do not order anything
CANCEL_FUNCTIONS = {"1", "3"}


class EdiError(Exception):
    """A file that is not a complete, well-formed EDIFACT ORDERS interchange.

    ``args[0]`` is a lazy translation (``LazyGettext``) carrying its values; ``str()`` gives the English text
    (logs), ``env._(error.args[0])`` the reader's language.
    """

    def __str__(self):
        return self.args[0]._translate("en_US")


def _text(element, index=0):
    """Component ``index`` of a data element (a string or a list of components)."""
    if element is None:
        return ""
    if isinstance(element, list):
        return (element[index] if index < len(element) else "") or ""
    return element if index == 0 else ""


def _decode(data):
    if isinstance(data, str):
        return data
    head = data[:120].decode("latin-1")
    start = head.find("UNB")
    syntax = head[start + 4 : start + 8] if start >= 0 else ""
    encoding = ENCODINGS.get(syntax, "utf-8")
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise EdiError(
            _lt(
                "The EDIFACT file is not in the character set its UNB header declares (%(syntax)s): "
                "byte %(position)s cannot be read. Ask the sender to send it again.",
                syntax=syntax or "?",
                position=exc.start,
            )
        ) from exc


def _segments(text):
    """Tokenise with pydifact: a list of (tag, elements), UNA left out."""
    if Parser is None:
        raise EdiError(_lt("The Python library pydifact is not installed: EDIFACT files cannot be read."))
    text = text.lstrip("\ufeff \r\n\t")
    if not (text.startswith("UNA") or text.startswith("UNB")):
        raise EdiError(
            _lt(
                "This is not an EDIFACT interchange: it must begin with a UNA or UNB segment, "
                "it begins with “%(start)s”.",
                start=text[:20],
            )
        )
    segments = []
    try:
        with warnings.catch_warnings():
            # pydifact warns about segment directories it does not ship; we check the envelope ourselves
            warnings.simplefilter("ignore")
            for segment in Parser().parse(text):
                if segment.tag != "UNA":
                    segments.append((segment.tag, segment.elements))
    except (EDISyntaxError, ValueError, IndexError, AttributeError) as exc:
        last = segments[-1][0] if segments else "UNB"
        raise EdiError(
            _lt(
                "The EDIFACT interchange is truncated or malformed after segment %(count)s (%(tag)s): %(error)s. "
                "Nothing was imported; ask the sender to send the complete file again.",
                count=len(segments),
                tag=last,
                error=str(exc).removeprefix("EDIFACT Syntax Error: ").rstrip("."),
            )
        ) from exc
    return segments


def _element(elements, index, component=0):
    """Component ``component`` of data element ``index`` of a segment, "" when absent."""
    return _text(elements[index] if len(elements) > index else "", component).strip()


def _truncated_error(reference, tag):
    return EdiError(
        _lt(
            "The EDIFACT interchange %(reference)s is truncated: it ends with segment %(tag)s instead of "
            "the UNZ trailer. Nothing was imported; ask the sender to send the complete file again.",
            reference=reference,
            tag=tag,
        )
    )


def _close_message(current, elements, count):
    declared = _element(elements, 0)
    if not declared.isdigit() or int(declared) != count or _element(elements, 1) != current["reference"]:
        raise EdiError(
            _lt(
                "EDIFACT message %(message)s is incomplete: its UNT trailer counts %(declared)s segments "
                "for message %(trailer_ref)s, the file holds %(count)s. Nothing was imported; ask the "
                "sender to send the complete file again.",
                message=current["reference"],
                declared=declared or "?",
                trailer_ref=_element(elements, 1) or "?",
                count=count,
            )
        )


def _split_messages(segments):
    """The messages (UNH … UNT) between UNB and UNZ, each counted against its UNT trailer."""
    messages, current, count = [], None, 0
    for position, (tag, elements) in enumerate(segments, start=2):
        if tag == "UNH" and current is not None:
            raise EdiError(
                _lt(
                    "EDIFACT message %(message)s is not closed by a UNT segment before the next message "
                    "(segment %(position)s).",
                    message=current["reference"],
                    position=position,
                )
            )
        if tag == "UNH":
            current, count = {"reference": _element(elements, 0), "type": _element(elements, 1), "segments": []}, 1
        elif current is not None:
            count += 1
            if tag != "UNT":
                current["segments"].append((tag, elements))
                continue
            _close_message(current, elements, count)
            messages.append(current)
            current = None
        elif tag not in ("UNG", "UNE"):  # functional groups only wrap messages
            raise EdiError(
                _lt(
                    "Segment %(position)s (%(tag)s) stands outside any message (UNH … UNT).",
                    position=position,
                    tag=tag,
                )
            )
    if current is not None:
        raise EdiError(
            _lt(
                "EDIFACT message %(message)s is truncated: the interchange ends before its UNT trailer.",
                message=current["reference"],
            )
        )
    return messages


def _check_envelope(segments):
    """Split the interchange into its messages, refusing any break in the envelope."""
    if not segments or segments[0][0] != "UNB":
        raise EdiError(_lt("The EDIFACT interchange has no UNB header segment."))
    unb = segments[0][1]
    reference = _element(unb, 4)
    if segments[-1][0] != "UNZ":
        raise _truncated_error(reference, segments[-1][0])
    messages = _split_messages(segments[1:-1])
    unz = segments[-1][1]
    declared = _element(unz, 0)
    if (declared.isdigit() and int(declared) != len(messages)) or _element(unz, 1) != reference:
        raise EdiError(
            _lt(
                "The EDIFACT interchange %(reference)s is incomplete: its UNZ trailer announces %(declared)s "
                "messages (reference %(trailer_ref)s), the file holds %(count)s.",
                reference=reference,
                declared=declared or "?",
                trailer_ref=_element(unz, 1) or "?",
                count=len(messages),
            )
        )
    if not messages:
        raise EdiError(_lt("The EDIFACT interchange %(reference)s holds no message.", reference=reference))
    return unb, reference, messages


def _date(composite, message):
    """ISO date of a DTM composite (qualifier, value, format)."""
    value, fmt = _text(composite, 1), _text(composite, 2) or "102"
    try:
        if fmt == "616":  # CCYYWW: the Monday of that week
            return datetime.date.fromisocalendar(int(value[:4]), int(value[4:6]), 1).isoformat()
        if fmt in DATE_FORMATS:
            return datetime.datetime.strptime(value, DATE_FORMATS[fmt]).date().isoformat()
    except ValueError:
        value = value or ""  # unreadable: reported below with the value as received
    raise EdiError(
        _lt(
            "EDIFACT message %(message)s: the date “%(value)s” (format %(format)s) cannot be read; "
            "formats read: 102 (CCYYMMDD), 203, 204, 101 and 616 (week).",
            message=message,
            value=value,
            format=fmt,
        )
    )


def _number(value, decimal_mark):
    """The number as text with a point, as the intake engine parses it (a bad value stays visible as is)."""
    value = (value or "").strip()
    return value.replace(decimal_mark, ".") if decimal_mark != "." else value.replace(",", ".")


class _OrdersMessage:
    """Reads one ORDERS message: one ``_read_<tag>`` method per segment read."""

    def __init__(self, message, decimal_mark):
        self.reference = message["reference"]
        self.decimal_mark = decimal_mark
        self.header = dict.fromkeys(
            (
                "po_number",
                "order_date",
                "requested_date",
                "buyer_code",
                "buyer_name",
                "ship_to_code",
                "ship_to_name",
                "currency",
            ),
            "",
        )
        self.header.update(function="9", message_ref=self.reference)
        self.rows, self.line = [], None
        if message["type"] != "ORDERS":
            raise EdiError(
                _lt(
                    "EDIFACT message %(message)s is a %(type)s message; only ORDERS (purchase orders) are imported.",
                    message=self.reference,
                    type=message["type"] or "?",
                )
            )
        for tag, elements in message["segments"]:
            reader = getattr(self, f"_read_{tag.lower()}", None)
            if reader:
                reader(elements)

    # header ---------------------------------------------------------------
    def _read_bgm(self, elements):
        self.header["po_number"] = _element(elements, 1)
        self.header["function"] = _element(elements, 2) or "9"

    def _read_dtm(self, elements):
        composite = elements[0] if elements else []
        code = _text(composite, 0)
        if code == "137" and self.line is None:
            self.header["order_date"] = _date(composite, self.reference)
        elif code == "2" and self.line is not None:
            self.line["date"] = _date(composite, self.reference)
        elif code == "2":
            self.header["requested_date"] = _date(composite, self.reference)

    def _read_nad(self, elements):
        if self.line is not None:
            return
        name = " ".join(filter(None, (_element(elements, 3, i) for i in range(5)))) or _element(elements, 2)
        qualifier = _element(elements, 0)
        if qualifier == "BY":
            self.header.update(buyer_code=_element(elements, 1), buyer_name=name)
        elif qualifier in ("DP", "ST"):
            self.header.update(ship_to_code=_element(elements, 1), ship_to_name=name)

    def _read_cux(self, elements):
        if self.line is None:
            self.header["currency"] = _element(elements, 0, 1)

    # lines ----------------------------------------------------------------
    def _read_lin(self, elements):
        self.line = dict.fromkeys(("part", "description", "qty", "uom", "price", "date"), "")
        self.line.update(po_line=_element(elements, 0), product=_element(elements, 2))
        self.rows.append(self.line)

    def _read_pia(self, elements):
        for index in range(1, len(elements)):
            code, kind = _element(elements, index), _element(elements, index, 1)
            if kind == "IN" and self.line is not None and not self.line["part"]:
                self.line["part"] = code
            elif kind == "SA" and self.line is not None and not self.line["product"]:
                self.line["product"] = code

    def _read_imd(self, elements):
        if self.line is not None:
            self.line["description"] = " ".join(filter(None, (_element(elements, 2, 3), _element(elements, 2, 4))))

    def _read_qty(self, elements):
        if self.line is not None and _element(elements, 0) == "21":
            self.line.update(
                qty=_number(_element(elements, 0, 1), self.decimal_mark),
                uom=UNIT_CODES.get(_element(elements, 0, 2), _element(elements, 0, 2)),
            )

    def _read_pri(self, elements):
        kind = _element(elements, 0)
        # AAA is the net price; AAB (gross) only when no net price is given
        if self.line is not None and (kind == "AAA" or (kind == "AAB" and not self.line["price"])):
            self.line["price"] = _number(_element(elements, 0, 1), self.decimal_mark)

    def result(self):
        po = self.header["po_number"]
        if not po:
            raise EdiError(
                _lt("EDIFACT message %(message)s has no order number (BGM segment).", message=self.reference)
            )
        if self.header["function"] in CANCEL_FUNCTIONS:
            raise EdiError(
                _lt(
                    "EDIFACT order %(po)s is a cancellation (BGM function %(function)s): cancel the order by hand.",
                    po=po,
                    function=self.header["function"],
                )
            )
        if not self.rows:
            raise EdiError(_lt("EDIFACT order %(po)s has no order line (LIN segment).", po=po))
        for row in self.rows:
            row.update(po=po, ship_to=self.header["ship_to_code"], date=row["date"] or self.header["requested_date"])
        return self.header, self.rows


def parse_orders(data):
    """Read an EDIFACT ORDERS interchange.

    :param data: the file's bytes (or text)
    :return: ``{"interchange": {...}, "orders": [header, ...], "rows": [row, ...]}``; every row has the keys
        of the intake engine's columns (``INTAKE_COLUMNS``) as text: ``po``, ``po_line``, ``part`` (the
        buyer's item number), ``product`` (GTIN or supplier's number), ``description``, ``qty``, ``uom``,
        ``price``, ``date`` (ISO) and ``ship_to`` (the delivery party's code)
    :raise EdiError: the file is not a complete, well-formed ORDERS interchange (nothing is returned)
    """
    text = _decode(data)
    if text.startswith("\ufeffUNA") or text.lstrip().startswith("UNA"):
        una = text.lstrip("\ufeff \r\n\t")[3:9]
        decimal_mark = una[2] if len(una) == 6 else "."
    else:
        decimal_mark = "."
    unb, reference, messages = _check_envelope(_segments(text))
    interchange = {
        "reference": reference,
        "syntax": _text(unb[0] if unb else ""),
        "sender": _text(unb[1] if len(unb) > 1 else ""),
        "recipient": _text(unb[2] if len(unb) > 2 else ""),
    }
    orders, rows = [], []
    for message in messages:
        header, message_rows = _OrdersMessage(message, decimal_mark).result()
        orders.append(header)
        rows.extend(message_rows)
    return {"interchange": interchange, "orders": orders, "rows": rows}


def looks_like_edifact(data):
    """Whether the file starts like an EDIFACT interchange (UNA or UNB), whatever its name."""
    head = data[:16].lstrip(b"\xef\xbb\xbf \r\n\t") if isinstance(data, bytes) else data[:16].lstrip()
    return head[:3] in (b"UNA", b"UNB", "UNA", "UNB")


class CsIntakeEdi(models.AbstractModel):
    _name = "cs.intake.edi"
    _description = "EDIFACT order reader"

    @api.model
    def _cs_parse_edifact(self, data):
        """:func:`parse_orders`, with a translated ``UserError`` for a file that cannot be imported."""
        try:
            return parse_orders(data)
        except EdiError as exc:
            raise UserError(self.env._(exc.args[0])) from exc
