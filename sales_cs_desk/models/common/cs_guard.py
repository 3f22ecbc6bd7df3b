# Copyright 2026 sales_cs_desk contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Fields that change only through the module's methods (docs/SECURITY.md).

Every public method and every field is reachable over JSON-RPC with any values
and any context, so a view's ``readonly=`` protects nothing. State, audit and
ownership fields are therefore guarded in ``create``/``write`` on the server:

* the module's own methods check the caller's right to the operation first, and
  then write such fields in superuser mode (``records.sudo().write(...)``) —
  ``env.su`` cannot be obtained over RPC, unlike a context key;
* a plain ``create``/``write`` that sets them — in its values or, on create,
  through a ``default_<field>`` context key — is refused with a translated
  ``AccessError`` naming the fields, unless the user belongs to one of the
  groups the security model names for them (e.g. CS Supervisor for ownership).

Protected fields must be ``copy=False``, or a user's ``copy()`` would be refused.
"""

from odoo.exceptions import AccessError


def cs_guard_fields(records, vals_list, field_names, groups=(), operation="write"):
    """Refuse setting ``field_names`` outside the module's methods.

    :param records: the recordset (or empty model) being created or written
    :param vals_list: the values dict, or a list of them (``create``)
    :param field_names: iterable of guarded field names
    :param groups: xml ids of groups allowed to set them directly
    :param operation: ``"create"`` or ``"write"``, for the message
    """
    env = records.env
    if env.su:
        return
    if isinstance(vals_list, dict):
        vals_list = [vals_list]
    if operation == "create":
        # a context default (``default_state`` …) sets the field just the same: Odoo fills it in after this check
        defaults = {name: env.context[f"default_{name}"] for name in field_names if env.context.get(f"default_{name}")}
        if defaults:
            vals_list = [{**defaults, **vals} for vals in vals_list]
    touched = set()
    for vals in vals_list:
        # on create, an empty value sets nothing (forms send every field of the view, empty or not)
        touched.update(name for name in field_names if name in vals and (vals[name] or operation != "create"))
    if not touched:
        return
    if any(env.user.has_group(group) for group in groups):
        return
    labels = ", ".join(sorted(records._fields[name]._description_string(env) for name in touched))
    raise AccessError(
        env._(
            "%(fields)s on %(model)s change only through the desk's own actions "
            "(buttons and wizards), which check who may do it. "
            "Use those actions instead of editing the value directly.",
            fields=labels,
            model=records._description,
        )
        if not groups
        else env._(
            "Only %(groups)s may set %(fields)s on %(model)s directly; "
            "other users change them through the desk's own actions.",
            groups=", ".join(env.ref(g).sudo().full_name for g in groups),
            fields=labels,
            model=records._description,
        )
    )
