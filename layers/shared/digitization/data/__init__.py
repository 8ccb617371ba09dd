"""Data access: PynamoDB models and repositories. Nothing above this package touches DynamoDB."""
