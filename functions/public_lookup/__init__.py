"""Public provider lookup (spec §2.2): providers holding privileges, in the public schema, no authorizer."""
