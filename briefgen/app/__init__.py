"""The runs a user asks for (build, batch, summarize, doctor, schedule), composed from the
stages below."""
