"""Attribution: load the policy, compute every partner's tier on every opportunity, store and explain it."""
