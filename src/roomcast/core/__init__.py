"""The pure domain: dataclasses and rules. No I/O and no framework imports live here."""
