"""The `partnerops` command line: thin commands over the service functions."""
