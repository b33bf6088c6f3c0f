"""The web side: the Flask app, the webhook view, the staff inbox and /metrics."""
