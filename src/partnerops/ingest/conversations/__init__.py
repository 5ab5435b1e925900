"""Conversation sources (call transcripts and email) parsed into one shape: utterances with speaker and side."""
