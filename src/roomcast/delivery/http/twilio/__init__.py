"""Twilio Programmable Video dialect, under /v1."""
