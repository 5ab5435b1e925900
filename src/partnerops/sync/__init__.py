"""Incremental two-way sync with CRMs (Salesforce, HubSpot): records pulled through the import's one landing path,
partner attribution written back onto the CRM's deals."""
