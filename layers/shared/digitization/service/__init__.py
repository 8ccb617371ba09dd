"""Use cases: authorize, load, apply the domain, save. Handlers call only these."""
