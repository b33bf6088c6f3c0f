"""Where state lives: the Redis store, the Redis connection, the outage spool."""
