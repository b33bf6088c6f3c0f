"""Tools for developers and operators: the CLI, sample payloads, the FAQ evaluation."""
