"""The Faust stream processors: enrich (language, topics, mentions), index, alerts."""
