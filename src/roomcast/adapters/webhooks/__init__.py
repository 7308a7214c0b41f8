"""Webhook delivery over HTTP."""
