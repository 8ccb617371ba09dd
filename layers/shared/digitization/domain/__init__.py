"""Pure domain: no HTTP, no boto3."""
