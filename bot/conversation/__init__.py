"""The conversation rules: the pipeline and what it consults (triage, routing, hours, the LLM, the staff desk)."""
