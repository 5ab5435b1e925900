"""Writing partners, accounts, opportunities and touches from the API, under the rules of imports."""
