"""Running the bot in production: JSON logs, recent failures, metrics and the health endpoint."""
