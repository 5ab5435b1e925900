"""Referral links: a partner's link records each click and sends the visitor on; leads and deals that carry a
click's code show in the partner's pipeline."""
