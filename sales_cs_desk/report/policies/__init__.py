from . import cs_policy_grant_report
