"""`python -m roomcast`: the same as the `roomcast` command."""

from roomcast.delivery.cli.main import app

app()
