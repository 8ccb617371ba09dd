"""The digitization service's shared layer: domain, data access, storage and HTTP plumbing."""
