"""The HTTP surface: one router package per dialect, plus roomcast's own native API."""
