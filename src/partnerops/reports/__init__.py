"""Rendering reports: terminal tables, JSON, CSV and self-contained HTML with charts."""
