"""The HTTP API's own models: request bodies, and the views staff and patrons get (never domain objects)."""
