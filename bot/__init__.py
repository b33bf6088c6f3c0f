"""The bridge's core: settings, the conversation pipeline, the thread store, jobs and the CLI."""
