"""Wording: Pejling's numbers, periods, dates and the assessment engine's reasons in the reader's
language. Below tracking, above assessment: it knows Django's translation, nothing of the models."""
