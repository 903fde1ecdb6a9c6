"""Staff sign-in: the pre-token trigger that turns permission records into scopes, and the
custom-message trigger that words the invitation emails."""
