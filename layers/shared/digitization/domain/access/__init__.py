"""Access rights for digital objects (SPEC §6): rule parameters and policies."""
