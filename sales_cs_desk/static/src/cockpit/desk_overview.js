/** @odoo-module **/
// The desk overview (K1): the first screen of CS Desk. One RPC (cs.desk.overview.get_tiles) computes every
// tile under the user's own rights; a tile's number opens the window action the server returned with it.

import { Component, onWillStart, useState } from "@odoo/owl";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { Layout } from "@web/search/layout";
import { standardActionServiceProps } from "@web/webclient/actions/action_service";

export class CsDeskOverview extends Component {
    static template = "sales_cs_desk.CsDeskOverview";
    static components = { Layout };
    static props = { ...standardActionServiceProps };

    setup() {
        this.orm = useService("orm");
        this.actionService = useService("action");
        this.state = useState({ sections: [], company: "", loading: true });
        onWillStart(() => this.load());
    }

    async load() {
        const result = await this.orm.call("cs.desk.overview", "get_tiles", []);
        this.state.sections = result.sections;
        this.state.company = result.company;
        this.state.loading = false;
    }

    open(action) {
        if (action) {
            this.actionService.doAction(action);
        }
    }
}

registry.category("actions").add("sales_cs_desk.cs_desk_overview", CsDeskOverview);
