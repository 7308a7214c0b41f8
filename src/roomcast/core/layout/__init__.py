"""Layouts: regions on a canvas, each a grid of cells that shows matching video sources.

The rules follow Twilio's composition layouts, as written down in
shared/reference/twilio/LAYOUT-SEMANTICS.md (checked against a compatible compositor)."""
