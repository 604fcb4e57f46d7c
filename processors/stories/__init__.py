"""Stories: who an article credits (cited sources) and which articles tell the same story."""

from processors.stories.citations import default_extractor, extract_citations

__all__ = ["default_extractor", "extract_citations"]
