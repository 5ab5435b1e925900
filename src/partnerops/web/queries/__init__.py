"""The read queries behind the pages; every one that a partner user can reach takes the partner scope in SQL."""
