"""Transit days (L1): one rule for the ship plan of a delivery and the feasible date of an order.

Customer item (the slowest of the goods shipped) › customer › carrier › company default. The
company default counts where the company plans its deliveries (delivery performance on): it is a
setting of that feature. Both callers read their inputs for a whole batch first
(``cs_item_transit_days``: one query), then apply ``cs_transit_days`` per record without a query.
"""


def cs_item_transit_days(env, customers, products):
    """{(customer id, product id): the customer items' transit days} for items that set them; one query."""
    if not customers or not products:
        return {}
    groups = (
        env["cs.customer.item"]
        .sudo()
        ._read_group(
            [("cs_customer_id", "in", customers.ids), ("product_id", "in", products.ids), ("transit_days", ">", 0)],
            ["cs_customer_id", "product_id"],
            ["transit_days:max"],
        )
    )
    return {(customer.id, product.id): days for customer, product, days in groups}


def cs_transit_days(item_transit, customer, product_ids, carrier, company, customer_days=None):
    """The transit days of goods ``product_ids`` shipped to ``customer`` (a commercial partner).

    ``item_transit`` comes from ``cs_item_transit_days``; ``customer_days`` may give the customer's
    own transit days when the caller read them already (else read from ``customer``).
    """
    items = [item_transit.get((customer.id, product_id), 0) for product_id in product_ids]
    if customer_days is None:
        customer_days = customer.sudo().cs_transit_days if customer else 0
    return (
        max(items, default=0)
        or customer_days
        or carrier.cs_transit_days
        or (company.cs_delivery_transit_days if company.cs_delivery_enabled else 0)
    )
