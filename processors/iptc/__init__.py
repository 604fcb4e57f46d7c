"""IPTC Media Topics classification (top level + watched subtopics) from weighted keyword rules in YAML."""

from processors.iptc.classify import TopicClassifier, TopicResult, build_classifier, classify_topics

__all__ = ["TopicClassifier", "TopicResult", "build_classifier", "classify_topics"]
