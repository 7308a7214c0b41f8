"""Use cases. Services apply the domain's rules over the ports; they never commit."""
