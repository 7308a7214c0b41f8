"""The roomcast command line."""
