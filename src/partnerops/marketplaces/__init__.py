"""Cloud marketplace transactions after they land: the reseller's marketplace_transaction touches."""
