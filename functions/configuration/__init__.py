"""Compact and jurisdiction configuration: public jurisdiction lists and the deploy-time uploader."""
