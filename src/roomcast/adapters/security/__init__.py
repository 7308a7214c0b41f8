"""JWT signing and the system clock."""
