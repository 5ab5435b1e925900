"""Fractional credit: splitting conversions and won amounts among the partners (channels) of a journey."""
